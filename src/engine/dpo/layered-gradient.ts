/**
 * A DPO micro-batch's loss and adapter gradient computed one decoder layer at a time, with
 * rematerialisation (gradient checkpointing): the forward keeps only each layer's input, and the
 * backward runs each layer again under `vjp`, from the top. Memory is then the frozen weights plus
 * one layer's activations at any depth, for a second forward pass: jax-js's whole-graph step held
 * more than its 4 GiB wasm memory for SmolLM2-135M's 30 layers at 128-token answers.
 *
 * Each layer is one jitted function, compiled once for all layers: a layer's weights and factors
 * are handed to it under layer 0's names. The loop awaits each layer's output, so on a wasm build
 * with threads (a cross-origin-isolated page) jax-js spreads the kernels over its worker pool; a
 * synchronous read would run them all on the calling thread.
 */
import { jit, tree, valueAndGrad, vjp, type Array as JaxArray, type JsTree } from '@jax-js/jax';
import type { Params } from '../init-weights';
import { headDimOf, outputWeightName } from '../llama/config';
import { rmsNorm, rotaryTables } from '../llama/layers';
import { decoderLayer, type LoraRun } from '../llama/llama-forward';
import type { DpoModel } from './dpo-batch';
import { layerRenaming, type LayerDropout } from './layer-renaming';

/**
 * The top of the network: from the final hidden states (after the last norm) and the output
 * projection, a scalar loss and auxiliary outputs. It consumes its arguments.
 */
export type HeadObjective = (
  hidden: JaxArray,
  output: JaxArray,
  data: JsTree<JaxArray>,
) => [JaxArray, JsTree<JaxArray>];

interface LayerInputs {
  cos: JaxArray;
  sin: JaxArray;
  bias: JaxArray;
}

