/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import { adapterContentHash, dtypeName } from '../data/evals';
import { compareAnswers, compareResults, evaluateCoco, evaluateModel } from '../evaluation';
import { clipFor, loadClip, type LoadedClip } from '../runtime/clip-scorer';
import { embeddedWeightsHash } from '../runtime/model-files';
import { greedyAnswerer } from '../runtime/greedy-answerer';
import { detectCapabilities, type DeviceCapabilities } from '../runtime/device-choice';
import type { LoadedVlm } from '../runtime/load-model';
import { sampleAnswers } from '../runtime/sample-answers';
import { scoreAnswer } from '../runtime/score-answer';
import { configureRuntimePaths } from '../runtime/transformers-env';
import type { FileProgress, LoadRequest } from '../runtime/types';
import type { AdapterChoice, RuntimeWorkerApi } from './runtime-api';
import { needsClip, runMethodRequest, sevaAugmentedSide } from '../pipeline/method-run';
import type { FisaoCalibration } from '../methods/fisao/calibration';
import type { MethodRunRequest } from '../data/runs';
import { loadVlmWithAdapter } from '../pipeline/training/load-with-adapter';

// Embedded models and onnxruntime's wasm files are served by the app itself: nothing leaves the machine.
configureRuntimePaths({ localModelPath: '/models/', wasmPaths: '/ort/' });

let capabilities: Promise<DeviceCapabilities> | undefined;
let loaded: LoadedVlm | undefined;
let loadedRequest: LoadRequest | undefined;
/** The loaded model's other variants for comparisons, by adapter id ('' = base); kept until the next load. */
const variants = new Map<string, LoadedVlm>();
let cancelRequested = false;
let evaluationCancelled = false;
/** A cancel the page wrote into shared memory (seen mid-run, unlike a message). */
const flagged = (cancelFlag?: Int32Array) => !!cancelFlag && Atomics.load(cancelFlag, 0) === 1;
/** The content hash of each adapter loaded, by id, for the eval results that name it. */
const adapterHashes = new Map<string, string>();
let methodCancelled = false;
/** CLIP models for the methods that score text against images, loaded on first use and kept. */
const clips = new Map<string, Promise<LoadedClip>>();

function clipOf(modelId: string): Promise<LoadedClip> {
  const id = clipFor(modelId);
  if (!clips.has(id))
    clips.set(
      id,
      loadClip(id, 'wasm').catch((error: unknown) => (clips.delete(id), Promise.reject(error))),
    );
  return clips.get(id)!;
}

/** FiSAO's calibrations, by model, adapter and the settings it depends on: a second run reuses its model's. */
const fisaoCalibrations = new Map<string, FisaoCalibration>();

function fisaoCalibrationKey(vlm: LoadedVlm, request: MethodRunRequest): string | undefined {
  const { method, seed, calibrationItems } = request.settings;
  if (method !== 'fisao') return undefined;
  const adapter = vlm.info.adapter ? (adapterHashes.get(vlm.info.adapter.id) ?? vlm.info.adapter.id) : 'base';
  return JSON.stringify([vlm.info.modelId, dtypeName(vlm.info.dtype), adapter, seed, calibrationItems ?? null]);
}

function requireModel(): LoadedVlm {
  if (!loaded) throw new Error('No model is loaded; load one in the Model panel first.');
  return loaded;
}

async function loadAdapted(
  request: LoadRequest,
  adapter: AdapterChoice | undefined,
  onProgress?: (progress: FileProgress) => void,
): Promise<LoadedVlm> {
  const vlm = await loadVlmWithAdapter(request, await api.capabilities(), adapter?.files, onProgress);
  if (adapter) adapterHashes.set(adapter.id, await adapterContentHash(adapter.files));
  return adapter ? { ...vlm, info: { ...vlm.info, adapter: { id: adapter.id, name: adapter.name } } } : vlm;
}

async function unload(vlm: LoadedVlm): Promise<void> {
  await vlm.model.dispose();
  vlm.decoder?.dispose();
}

