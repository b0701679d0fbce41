import type { SampledToken } from '../../runtime/types';
import { ProgressMeter } from '../common/ProgressBar';
import { liveAnswerStatuses } from './live-answer-status';
import { TokenHeatmap } from './TokenHeatmap';

export interface AnswerView {
  tokens: SampledToken[];
  finished?: boolean;
}

/**
 * K answers side by side with their totals: sum of log-probs and length in tokens. While a run
 * streams (`maxNewTokens` given), every column is there from the start with its own progress.
 */
export function AnswerColumns({
  answers,
  maxNewTokens,
  parallel = false,
}: {
  answers: AnswerView[];
  maxNewTokens?: number;
  /** The K answers decode as one batch (their tokens interleave). */
  parallel?: boolean;
}) {
  const streaming = maxNewTokens !== undefined;
  const statuses = streaming
    ? liveAnswerStatuses(
        answers.map((a) => a.tokens),
        maxNewTokens,
        parallel,
      )
    : [];
  return (
    <div className="answers" data-testid={streaming ? 'live-answers' : 'answers'}>
      {answers.map((answer, i) => {
        const sum = answer.tokens.reduce((acc, t) => acc + t.logprob, 0);
        const status = statuses[i];
        return (
          <article key={i} className={`answer ${status ? `answer-${status.state}` : ''}`} data-testid="answer">
            <header>
              <strong>#{i + 1}</strong>
              <span className="muted">
                Σ log p = <span data-testid="sum-logprob">{sum.toFixed(2)}</span> · {answer.tokens.length} tokens
                {answer.finished === false && ' · cut'}
              </span>
            </header>
            {status && (
              <ProgressMeter
                testId="answer-progress"
                fraction={status.fraction}
                left={<span data-testid="answer-status">{status.label}</span>}
                right=""
              />
            )}
            {answer.tokens.length === 0 ? (
              !streaming && <p className="muted">(empty)</p>
            ) : (
              <TokenHeatmap tokens={answer.tokens} />
            )}
          </article>
        );
      })}
    </div>
  );
}
