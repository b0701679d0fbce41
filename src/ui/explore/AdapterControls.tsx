import { useShallow } from 'zustand/react/shallow';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { database } from '../../data/database';
import type { ImageRecord } from '../../data/records';
import { useModelStore } from '../../state/model-store';
import { runtimeClient } from '../../workers/runtime-client';
import { ErrorLine } from '../common/ErrorLine';
import { MarkedDescription } from '../evaluate/MarkedDescription';
import { blobToPixels } from '../images/decode-image';
import { adapterChoice, ensureModelLoaded, loadSelectedModel } from '../model/load-action';
import type { ComparedAnswer } from '../../data/evals';
import { MentionLegend } from './Legends';
import { mentionCounts } from './mention-counts';

function Answer({ title, answer }: { title: string; answer: ComparedAnswer }) {
  return (
    <div className="answer" data-testid={`compare-${title}`}>
      <header>
        <strong>{title}</strong>
        {answer.chair && (
          <span className="muted" data-testid={`compare-${title}-counts`}>
            {mentionCounts(answer.chair)}
          </span>
        )}
      </header>
      {answer.chair ? <MarkedDescription text={answer.text} chair={answer.chair} /> : <p>{answer.text}</p>}
    </div>
  );
}

/**
 * Base ↔ adapted: which adapter the loaded model runs with (patched in at load, no re-export), and
 * the same image and prompt answered by both, side by side, with hallucinated objects marked where
 * the image has ground truth.
 */
export function AdapterControls({
  image,
  prompt,
  disabled,
}: {
  image?: ImageRecord;
  prompt: string;
  disabled: boolean;
}) {
  const { selectedId, adapterId, setAdapter, info } = useModelStore(
    useShallow(({ selectedId, adapterId, setAdapter, info }) => ({ selectedId, adapterId, setAdapter, info })),
  );
  const adapters = useLiveQuery(
    () => database.adapters.where('modelId').equals(selectedId.trim()).reverse().sortBy('createdAt'),
    [selectedId],
  );
  const [compared, setCompared] = useState<{ base: ComparedAnswer; adapted: ComparedAnswer }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  if (!adapters?.length) return null;
  const compareWith = adapters.find((a) => a.id === adapterId) ?? adapters[0]!;

  const choose = (id: string) => {
    setAdapter(id);
    setError(undefined);
    loadSelectedModel().catch((e: Error) => setError(e.message));
  };
  const compare = async () => {
    if (!image) return;
    setBusy(true);
    setError(undefined);
    try {
      await ensureModelLoaded();
      setCompared(
        await runtimeClient().compare(
          { image: await blobToPixels(image.blob), prompt },
          adapterChoice(compareWith),
          image.scene,
        ),
      );
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card">
      <div className="row">
        <label>
          Adapter
          <select
            value={adapterId}
            onChange={(e) => choose(e.target.value)}
            disabled={disabled}
            data-testid="adapter-select"
          >
            <option value="">none (base model)</option>
            {adapters.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <span className="muted" data-testid="adapter-loaded">
          {info?.adapter ? `running with ${info.adapter.name}` : 'running the base model'}
        </span>
        <button onClick={() => void compare()} disabled={disabled || busy || !image} data-testid="compare">
          {busy ? 'Comparing…' : `Compare base ↔ ${compareWith.name}`}
        </button>
      </div>
      <ErrorLine message={error} onDismiss={() => setError(undefined)} />
      {compared && (
        <>
          {(compared.base.chair || compared.adapted.chair) && <MentionLegend />}
          <div className="answers">
            <Answer title="base" answer={compared.base} />
            <Answer title="adapted" answer={compared.adapted} />
          </div>
        </>
      )}
    </section>
  );
}
