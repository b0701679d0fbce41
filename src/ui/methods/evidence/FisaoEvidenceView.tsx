import type { RewardedAnswer } from '../../../methods/fisao/answer-rewards';
import type { FisaoEvidence } from '../../../methods/fisao/fisao';

/** Green for a positive reward (an object the image supports), red for a negative one (likely hallucinated). */
function rewardColour(reward: number): string | undefined {
  if (reward === 0) return undefined;
  const alpha = 0.15 + 0.55 * Math.min(1, Math.abs(reward));
  return reward > 0 ? `rgba(46, 160, 67, ${alpha})` : `rgba(215, 58, 73, ${alpha})`;
}

function RewardedTokens({ title, answer, chosen }: { title: string; answer: RewardedAnswer; chosen: boolean }) {
  return (
    <div className={`answer-card ${chosen ? 'chosen' : 'rejected'}`}>
      <h4>
        {title} · score {answer.score.toFixed(3)}
      </h4>
      <p className="tokens" data-testid="fisao-tokens">
        {answer.tokens.map((token, i) => (
          <span
            key={i}
            style={{ background: rewardColour(token.reward) }}
            title={token.reward ? `reward ${token.reward.toFixed(3)}` : undefined}
            data-reward={token.reward}
          >
            {token.text}
          </span>
        ))}
      </p>
      <ul className="muted">
        {answer.mentions.map((m) => (
          <li key={`${m.start}`}>
            {m.text}: s {m.s.toFixed(3)}, r {m.r.toFixed(3)}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** FiSAO: both answers' tokens coloured by their reward, each object's CLIP score, and the calibration behind the rewards. */
export function FisaoEvidenceView({ evidence }: { evidence: FisaoEvidence }) {
  const c = evidence.calibration;
  return (
    <div data-testid="fisao-evidence">
      <div className="answer-columns">
        <RewardedTokens title="Chosen" answer={evidence.chosen} chosen />
        <RewardedTokens title="Rejected" answer={evidence.rejected} chosen={false} />
      </div>
      <p className="muted">
        Calibration on {c.items} scenes ({c.answers} answers, {c.vocabulary} vocabulary): correct objects μ_c{' '}
        {c.muCorrect.toFixed(3)} (n {c.nCorrect}), hallucinated μ_h {c.muHallucinated.toFixed(3)} (n {c.nHallucinated});
        a score above {c.threshold.toFixed(3)} earns a positive reward, which is right for{' '}
        {(100 * c.accuracy).toFixed(1)}% of the calibration objects. Token weights α = {evidence.alpha}. Sampled
        answers' scores: {evidence.scores.map((s) => (s === null ? '–' : s.toFixed(2))).join(', ')}.
      </p>
    </div>
  );
}
