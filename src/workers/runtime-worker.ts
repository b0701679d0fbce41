/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import { evaluateModel } from '../methods/evaluation';
import { greedyAnswerer } from '../runtime/greedy-answerer';
import { detectCapabilities, type DeviceCapabilities } from '../runtime/device-choice';
import { loadVlm, type LoadedVlm } from '../runtime/load-model';
import { sampleAnswers } from '../runtime/sample-answers';
import { scoreAnswer } from '../runtime/score-answer';
import { configureRuntimePaths } from '../runtime/transformers-env';
import type { RuntimeWorkerApi } from './runtime-api';

// Embedded models and onnxruntime's wasm files are served by the app itself: nothing leaves the machine.
configureRuntimePaths({ localModelPath: '/models/', wasmPaths: '/ort/' });

let capabilities: Promise<DeviceCapabilities> | undefined;
let loaded: LoadedVlm | undefined;
let cancelRequested = false;
let evaluationCancelled = false;

function requireModel(): LoadedVlm {
  if (!loaded) throw new Error('No model is loaded; load one in the Model panel first.');
  return loaded;
}

const api: RuntimeWorkerApi = {
  capabilities() {
    capabilities ??= detectCapabilities();
    return capabilities;
  },
  async load(request, onProgress) {
    loaded = undefined;
    loaded = await loadVlm(request, await api.capabilities(), onProgress);
    return loaded.info;
  },
  async sample(request, options, onToken) {
    cancelRequested = false;
    return sampleAnswers(requireModel(), request, options, { onToken, isCancelled: () => cancelRequested });
  },
  cancelSampling() {
    cancelRequested = true;
  },
  score(request, answerIds) {
    return scoreAnswer(requireModel(), request, answerIds);
  },
  evaluate(options, onProgress) {
    const vlm = requireModel();
    evaluationCancelled = false;
    return evaluateModel(greedyAnswerer(vlm), {
      ...options,
      model: vlm.info.modelId,
      onProgress,
      isCancelled: () => evaluationCancelled,
    });
  },
  cancelEvaluation() {
    evaluationCancelled = true;
  },
};

Comlink.expose(api);
