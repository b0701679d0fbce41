/**
 * One jitted layer function serves every decoder layer when each layer's tensors are handed to it
 * under layer 0's names: these maps rename a layer's weights, adapter factors and dropout keys to
 * layer 0's, and its factor gradients back to their own names.
 */
import type { Array as JaxArray } from '@jax-js/jax';
import type { Params } from '../init-weights';
import type { LlamaLayerNames, LlamaNames } from '../llama/config';
import { loraFactorKeys, modulePathOf } from '../lora/lora-config';

/** Dropout on each adapter's input while training: one key per module path. */
export type LayerDropout = Record<string, JaxArray>;

interface NamePair {
  generic: string;
  real: string;
}

export function layerRenaming(names: LlamaNames, numLayers: number) {
  const generic: LlamaLayerNames = names.layer(0);
  const weightPairs = (index: number): NamePair[] => {
    const real = names.layer(index);
    return (Object.keys(generic) as (keyof LlamaLayerNames)[]).map((key) => ({
      generic: generic[key],
      real: real[key],
    }));
  };
  const factorPairs = (index: number): NamePair[] =>
    weightPairs(index).flatMap(({ generic: g, real: r }) => {
      const [gk, rk] = [loraFactorKeys(modulePathOf(g)), loraFactorKeys(modulePathOf(r))];
      return [
        { generic: gk.a, real: rk.a },
        { generic: gk.b, real: rk.b },
      ];
    });
  /** `from`'s entries named by one side of `pairs`, renamed to the other side's names (references if `ref`). */
  const rename = (from: Params, pairs: NamePair[], to: 'generic' | 'real', ref: boolean): Params => {
    const source = to === 'generic' ? 'real' : 'generic';
    return Object.fromEntries(
      pairs.filter((p) => from[p[source]]).map((p) => [p[to], ref ? from[p[source]]!.ref : from[p[source]]!]),
    );
  };
  return {
    /** Layer 0's names, which the jitted layer reads. */
    generic,
    /** Layer `index`'s frozen weights under layer 0's names (references). */
    weights: (params: Params, index: number) => rename(params, weightPairs(index), 'generic', true),
    /** Layer `index`'s adapter factors under layer 0's names (references). */
    factors: (factors: Params, index: number) => rename(factors, factorPairs(index), 'generic', true),
    /** Gradients computed under layer 0's names, back under layer `index`'s (moved, not copied). */
    gradsToReal: (grads: Params, index: number) => rename(grads, factorPairs(index), 'real', false),
    /** Layer `index`'s dropout keys (references) under layer 0's module paths. */
    dropoutKeys: (keys: LayerDropout, index: number): LayerDropout =>
      Object.fromEntries(
        weightPairs(index).flatMap((p) => {
          const key = keys[modulePathOf(p.real)];
          return key ? [[modulePathOf(p.generic), key.ref]] : [];
        }),
      ),
    /** The layer an adapter factor belongs to. */
    layerOf(name: string): number {
      for (let i = 0; i < numLayers; i++) if (factorPairs(i).some((p) => p.real === name)) return i;
      throw new Error(`${name} is not an adapter factor of this decoder.`);
    },
  };
}
