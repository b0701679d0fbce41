import { useShallow } from 'zustand/react/shallow';
import { methodName } from '../../data/labels';
import { roundItemsOf, type RoundItems } from '../../data/round-records';
import { METHODS, type MethodName, type SevaAugmentation } from '../../data/runs';
import { useRoundStore, type RoundForm } from '../../state/round-store';
import { ExistenceShareField } from '../common/ExistenceShareField';
import { NumberField } from '../common/NumberField';

const whole = (text: string, min: number) => Math.max(min, Math.floor(Number(text)) || min);
const augmentations: SevaAugmentation[] = ['diffusion', 'crop', 'jitter', 'grayscale', 'blur', 'flip', 'moco'];

/** A whole-number field of the form. */
function Count({
  label,
  field,
  min,
  disabled,
  testId,
}: {
  label: string;
  field: keyof Pick<RoundForm, 'n' | 'steps' | 'batchSize' | 'warmupSteps' | 'checkpointEvery' | 'evalN' | 'rounds'>;
  min: number;
  disabled: boolean;
  testId: string;
}) {
  const value = useRoundStore((s) => s.form[field]);
  const setForm = useRoundStore((s) => s.setForm);
  return (
    <NumberField
      label={label}
      min={min}
      value={value}
      onChange={(text) => setForm({ [field]: whole(text, min) })}
      disabled={disabled}
      testId={testId}
    />
  );
}

/** What a round run does: the method (and any more, each its own run after it) on n pool scenes or the gallery's items, the review, training (the Train view's defaults), the evaluation and the rounds. */
export function RoundFormFields({ disabled }: { disabled: boolean }) {
  const { form, setForm, setMethod } = useRoundStore(
    useShallow(({ form, setForm, setMethod }) => ({ form, setForm, setMethod })),
  );
  const real = (text: string, apply: (v: number) => void) => {
    const v = Number(text);
    if (Number.isFinite(v) && v >= 0) apply(v);
  };
  return (
    <>
      <fieldset className="controls" disabled={disabled}>
        <label>
          Method
          <select
            value={form.method.method}
            onChange={(e) => setMethod({ method: e.target.value as MethodName })}
            data-testid="round-method"
          >
            {METHODS.map((m) => (
              <option key={m} value={m}>
                {methodName(m)}
              </option>
            ))}
          </select>
        </label>
        <span className="muted">then also</span>
        {METHODS.filter((m) => m !== form.method.method).map((m) => (
          <label key={m}>
            <input
              type="checkbox"
              checked={form.alsoMethods?.includes(m) ?? false}
              onChange={(e) =>
                setForm({
                  alsoMethods: e.target.checked
                    ? [...(form.alsoMethods ?? []), m]
                    : (form.alsoMethods ?? []).filter((other) => other !== m),
                })
              }
              data-testid={`round-also-${m}`}
            />
            {methodName(m)}
          </label>
        ))}
        {form.method.method === 'seva' && (
          <label>
            Augmentation
            <select
              value={form.method.augmentation ?? 'diffusion'}
              onChange={(e) => setMethod({ augmentation: e.target.value as SevaAugmentation })}
            >
              {augmentations.map((a) => (
                <option key={a}>{a}</option>
              ))}
            </select>
          </label>
        )}
        <label>
          Items
          <select
            value={roundItemsOf(form)}
            onChange={(e) => setForm({ items: e.target.value as RoundItems })}
            data-testid="round-items"
          >
            <option value="scenes">shapes-world pool scenes</option>
            <option value="gallery">the gallery&apos;s images (with their prompts)</option>
          </select>
        </label>
        {roundItemsOf(form) === 'scenes' && (
          <>
            <Count label="Pool scenes (n)" field="n" min={1} disabled={disabled} testId="round-n" />
            <ExistenceShareField
              value={form.method.existenceShare}
              onChange={(existenceShare) => setMethod({ existenceShare })}
              testId="round-existence"
            />
          </>
        )}
        <NumberField
          label="Seed"
          min={0}
          value={form.method.seed}
          onChange={(text) => setMethod({ seed: whole(text, 0) })}
          testId="round-seed"
        />
        <label>
          Review
          <select
            value={form.review}
            onChange={(e) => setForm({ review: e.target.value as RoundForm['review'] })}
            data-testid="round-review"
          >
            <option value="accept">accept the method&apos;s picks</option>
            <option value="stop">stop for review in Pairs, then continue</option>
          </select>
        </label>
      </fieldset>
      <fieldset className="controls" disabled={disabled}>
        <Count label="Training steps" field="steps" min={1} disabled={disabled} testId="round-steps" />
        <Count label="Pairs per step" field="batchSize" min={1} disabled={disabled} testId="round-batch" />
        <NumberField
          label="Learning rate"
          step="any"
          value={form.peakLr}
          onChange={(text) => real(text, (peakLr) => setForm({ peakLr }))}
          testId="round-lr"
        />
        <NumberField
          label="β"
          step={0.05}
          value={form.beta}
          onChange={(text) => real(text, (beta) => setForm({ beta }))}
        />
        <NumberField
          label="SFT weight"
          step={0.1}
          min={0}
          value={form.sftWeight}
          onChange={(text) => real(text, (sftWeight) => setForm({ sftWeight }))}
          testId="round-sft-weight"
        />
        <Count label="Warmup steps" field="warmupSteps" min={0} disabled={disabled} testId="round-warmup" />
        <Count
          label="Checkpoint every"
          field="checkpointEvery"
          min={1}
          disabled={disabled}
          testId="round-checkpoint-every"
        />
        <Count label="Test scenes (eval n)" field="evalN" min={1} disabled={disabled} testId="round-eval-n" />
        <Count label="Rounds" field="rounds" min={1} disabled={disabled} testId="round-rounds" />
      </fieldset>
    </>
  );
}
