// The committed shapes-vlm (fp32, cpu) and shapes-clip behind the methods' runtime adapter, for the
// tests that run the methods on real models.
import { detectCapabilities, loadClip, loadVlm, type LoadedClip, type LoadedVlm } from '../runtime';
import type { MethodRuntime } from '../methods/method-runtime';
import { methodRuntimeOf } from './method-runtime';

export interface ShapesRuntime {
  vlm: LoadedVlm;
  clip: LoadedClip;
  runtime: MethodRuntime;
  dispose(): Promise<void>;
}

export async function loadShapesRuntime(): Promise<ShapesRuntime> {
  const vlm = await loadVlm(
    {
      modelId: 'shapes-vlm',
      device: 'cpu',
      dtype: { vision_encoder: 'fp32', embed_tokens: 'fp32', decoder_model_merged: 'fp32' },
    },
    await detectCapabilities(),
  );
  const clip = await loadClip();
  return {
    vlm,
    clip,
    runtime: methodRuntimeOf(vlm, clip),
    async dispose() {
      await vlm.model.dispose();
      await clip.dispose();
    },
  };
}
