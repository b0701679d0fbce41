import type { CsrEvidence } from '../../../methods/csr/csr';

type Node = CsrEvidence['nodes'][number];

/** CSR: the sentence tree with R_T, R_I and the fused value per sentence; the chosen and rejected paths marked. */
export function CsrEvidenceView({ evidence }: { evidence: CsrEvidence }) {
  const chosen = new Set(evidence.chosenPath);
  const rejected = new Set(evidence.rejectedPath);
  const children = new Map<number | null, Node[]>();
  for (const node of evidence.nodes) children.set(node.parent, [...(children.get(node.parent) ?? []), node]);
  const better = evidence.fusion === 'rank' ? 'lower is better' : 'higher is better';
  const branch = (parent: number | null) => (
    <ul className="csr-tree">
      {(children.get(parent) ?? []).map((node) => (
        <li key={node.id}>
          <span
            className={`csr-node ${chosen.has(node.id) ? 'chosen' : ''} ${rejected.has(node.id) ? 'rejected' : ''}`}
            data-testid="csr-node"
          >
            {node.sentence}
            <span className="muted">
              {' '}
              R_T {node.rT.toFixed(3)} · R_I {node.rI.toFixed(3)} · R {node.value.toFixed(3)}
              {node.final && ' · end'}
            </span>
          </span>
          {children.has(node.id) && branch(node.id)}
        </li>
      ))}
    </ul>
  );
  return (
    <div data-testid="csr-evidence">
      <p className="muted">
        {evidence.fusion === 'rank' ? 'Rank' : 'Raw-score'} fusion, λ = {evidence.lambda} ({better}). Chosen path{' '}
        {evidence.chosenScore.toFixed(3)}, rejected {evidence.rejectedScore.toFixed(3)}.{' '}
        <span className="csr-node chosen">chosen</span> <span className="csr-node rejected">rejected</span>
      </p>
      {branch(null)}
    </div>
  );
}
