import { numpy as np, type Array as JaxArray } from '@jax-js/jax';
import { mulberry32 } from '../common/random';

/** A seeded source of initial weights. Each call to `normal` continues the same stream. */
export function weightInitializer(seed: number) {
  const uniform = mulberry32(seed);
  const gaussian = () => {
    // Box–Muller; 1 - u keeps the logarithm finite.
    const u = 1 - uniform();
    const v = uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  return {
    normal(shape: number[], std: number): JaxArray {
      const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
      for (let i = 0; i < data.length; i++) data[i] = gaussian() * std;
      return np.array(data, { shape });
    },
    /** U(−bound, bound). */
    uniform(shape: number[], bound: number): JaxArray {
      const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
      for (let i = 0; i < data.length; i++) data[i] = (uniform() * 2 - 1) * bound;
      return np.array(data, { shape });
    },
    constant(shape: number[], value: number): JaxArray {
      return np.array(new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(value), { shape });
    },
  };
}

/** Parameters of a model, keyed by their Hugging Face tensor names. */
export type Params = Record<string, JaxArray>;
