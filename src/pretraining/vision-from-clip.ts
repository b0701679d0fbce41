/**
 * Starts shapes-vlm's vision tower from shapes-clip's (the LLaVA recipe: a contrastively trained
 * image encoder under the language model). Both are pre-norm ViTs of the same sizes with the same
 * HF block names, so `vision_model.X` of CLIP becomes `model.vision_model.X` of Idefics3, except:
 *   - position embeddings: CLIP's row 0 belongs to its [CLS] token, which Idefics3 has not;
 *   - CLIP's patch embedding has no bias (Idefics3's stays at zero), and its pre_layrnorm and
 *     [CLS] token have no counterpart: the fine-tuning absorbs them.
 */
import type { Params } from '../engine/init-weights';
import { VISION_PREFIX } from '../engine/vision/vision-encoder';

const CLIP_VISION_PREFIX = 'vision_model';
const POSITIONS = 'embeddings.position_embedding.weight';

/**
 * Replaces the VLM's vision-tower weights with CLIP's where a counterpart exists, in place; the
 * replaced Arrays are disposed, `clip` is borrowed. Returns the names it replaced.
 */
export function loadVisionFromClip(vlm: Params, clip: Params): string[] {
  const replaced: string[] = [];
  for (const name of Object.keys(vlm).filter((n) => n.startsWith(`${VISION_PREFIX}.`))) {
    const suffix = name.slice(VISION_PREFIX.length + 1);
    const source = clip[`${CLIP_VISION_PREFIX}.${suffix}`];
    if (!source) continue;
    const value = suffix === POSITIONS ? source.ref.slice([1]) : source.ref;
    const target = vlm[name]!;
    if (value.shape.join() !== target.shape.join()) {
      const shapes = `[${value.shape}] vs [${target.shape}]`;
      value.dispose();
      throw new Error(
        `shapes-clip's ${suffix} does not fit shapes-vlm's vision tower (${shapes}); train both with the recipe's sizes.`,
      );
    }
    target.dispose();
    vlm[name] = value;
    replaced.push(name);
  }
  return replaced;
}
