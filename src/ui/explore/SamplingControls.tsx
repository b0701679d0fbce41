import { useShallow } from 'zustand/react/shallow';
import type { SamplingOptions } from '../../runtime/types';
import { useExploreStore } from '../../state/explore-store';

type NumericKey = Exclude<keyof SamplingOptions, 'greedy' | 'stopIds'>;

const fields: { key: NumericKey; label: string; min: number; max: number; step: number; hint: string }[] = [
  { key: 'k', label: 'K answers', min: 1, max: 16, step: 1, hint: 'How many answers to sample.' },
  { key: 'seed', label: 'Seed', min: 0, max: 2 ** 31 - 1, step: 1, hint: 'Same seed, same answers.' },
  { key: 'temperature', label: 'Temperature', min: 0.05, max: 2, step: 0.05, hint: 'Higher is more varied.' },
  { key: 'topP', label: 'Top-p', min: 0.05, max: 1, step: 0.05, hint: '1 = off.' },
  { key: 'topK', label: 'Top-k', min: 0, max: 1000, step: 1, hint: '0 = off.' },
  { key: 'maxNewTokens', label: 'Max new tokens', min: 1, max: 512, step: 1, hint: 'Where an answer is cut.' },
  {
    key: 'minNewTokens',
    label: 'Min new tokens',
    min: 0,
    max: 512,
    step: 1,
    hint: 'No end of answer before this many tokens (0 = off).',
  },
];

/** The fields that still mean something when every answer takes the most likely token. */
const greedyKeys = new Set<NumericKey>(['k', 'seed', 'maxNewTokens', 'minNewTokens']);

export function SamplingControls({ disabled }: { disabled: boolean }) {
  const { options, setOptions } = useExploreStore(useShallow(({ options, setOptions }) => ({ options, setOptions })));
  return (
    <fieldset className="controls" disabled={disabled}>
      {fields.map((f) => (
        <label key={f.key} title={f.hint}>
          {f.label}
          <input
            type="number"
            min={f.min}
            max={f.max}
            step={f.step}
            value={options[f.key] ?? 0}
            disabled={options.greedy && !greedyKeys.has(f.key)}
            onChange={(e) => {
              const value = Number(e.target.value);
              if (Number.isFinite(value)) setOptions({ [f.key]: Math.min(f.max, Math.max(f.min, value)) });
            }}
            data-testid={`opt-${f.key}`}
          />
        </label>
      ))}
      <label className="checkbox" title="Always take the most likely token.">
        <input
          type="checkbox"
          checked={options.greedy}
          onChange={(e) => setOptions({ greedy: e.target.checked })}
          data-testid="opt-greedy"
        />
        Greedy
      </label>
    </fieldset>
  );
}
