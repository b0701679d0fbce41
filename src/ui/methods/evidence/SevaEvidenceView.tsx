import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { imageDataUrl, sevaPreviewUrl } from '../../../data/world-images';
import type { SevaEvidence } from '../../../methods/seva/seva';
import type { Scene } from '../../../world/types';
import { runtimeClient } from '../../../workers/runtime-client';
import { WordDiff } from '../../common/WordDiff';
import { SceneImage } from '../../evaluate/SceneImage';

/**
 * SeVa: the clean and the augmented image with their answers and a word diff. For diffusion a
 * slider picks another step t; releasing it re-runs the augmented side with the loaded model.
 */
export function SevaEvidenceView({
  evidence,
  scene,
  prompt,
}: {
  evidence: SevaEvidence;
  scene?: Scene;
  prompt: string;
}) {
  const [t, setT] = useState(evidence.t ?? 500);
  const [rerun, setRerun] = useState<
    { t: number; image: string; answer: string } | { t: number; error: string } | { t: number; running: true }
  >();
  const preview = useQuery({
    queryKey: ['seva-preview', scene?.id, evidence.augmentation, evidence.t, evidence.seed],
    queryFn: () => sevaPreviewUrl(scene!, evidence.augmentation, evidence.t ?? 0, evidence.seed),
    enabled: !!scene,
    staleTime: Infinity,
  });
  const rerunAt = async (step: number) => {
    if (!scene || step === evidence.t) return setRerun(undefined);
    setRerun({ t: step, running: true });
    try {
      const side = await runtimeClient().sevaAugmentedSide({
        scene: { split: scene.split, seed: scene.seed, index: scene.index },
        prompt,
        augmentation: 'diffusion',
        t: step,
        seed: evidence.seed,
      });
      setRerun({ t: step, image: await imageDataUrl(side.image), answer: side.answer });
    } catch (error) {
      setRerun({ t: step, error: (error as Error).message });
    }
  };
  const augmented =
    rerun && 'answer' in rerun ? rerun : { t: evidence.t, image: preview.data, answer: evidence.augmented };
  return (
    <div data-testid="seva-evidence">
      {evidence.flagged && <p className="muted">⚠ {evidence.flagged}</p>}
      <div className="answer-columns">
        <div className="answer-card chosen">
          <h4>Clean image · chosen</h4>
          {scene && <SceneImage scene={scene} size={160} />}
          <p>{evidence.clean}</p>
        </div>
        <div className="answer-card rejected">
          <h4>
            {evidence.augmentation}
            {augmented.t !== undefined && ` at t = ${augmented.t}`} · rejected
          </h4>
          {augmented.image && (
            <img
              className="scene-image"
              src={augmented.image}
              alt="augmented"
              width={160}
              height={160}
              data-testid="seva-augmented-image"
            />
          )}
          <p data-testid="seva-augmented-answer">{augmented.answer}</p>
        </div>
      </div>
      <h4>What changed</h4>
      <WordDiff before={evidence.clean} after={augmented.answer} />
      {evidence.augmentation === 'diffusion' && scene && (
        <label className="row">
          Step t = {t}
          <input
            type="range"
            min={0}
            max={999}
            step={10}
            value={t}
            data-testid="seva-t"
            onChange={(e) => setT(Number(e.target.value))}
            onPointerUp={() => void rerunAt(t)}
            onKeyUp={(e) => (e.key.startsWith('Arrow') || e.key === 'Home' || e.key === 'End') && void rerunAt(t)}
          />
          {rerun && 'running' in rerun && <span className="muted">answering at t = {rerun.t}…</span>}
          {rerun && 'error' in rerun && <span className="error-text">{rerun.error}</span>}
        </label>
      )}
    </div>
  );
}
