import { useEffect, useState } from 'react';
import { methodName } from '../../data/labels';
import type { RoundRunRecord } from '../../data/round-records';
import {
  roundStages,
  secondsLeft,
  stageDone,
  stageUnits,
  type RoundStage,
  type StageTimings,
} from '../../data/round-stages';
import type { LiveRound } from '../../state/round-store';
import { ProgressMeter } from '../common/ProgressBar';

const STAGE_NAMES = {
  pairs: 'pairs',
  review: 'review in Pairs',
  train: 'training',
  'base-eval': 'base model evaluation',
  eval: 'evaluation',
};
const UNIT_NAMES = { pairs: 'items', review: 'pairs', train: 'steps', 'base-eval': 'scenes', eval: 'scenes' };

const same = (a: RoundStage, b: RoundStage) => a.round === b.round && a.kind === b.kind;

function formatSeconds(s: number): string {
  if (s < 90) return `${Math.ceil(s)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** The timings seen so far, with the stage in progress counted as far as it got. */
function timingsWithCurrent(live: LiveRound, now: number): StageTimings {
  const kind = live.stage.kind === 'base-eval' ? 'eval' : live.stage.kind;
  const seen = live.timings[kind] ?? { units: 0, ms: 0 };
  const units = live.done - live.firstUnit;
  if (units <= 0) return live.timings;
  return { ...live.timings, [kind]: { units: seen.units + units, ms: seen.ms + (now - live.stageStartedAt) } };
}

/** A review stage: done, waiting for the annotator, or to come. */
function ReviewBar({ run, round }: { run: RoundRunRecord; round: number }) {
  const step = run.steps[round - 1];
  const done = step?.reviewed === true;
  const waiting = !done && step?.pairs !== undefined && run.status === 'review';
  return (
    <ProgressMeter
      testId={`round-stage-${round}-review`}
      fraction={done ? 1 : 0}
      left={<span>Round {round} · review in Pairs</span>}
      right={done ? 'done' : waiting ? `waiting: ${step.pairs!.length} pairs to review` : ''}
    />
  );
}

/** One bar per stage of every round (done, in progress, to come) and the whole run's time left. */
export function RoundProgress({ run, live }: { run: RoundRunRecord; live?: LiveRound }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [live]);
  const current = live?.runId === run.id ? live : undefined;
  const eta =
    current && secondsLeft(run, { stage: current.stage, done: current.done }, timingsWithCurrent(current, now));
  return (
    <div className="round-progress" data-testid="round-progress">
      <p data-testid="round-eta">
        {current
          ? `Round ${current.stage.round} of ${run.rounds}, ${STAGE_NAMES[current.stage.kind]}${current.note ? ` (${current.note})` : ''} · ${eta === undefined ? 'estimating the time left…' : `about ${formatSeconds(eta)} left in all`}`
          : `${methodName(run.method.method)} · ${run.rounds} round${run.rounds === 1 ? '' : 's'} · ${run.status}${run.error ? `: ${run.error}` : ''}`}
      </p>
      {roundStages(run.rounds, run.review).map((stage) => {
        const isCurrent = current && same(current.stage, stage);
        if (stage.kind === 'review') return <ReviewBar key={`${stage.round}-review`} run={run} round={stage.round} />;
        const total = stageUnits(run, stage.kind);
        const done = stageDone(run, stage) ? total : isCurrent ? Math.min(current.done, total) : 0;
        return (
          <ProgressMeter
            key={`${stage.round}-${stage.kind}`}
            testId={`round-stage-${stage.round}-${stage.kind}`}
            fraction={total ? done / total : 0}
            left={
              <span>
                Round {stage.round} · {STAGE_NAMES[stage.kind]}
              </span>
            }
            right={`${done} / ${total} ${UNIT_NAMES[stage.kind]}${stageDone(run, stage) ? ' · done' : isCurrent ? ' · running' : ''}`}
          />
        );
      })}
    </div>
  );
}
