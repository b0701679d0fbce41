import type { PairRecord } from '../../data/pairs/pair-records';
import { PairImageView } from '../common/PairImageView';
import { EvidenceView } from './evidence/EvidenceView';
import { methodName } from '../../data/labels';

/** One pair: its image, prompt, chosen and rejected answers, and the method's evidence. */
export function PairDetail({ pair }: { pair: PairRecord }) {
  return (
    <section className="card" data-testid="pair-detail">
      <div className="row">
        <PairImageView image={pair.image} size={128} />
        <div>
          <h3>{pair.id}</h3>
          <p className="muted">
            {methodName(pair.method)} · {pair.model ?? 'unknown model'} · prompt: {pair.prompt}
          </p>
          <p>
            <strong>Chosen:</strong> {pair.chosen}
          </p>
          <p>
            <strong>Rejected:</strong> {pair.rejected}
          </p>
        </div>
      </div>
      <h3>Evidence</h3>
      <EvidenceView pair={pair} />
    </section>
  );
}
