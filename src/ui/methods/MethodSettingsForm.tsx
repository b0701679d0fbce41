import { useMethodsStore } from '../../state/methods-store';
import type { MethodName, SevaAugmentation } from '../../data/runs';
import { methodName } from '../../data/labels';

export const methodLabels: Record<MethodName, string> = {
  sima: 'SIMA: the model judges its greedy and a sampled answer against the reference',
  seva: 'SeVa: the clean-image answer is chosen, the answer on an augmented image rejected',
  csr: 'CSR: sentence-by-sentence search scored by the model and by CLIP',
  fisao:
    'FiSAO: K sampled answers, each named object scored against the image by CLIP and calibrated into token rewards; best vs worst',
};

const augmentations: SevaAugmentation[] = ['diffusion', 'crop', 'jitter', 'grayscale', 'blur', 'flip', 'moco'];

/** Which method, on which scenes, with which settings. */
export function MethodSettingsForm() {
  const store = useMethodsStore();
  const { settings, running } = store;
  const number = (value: string, min: number) => Math.max(min, Math.floor(Number(value)) || min);
  return (
    <>
      <div className="row">
        <label>
          Method
          <select
            value={settings.method}
            onChange={(e) => store.setSettings({ method: e.target.value as MethodName })}
            disabled={running}
            data-testid="method-select"
          >
            {(Object.keys(methodLabels) as MethodName[]).map((m) => (
              <option key={m} value={m}>
                {methodName(m)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Items
          <select
            value={store.source}
            onChange={(e) => store.setScenes({ source: e.target.value as 'scenes' | 'gallery' })}
            disabled={running}
            data-testid="method-source"
          >
            <option value="scenes">shapes-world train scenes</option>
            <option value="gallery">the gallery's images (imported prompts and references)</option>
          </select>
        </label>
        {store.source === 'scenes' && (
          <>
            <label>
              Train scenes (n)
              <input
                type="number"
                min={1}
                max={5000}
                value={store.n}
                onChange={(e) => store.setScenes({ n: number(e.target.value, 1) })}
                disabled={running}
                data-testid="method-n"
              />
            </label>
            <label>
              from index
              <input
                type="number"
                min={0}
                value={store.start}
                onChange={(e) => store.setScenes({ start: number(e.target.value, 0) })}
                disabled={running}
                data-testid="method-start"
              />
            </label>
            <label>
              Scene seed
              <input
                type="number"
                min={0}
                value={store.sceneSeed}
                onChange={(e) => store.setScenes({ sceneSeed: number(e.target.value, 0) })}
                disabled={running}
              />
            </label>
          </>
        )}
        <label>
          Sampling seed
          <input
            type="number"
            min={0}
            value={settings.seed}
            onChange={(e) => store.setSettings({ seed: number(e.target.value, 0) })}
            disabled={running}
            data-testid="method-seed"
          />
        </label>
        {settings.method === 'sima' && (
          <label
            className="checkbox"
            title="Judge again with the two responses swapped and keep only pairs whose verdicts agree (position bias)."
          >
            <input
              type="checkbox"
              checked={settings.bothOrders ?? false}
              onChange={(e) => store.setSettings({ bothOrders: e.target.checked })}
              disabled={running}
            />
            both orders
          </label>
        )}
        {settings.method === 'fisao' && (
          <label title="Train scenes, apart from the run's, whose objects calibrate the rewards (counted in the progress).">
            Calibration scenes
            <input
              type="number"
              min={1}
              max={1000}
              value={settings.calibrationItems ?? 100}
              onChange={(e) => store.setSettings({ calibrationItems: number(e.target.value, 1) })}
              disabled={running}
              data-testid="method-calibration"
            />
          </label>
        )}
        {settings.method === 'seva' && (
          <>
            <label>
              Augmentation
              <select
                value={settings.augmentation}
                onChange={(e) => store.setSettings({ augmentation: e.target.value as SevaAugmentation })}
                disabled={running}
              >
                {augmentations.map((a) => (
                  <option key={a} value={a}>
                    {a === 'flip' ? 'flip (swaps left/right)' : a}
                  </option>
                ))}
              </select>
            </label>
            {settings.augmentation === 'diffusion' && (
              <label>
                Step t
                <input
                  type="number"
                  min={0}
                  max={999}
                  value={settings.t}
                  onChange={(e) => store.setSettings({ t: Math.min(999, number(e.target.value, 0)) })}
                  disabled={running}
                />
              </label>
            )}
          </>
        )}
      </div>
      <p className="muted">{methodLabels[settings.method]}.</p>
    </>
  );
}
