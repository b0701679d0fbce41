import { useShallow } from 'zustand/react/shallow';
import { useMethodsStore } from '../../state/methods-store';
import { ExistenceShareField } from '../common/ExistenceShareField';
import { NumberField } from '../common/NumberField';
import type { MethodName, SevaAugmentation } from '../../data/runs';
import { methodName } from '../../data/labels';

export const methodLabels: Record<MethodName, string> = {
  sima: 'SIMA: the model judges its greedy and a sampled answer against the reference',
  seva: 'SeVa: the clean-image answer is chosen, the answer on an augmented image rejected',
  csr: 'CSR: sentence-by-sentence search scored by the model and by CLIP',
  fisao:
    'FiSAO: K sampled answers, each named object scored against the image by CLIP and calibrated into token rewards; best vs worst',
};

/** A typed count or seed: a whole number, at least `min` (`min` too when the field is empty or not a number). */
const number = (text: string, min: number) => Math.max(min, Math.floor(Number(text)) || min);

const augmentations: SevaAugmentation[] = ['diffusion', 'crop', 'jitter', 'grayscale', 'blur', 'flip', 'moco'];

/** Which method, on which scenes, with which settings. */
export function MethodSettingsForm() {
  const { settings, running, source, n, start, sceneSeed, setSettings, setScenes } = useMethodsStore(
    useShallow(({ settings, running, source, n, start, sceneSeed, setSettings, setScenes }) => ({
      settings,
      running,
      source,
      n,
      start,
      sceneSeed,
      setSettings,
      setScenes,
    })),
  );
  return (
    <>
      <div className="row">
        <label>
          Method
          <select
            value={settings.method}
            onChange={(e) => setSettings({ method: e.target.value as MethodName })}
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
            value={source}
            onChange={(e) => setScenes({ source: e.target.value as 'scenes' | 'gallery' })}
            disabled={running}
            data-testid="method-source"
          >
            <option value="scenes">shapes-world pool scenes</option>
            <option value="gallery">the gallery's images (imported prompts and references)</option>
          </select>
        </label>
        {source === 'scenes' && (
          <>
            <NumberField
              label="Pool scenes (n)"
              min={1}
              max={5000}
              value={n}
              onChange={(text) => setScenes({ n: number(text, 1) })}
              disabled={running}
              testId="method-n"
            />
            <NumberField
              label="from index"
              min={0}
              value={start}
              onChange={(text) => setScenes({ start: number(text, 0) })}
              disabled={running}
              testId="method-start"
            />
            <NumberField
              label="Scene seed"
              min={0}
              value={sceneSeed}
              onChange={(text) => setScenes({ sceneSeed: number(text, 0) })}
              disabled={running}
            />
            <ExistenceShareField
              value={settings.existenceShare}
              onChange={(existenceShare) => setSettings({ existenceShare })}
              disabled={running}
              testId="method-existence"
            />
          </>
        )}
        <NumberField
          label="Sampling seed"
          min={0}
          value={settings.seed}
          onChange={(text) => setSettings({ seed: number(text, 0) })}
          disabled={running}
          testId="method-seed"
        />
        {settings.method === 'sima' && (
          <label
            className="checkbox"
            title="Judge again with the two responses swapped and keep only pairs whose verdicts agree (position bias)."
          >
            <input
              type="checkbox"
              checked={settings.bothOrders ?? false}
              onChange={(e) => setSettings({ bothOrders: e.target.checked })}
              disabled={running}
            />
            both orders
          </label>
        )}
        {settings.method === 'fisao' && (
          <NumberField
            label="Calibration scenes"
            title="Pool scenes, apart from the run's, whose objects calibrate the rewards (counted in the progress)."
            min={1}
            max={1000}
            value={settings.calibrationItems ?? 100}
            onChange={(text) => setSettings({ calibrationItems: number(text, 1) })}
            disabled={running}
            testId="method-calibration"
          />
        )}
        {settings.method === 'seva' && (
          <>
            <label>
              Augmentation
              <select
                value={settings.augmentation}
                onChange={(e) => setSettings({ augmentation: e.target.value as SevaAugmentation })}
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
              <NumberField
                label="Step t"
                min={0}
                max={999}
                value={settings.t}
                onChange={(text) => setSettings({ t: Math.min(999, number(text, 0)) })}
                disabled={running}
              />
            )}
          </>
        )}
      </div>
      <p className="muted">{methodLabels[settings.method]}.</p>
    </>
  );
}
