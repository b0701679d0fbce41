/**
 * A method run, the same in the runtime worker and `selfalign pairs` / `round`: the items a request
 * names (shapes-world scenes or gallery images), the method over them with the loaded model, and
 * the quality of its pairs by the scenes' ground truth.
 */
import { pairQuality, type PairQuality } from '../data/pairs/pair-quality';
import type { MethodRunRequest, SceneRef, SevaAugmentation } from '../data/runs';
import type { FisaoResult } from '../methods/fisao/fisao';
import type { FisaoCalibration } from '../methods/fisao/calibration';
import { shapesItems } from '../methods/items';
import { GREEDY, type MethodControl, type MethodItem, type MethodResult } from '../methods/method-runtime';
import { CLIP_METHODS, runMethod } from '../methods/run-method';
import { augmentedRequest, DEFAULT_SEVA_OPTIONS } from '../methods/seva/seva';
import type { PeftAdapterFiles } from '../engine/lora/peft-files';
import { detectCapabilities, loadClip, sampleAnswers, type LoadedClip, type LoadedVlm } from '../runtime';
import type { LoadRequest } from '../runtime/types';
import { diffusionPreview, type RgbaImage } from '../world';
import { methodRuntimeOf } from './method-runtime';
import { loadVlmWithAdapter } from './training/load-with-adapter';

export type MethodRunResult = (MethodResult | FisaoResult) & { agreement?: number; quality: PairQuality };

/** The run's items: n scenes of a split from `start`, or gallery images with their prompts. */
export function itemsOf(request: MethodRunRequest): MethodItem[] {
  if (request.scenes) {
    const { split, seed, n, start } = request.scenes;
    return shapesItems(split, seed, n, start, request.settings.existenceShare);
  }
  return (request.images ?? []).map(({ id, image, path, prompt, reference }) => ({
    id,
    image,
    imageRef: { path },
    prompt,
    ...(reference ? { reference } : {}),
  }));
}

/** Whether the request's method scores text against images, so the run needs a CLIP model. */
export const needsClip = (request: MethodRunRequest): boolean => CLIP_METHODS.includes(request.settings.method);

/** Runs the request's method with a loaded model (and CLIP, when the method needs one). */
export async function runMethodRequest(
  vlm: LoadedVlm,
  clip: LoadedClip | undefined,
  request: MethodRunRequest,
  control: MethodControl = {},
  fisaoCalibration?: FisaoCalibration,
): Promise<MethodRunResult> {
  const result = await runMethod(
    methodRuntimeOf(vlm, clip),
    itemsOf(request),
    request.settings,
    control,
    fisaoCalibration,
  );
  return { ...result, quality: pairQuality(result.pairs) };
}

/** Loads the model (with `adapter` on, when given; and the CLIP it needs), runs the request, and lets both go. */
export async function makePairs(options: {
  modelId: string;
  clipId: string;
  request: MethodRunRequest;
  adapter?: PeftAdapterFiles;
  control?: MethodControl;
  /** The device and dtypes to load with (the runtime chooses when absent). */
  load?: Omit<LoadRequest, 'modelId'>;
}): Promise<MethodRunResult> {
  const vlm = await loadVlmWithAdapter(
    { ...options.load, modelId: options.modelId },
    await detectCapabilities(),
    options.adapter,
  );
  // CLIP runs on the CPU: onnxruntime-node's in Node, wasm in a page (as the runtime worker's), never
  // WebGPU, which a headless or software adapter fails on.
  const clipDevice = vlm.info.device === 'cpu' ? 'cpu' : 'wasm';
  const clip = needsClip(options.request) ? await loadClip(options.clipId, clipDevice) : undefined;
  try {
    return await runMethodRequest(vlm, clip, options.request, options.control);
  } finally {
    await vlm.model.dispose();
    vlm.decoder?.dispose();
    await clip?.dispose();
  }
}

export interface SevaSideRequest {
  scene: SceneRef;
  prompt: string;
  augmentation: SevaAugmentation;
  t: number;
  seed: number;
}

/** SeVa's augmented side for one scene at step t: the image (as the model sees it, un-normalised) and the greedy answer. */
export async function sevaAugmentedSide(
  vlm: LoadedVlm,
  { scene, prompt, augmentation, t, seed }: SevaSideRequest,
): Promise<{ image: RgbaImage; answer: string }> {
  const item = { ...shapesItems(scene.split, scene.seed, 1, scene.index)[0]!, prompt };
  const request = augmentedRequest(item, augmentation, t, seed);
  const [answer] = await sampleAnswers(vlm, request, { ...GREEDY, maxNewTokens: DEFAULT_SEVA_OPTIONS.maxNewTokens });
  const processor = vlm.processor as unknown as {
    image_processor?: { config?: { image_mean?: number[]; image_std?: number[] } };
  };
  const { image_mean: mean = [0.5, 0.5, 0.5], image_std: std = [0.5, 0.5, 0.5] } =
    processor.image_processor?.config ?? {};
  const image = augmentation === 'diffusion' ? diffusionPreview(item.image, t, seed, mean, std) : request.image;
  return { image, answer: answer!.text };
}