/** The loaded model with adapter `id` ('' = none) instead of its own. */
async function variant(id: string, adapter?: AdapterChoice): Promise<LoadedVlm> {
  const vlm = requireModel();
  if ((vlm.info.adapter?.id ?? '') === id) return vlm;
  if (!variants.has(id)) variants.set(id, await loadAdapted(loadedRequest!, adapter));
  return variants.get(id)!;
}

const api: RuntimeWorkerApi = {
  capabilities() {
    capabilities ??= detectCapabilities();
    return capabilities;
  },
  async load(request, onProgress, adapter) {
    // The model in use stays loaded until the new one is: a failed load (an unreachable Hub, a
    // missing file) leaves the working model in place.
    const next = await loadAdapted(request, adapter, onProgress);
    const previous = loaded;
    loaded = next;
    loadedRequest = request;
    if (previous) await unload(previous);
    for (const variant of variants.values()) await unload(variant);
    variants.clear();
    return loaded.info;
  },
  async compare(request, adapter, scene) {
    const base = await variant('');
    const adapted = await variant(adapter.id, adapter);
    return compareAnswers(
      { base: greedyAnswerer(base), adapted: greedyAnswerer(adapted) },
      request.image,
      request.prompt,
      scene,
    );
  },
  async sample(request, options, onToken, cancelFlag) {
    cancelRequested = false;
    // The shared flag is seen mid-answer; the message only once the worker is free again.
    const isCancelled = () => cancelRequested || flagged(cancelFlag);
    return sampleAnswers(requireModel(), request, options, { onToken, isCancelled });
  },
  cancelSampling() {
    cancelRequested = true;
  },
  score(request, answerIds) {
    return scoreAnswer(requireModel(), request, answerIds);
  },
  async evaluate(options, onProgress, choice, cancelFlag) {
    const vlm = choice === undefined ? requireModel() : await variant(choice?.id ?? '', choice ?? undefined);
    evaluationCancelled = false;
    const isCancelled = () => evaluationCancelled || flagged(cancelFlag);
    const adapter = vlm.info.adapter && adapterHashes.get(vlm.info.adapter.id);
    return evaluateModel(greedyAnswerer(vlm), {
      ...options,
      model: vlm.info.modelId,
      adapter: vlm.info.adapter && adapter ? { name: vlm.info.adapter.name, sha256: adapter } : null,
      dtype: dtypeName(vlm.info.dtype),
      device: vlm.info.device,
      modelSha256: await embeddedWeightsHash(vlm.info.modelId),
      onProgress,
      isCancelled,
    });
  },
  cancelEvaluation() {
    evaluationCancelled = true;
  },
  async compareResults(first, second) {
    return compareResults(first, second);
  },
  evaluateCoco(images, seed, onProgress, cancelFlag) {
    const vlm = requireModel();
    evaluationCancelled = false;
    return evaluateCoco(greedyAnswerer(vlm), images, {
      model: vlm.info.modelId,
      seed,
      onProgress,
      isCancelled: () => evaluationCancelled || flagged(cancelFlag),
    });
  },
  async runMethod(request, onUpdate, onCalibration, cancelFlag) {
    const vlm = requireModel();
    methodCancelled = false;
    const isCancelled = () => methodCancelled || flagged(cancelFlag);
    const clip = needsClip(request) ? await clipOf(vlm.info.modelId) : undefined;
    const key = fisaoCalibrationKey(vlm, request);
    const { pairs: _pairs, ...summary } = await runMethodRequest(
      vlm,
      clip,
      request,
      {
        onProgress: (done, total) => onUpdate({ done, total }),
        onPair: (pair) => onUpdate({ pair }),
        onCalibration,
        isCancelled,
      },
      key ? fisaoCalibrations.get(key) : undefined,
    );
    const calibration = 'calibration' in summary ? summary.calibration : undefined;
    if (key && calibration && !isCancelled()) fisaoCalibrations.set(key, calibration);
    return summary;
  },
  cancelMethod() {
    methodCancelled = true;
  },
  sevaAugmentedSide(request) {
    return sevaAugmentedSide(requireModel(), request);
  },
};

Comlink.expose(api);
