import type { EvalItemResult } from '../../data/evals';
import type { StoredComparison } from '../../data/round-records';
import { MarkedDescription } from '../evaluate/MarkedDescription';
import { GroundTruth, SceneImage } from '../evaluate/SceneImage';

/** One scene with the base model's and the round's descriptions, each object mention marked. */
function SceneAnswers({ base, adapted, round }: { base: EvalItemResult; adapted: EvalItemResult; round: number }) {
  const count = (item: EvalItemResult) => item.chair.mentions.filter((m) => m.verdict === 'hallucinated').length;
  return (
    <div className="drill-row" data-testid="round-scene">
      <SceneImage scene={base.scene} size={128} />
      <div className="answers">
        <div className="answer" data-testid="round-scene-base">
          <header>
            <strong>base</strong> <span className="muted">{count(base)} hallucinated</span>
          </header>
          <MarkedDescription text={base.description} chair={base.chair} />
        </div>
        <div className="answer" data-testid="round-scene-adapted">
          <header>
            <strong>round {round}</strong> <span className="muted">{count(adapted)} hallucinated</span>
          </header>
          <MarkedDescription text={adapted.description} chair={adapted.chair} />
        </div>
      </div>
      <GroundTruth scene={base.scene} />
    </div>
  );
}

/** The scenes whose description lost a hallucination (fixed) or gained one (introduced) in a round; a click opens one. */
export function ChangedScenes({
  round,
  compared,
  baseItems,
  roundItems,
  open,
  onOpen,
}: {
  round: number;
  compared: StoredComparison;
  baseItems: EvalItemResult[];
  roundItems: EvalItemResult[];
  open?: string;
  onOpen: (id: string | undefined) => void;
}) {
  const byId = (items: EvalItemResult[]) => new Map(items.map((item) => [item.scene.id, item]));
  const base = byId(baseItems);
  const adapted = byId(roundItems);
  const list = (kind: 'fixed' | 'introduced') => (
    <div>
      <h4>
        Hallucination {kind}: {compared.changed[kind].length}
      </h4>
      <ul className="plain row" data-testid={`round-${kind}`}>
        {compared.changed[kind].map((id) => (
          <li key={id}>
            <button className={open === id ? 'active' : ''} onClick={() => onOpen(open === id ? undefined : id)}>
              {id}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
  const openBase = open && base.get(open);
  const openAdapted = open && adapted.get(open);
  return (
    <div data-testid="round-changed">
      {list('fixed')}
      {list('introduced')}
      <p className="muted">{compared.changed.unchanged} scenes unchanged.</p>
      {openBase && openAdapted && <SceneAnswers base={openBase} adapted={openAdapted} round={round} />}
    </div>
  );
}
