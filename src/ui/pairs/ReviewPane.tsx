import { useShallow } from 'zustand/react/shallow';
import { useState } from 'react';
import { pairColumns } from '../../data/pairs/pair-columns';
import type { StoredPair } from '../../data/records';
import type { ReviewStatus } from '../../data/pairs/pair-records';
import { useReviewStore } from '../../state/review-store';
import { WordDiff } from '../common/WordDiff';
import { PairImageView } from '../common/PairImageView';
import { EvidenceView } from '../methods/evidence/EvidenceView';
import { methodName } from '../../data/labels';

const decisions: { status: ReviewStatus; key: string; label: string }[] = [
  { status: 'accepted', key: '1', label: 'Left is better' },
  { status: 'swapped', key: '2', label: 'Right is better' },
  { status: 'tie', key: 'T', label: 'Tie' },
  { status: 'both-bad', key: 'B', label: 'Both bad' },
  { status: 'skipped', key: 'S', label: 'Skip' },
];

/** The pair's image in the pane, and zoomed (a click toggles). */
export const PANE_IMAGE_PX = 224;
export const PANE_IMAGE_ZOOMED_PX = 448;

function suggestionText(pair: StoredPair): string {
  const { verdict, margin } = pairColumns(pair);
  const why = verdict
    ? `the critic's verdict ${verdict}`
    : margin !== undefined
      ? `score margin ${margin.toFixed(3)}`
      : `${methodName(pair.method)}'s pick`;
  return `Suggestion: the left answer (${why}).`;
}

/** The selected pair: image, prompt, both answers with a word diff, the decision being made, and the method's evidence. */
export function ReviewPane({ pair, onSubmit }: { pair: StoredPair; onSubmit: () => void }) {
  const { draft, editing, setDraft, setEditing } = useReviewStore(
    useShallow(({ draft, editing, setDraft, setEditing }) => ({ draft, editing, setDraft, setEditing })),
  );
  const [zoomed, setZoomed] = useState(false);
  const left = draft?.editedChosen ?? pair.chosen;
  const right = draft?.editedRejected ?? pair.rejected;
  const preferred = draft?.status === 'accepted' ? 'chosen' : draft?.status === 'swapped' ? 'rejected' : undefined;
  const answer = (side: 'chosen' | 'rejected', text: string, title: string) => (
    <div className={`answer-card ${preferred === side ? 'chosen' : ''}`}>
      <h4>{title}</h4>
      {editing ? (
        <textarea
          autoFocus={editing === side}
          value={text}
          rows={5}
          data-testid={`edit-${side}`}
          onChange={(e) =>
            setDraft(side === 'chosen' ? { editedChosen: e.target.value } : { editedRejected: e.target.value })
          }
        />
      ) : (
        <p data-testid={`answer-${side}`}>{text}</p>
      )}
      {text !== pair[side] && <p className="muted">Edited; the original: {pair[side]}</p>}
    </div>
  );
  return (
    <section className="card review-pane" data-testid="review-pane" tabIndex={-1}>
      <div className="row">
        <button
          className="link"
          onClick={() => setZoomed(!zoomed)}
          title={zoomed ? 'Zoom out' : 'Zoom in'}
          data-testid="review-image"
        >
          <PairImageView image={pair.image} size={zoomed ? PANE_IMAGE_ZOOMED_PX : PANE_IMAGE_PX} />
        </button>
        <div>
          <p className="muted">
            {pair.id} · {methodName(pair.method)} · {pair.model ?? 'unknown model'}
          </p>
          <p>
            <strong>Prompt:</strong> {pair.prompt}
          </p>
          <p className="suggestion" data-testid="suggestion">
            {suggestionText(pair)}
          </p>
        </div>
      </div>
      <div className="answer-columns">
        {answer('chosen', left, "Left · the method's chosen")}
        {answer('rejected', right, "Right · the method's rejected")}
      </div>
      <WordDiff before={left} after={right} />
      <div className="review-decision">
        <div className="row" role="radiogroup" aria-label="Decision">
          {decisions.map((d) => (
            <button
              key={d.status}
              role="radio"
              aria-checked={draft?.status === d.status}
              className={draft?.status === d.status ? 'primary' : ''}
              onClick={() => setDraft({ status: d.status })}
              data-testid={`decide-${d.status}`}
            >
              <kbd>{d.key}</kbd> {d.label}
            </button>
          ))}
          <button onClick={() => setEditing(editing ? undefined : 'chosen')}>
            <kbd>E</kbd> Edit
          </button>
        </div>
        <div className="row">
          <input
            className="grow"
            placeholder="Rationale (optional)"
            value={draft?.rationale ?? ''}
            onChange={(e) => setDraft({ rationale: e.target.value })}
            data-testid="rationale"
          />
          <button className="primary" onClick={onSubmit} data-testid="submit-decision">
            <kbd>Enter</kbd> Submit and next
          </button>
        </div>
      </div>
      <details open>
        <summary>Evidence</summary>
        <EvidenceView pair={pair} />
      </details>
    </section>
  );
}
