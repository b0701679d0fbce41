import { sceneOfPairImage } from '../../../data/world-images';
import type { CsrEvidence } from '../../../methods/csr/csr';
import type { FisaoEvidence } from '../../../methods/fisao/fisao';
import type { PairRecord } from '../../../data/pairs/pair-records';
import type { SevaEvidence } from '../../../methods/seva/seva';
import type { SimaEvidence } from '../../../methods/sima/sima';
import { ErrorBoundary } from '../../common/ErrorBoundary';
import { CsrEvidenceView } from './CsrEvidenceView';
import { FisaoEvidenceView } from './FisaoEvidenceView';
import { SevaEvidenceView } from './SevaEvidenceView';
import { SimaEvidenceView } from './SimaEvidenceView';

/** What the method saw when it made the pair, in the method's own view; malformed evidence says so instead of breaking the page. */
export function EvidenceView({ pair }: { pair: PairRecord }) {
  return (
    <ErrorBoundary key={pair.id} what="This pair's evidence">
      <MethodEvidence pair={pair} />
    </ErrorBoundary>
  );
}

function MethodEvidence({ pair }: { pair: PairRecord }) {
  const evidence = pair.evidence;
  switch (evidence?.method) {
    case 'sima':
      return <SimaEvidenceView evidence={evidence as SimaEvidence} />;
    case 'seva':
      return (
        <SevaEvidenceView
          evidence={evidence as SevaEvidence}
          scene={sceneOfPairImage(pair.image)}
          prompt={pair.prompt}
        />
      );
    case 'csr':
      return <CsrEvidenceView evidence={evidence as CsrEvidence} />;
    case 'fisao':
      return <FisaoEvidenceView evidence={evidence as FisaoEvidence} />;
    default:
      return <p className="muted">This pair carries no evidence (it was imported, or its method records none).</p>;
  }
}
