import type { SimaEvidence } from '../../../methods/sima/sima';

function Response({ n, label, text, chosen }: { n: 1 | 2; label: string; text: string; chosen: boolean }) {
  return (
    <div className={`answer-card ${chosen ? 'chosen' : 'rejected'}`}>
      <h4>
        Response {n} · {label} · {chosen ? 'chosen' : 'rejected'}
      </h4>
      <p>{text}</p>
    </div>
  );
}

/** SIMA: the sampled and greedy answers side by side, the critic's full text, its verdict and criteria. */
export function SimaEvidenceView({ evidence }: { evidence: SimaEvidence }) {
  return (
    <div data-testid="sima-evidence">
      <div className="answer-columns">
        <Response n={1} label="sampled" text={evidence.sampled} chosen={evidence.verdict === 1} />
        <Response n={2} label="greedy" text={evidence.greedy} chosen={evidence.verdict === 2} />
      </div>
      <p>
        Verdict: <strong data-testid="sima-verdict">[[{evidence.verdict}]]</strong>
        {evidence.swapped && <span className="muted"> · with the responses swapped the critic agreed</span>}
      </p>
      <h4>The critic's text</h4>
      <pre className="critic-text" data-testid="critic-text">
        {evidence.critic}
      </pre>
      {evidence.swapped && (
        <details>
          <summary>The critic with the responses swapped</summary>
          <pre className="critic-text">{evidence.swapped.critic}</pre>
        </details>
      )}
      <h4>Criteria</h4>
      <ol className="muted">
        {evidence.criteria.map((criterion) => (
          <li key={criterion}>{criterion}</li>
        ))}
      </ol>
    </div>
  );
}
