import type { SampledToken } from '../../runtime/types';
import { TokenHeatmap } from './TokenHeatmap';

export interface AnswerView {
  tokens: SampledToken[];
  finished?: boolean;
}

/** K answers side by side with their totals: sum of log-probs and length in tokens. */
export function AnswerColumns({ answers, streaming = false }: { answers: AnswerView[]; streaming?: boolean }) {
  return (
    <div className="answers" data-testid={streaming ? 'live-answers' : 'answers'}>
      {answers.map((answer, i) => {
        const sum = answer.tokens.reduce((acc, t) => acc + t.logprob, 0);
        return (
          <article key={i} className="answer" data-testid="answer">
            <header>
              <strong>#{i + 1}</strong>
              <span className="muted">
                Σ log p = <span data-testid="sum-logprob">{sum.toFixed(2)}</span> · {answer.tokens.length} tokens
                {answer.finished === false && ' · cut'}
              </span>
            </header>
            {answer.tokens.length === 0 ? (
              <p className="muted">{streaming ? 'waiting…' : '(empty)'}</p>
            ) : (
              <TokenHeatmap tokens={answer.tokens} />
            )}
          </article>
        );
      })}
    </div>
  );
}