export function layeredModel(model: DpoModel, lora: { scale: number; dropoutRate: number }, objective: HeadObjective) {
  const { config, names } = model;
  const renaming = layerRenaming(names, config.num_hidden_layers);
  const { generic } = renaming;
  const layerWeights = (index: number) => renaming.weights(model.params, index);
  const { factors: layerFactors, gradsToReal: toRealNames, dropoutKeys: layerKeys } = renaming;

  const run = (keys: LayerDropout | undefined): LoraRun => ({
    scale: lora.scale,
    dropout: keys && lora.dropoutRate > 0 ? { rate: lora.dropoutRate, keys } : undefined,
  });
  const apply = (weights: Params, factors: Params, x: JaxArray, inputs: LayerInputs, keys?: LayerDropout) =>
    decoderLayer(
      { ...weights, ...factors },
      generic,
      config,
      x,
      { cos: inputs.cos.ref, sin: inputs.sin.ref },
      inputs.bias.ref,
      run(keys),
    );

  const forward = jit(
    (weights: Params, factors: Params, x: JaxArray, inputs: JsTree<JaxArray>, keys: JsTree<JaxArray>) => {
      const y = apply(weights, factors, x, inputs as unknown as LayerInputs, keys as LayerDropout); // dropout consumes the keys
      tree.dispose([weights, factors, inputs]);
      return y;
    },
  ) as unknown as (weights: Params, factors: Params, x: JaxArray, inputs: LayerInputs, keys: LayerDropout) => JaxArray;

  const backward = jit(
    (
      weights: Params,
      factors: Params,
      x: JaxArray,
      inputs: JsTree<JaxArray>,
      keys: JsTree<JaxArray>,
      cotangent: JaxArray,
    ) => {
      const [y, pullback] = vjp(
        (f: Params, input: JaxArray) =>
          apply(weights, f, input, inputs as unknown as LayerInputs, tree.ref(keys) as LayerDropout),
        [factors, x],
      );
      y.dispose();
      const [factorGrads, inputGrad] = pullback(cotangent);
      pullback.dispose();
      tree.dispose([weights, inputs, keys]);
      return [inputGrad, factorGrads];
    },
  ) as unknown as (
    weights: Params,
    factors: Params,
    x: JaxArray,
    inputs: LayerInputs,
    keys: LayerDropout,
    cotangent: JaxArray,
  ) => [JaxArray, Params];

  const norm = () => model.params[names.norm]!.ref;
  const output = () => model.params[outputWeightName(config, names)]!.ref;
  const headGrad = jit(
    valueAndGrad(
      (hidden: JaxArray, normWeight: JaxArray, outputWeight: JaxArray, data: JsTree<JaxArray>) =>
        objective(rmsNorm(hidden, normWeight, config.rms_norm_eps), outputWeight, data),
      { hasAux: true },
    ),
  ) as unknown as (
    hidden: JaxArray,
    normWeight: JaxArray,
    outputWeight: JaxArray,
    data: JsTree<JaxArray>,
  ) => [[JaxArray, JsTree<JaxArray>], JaxArray];

  /** Rotary tables for positions [N, T] and the additive attention bias [N, 1, 1, T, T] (both consumed). */
  const layerInputs = (positions: JaxArray, bias: JaxArray): LayerInputs => {
    const rotary = rotaryTables(positions, headDimOf(config), config.rope_theta);
    return { cos: rotary.cos, sin: rotary.sin, bias };
  };

  /** Each layer's input, and the last layer's output last; every one awaited. Consumes `embeds`. */
  async function forwardAll(
    embeds: JaxArray,
    inputs: LayerInputs,
    factors: Params | undefined,
    keys: LayerDropout,
  ): Promise<JaxArray[]> {
    const xs = [embeds];
    for (let i = 0; i < config.num_hidden_layers; i++) {
      const y = forward(
        layerWeights(i),
        factors ? layerFactors(factors, i) : {},
        xs[i]!.ref,
        tree.ref(inputs),
        layerKeys(keys, i),
      );
      await y.blockUntilReady();
      xs.push(y);
    }
    return xs;
  }

  return {
    /**
     * The final hidden states [N, T, D] after the last norm: adapter off, or with `factors` applied
     * (borrowed; no dropout). Consumes the inputs.
     */
    async hidden(embeds: JaxArray, positions: JaxArray, bias: JaxArray, factors?: Params): Promise<JaxArray> {
      const inputs = layerInputs(positions, bias);
      const xs = await forwardAll(embeds, inputs, factors, {});
      const last = xs.pop()!;
      tree.dispose([xs, inputs]);
      return rmsNorm(last, norm(), config.rms_norm_eps);
    },

    /**
     * The objective's value and auxiliary outputs, and its gradient w.r.t. every factor in
     * `factors` (borrowed). `dropoutKeys` holds a key per adapted module path (borrowed; each is
     * read twice, forward and again in the backward).
     */
    async lossAndGrad(
      factors: Params,
      batch: { inputsEmbeds: JaxArray; positions: JaxArray; attentionBias: JaxArray },
      data: JsTree<JaxArray>,
      dropoutKeys: LayerDropout,
    ): Promise<{ loss: JaxArray; aux: JsTree<JaxArray>; grads: Params }> {
      const inputs = layerInputs(batch.positions, batch.attentionBias);
      const xs = await forwardAll(batch.inputsEmbeds, inputs, factors, dropoutKeys);
      const [[loss, aux], topGrad] = headGrad(xs.pop()!, norm(), output(), data);
      let cotangent = topGrad;
      const grads: Params = {};
      const lowest = Math.min(...Object.keys(factors).map(renaming.layerOf));
      for (let i = config.num_hidden_layers - 1; i >= 0; i--) {
        const x = xs.pop()!;
        if (i < lowest) {
          x.dispose();
          continue;
        }
        const [inputGrad, factorGrads] = backward(
          layerWeights(i),
          layerFactors(factors, i),
          x,
          tree.ref(inputs),
          layerKeys(dropoutKeys, i),
          cotangent,
        );
        Object.assign(grads, toRealNames(factorGrads, i));
        cotangent = inputGrad;
        await cotangent.blockUntilReady();
      }
      tree.dispose([cotangent, inputs]);
      return { loss, aux, grads };
    },
  };
}
