import type { LiveTraining } from '../../state/train-store';
import { ProgressMeter } from '../common/ProgressBar';

const phaseLabels = {
  loading: 'Loading the model',
  tokenising: 'Tokenising pairs',
  reference: 'Reference log-probs (adapter off)',
  training: 'Training',
};

/** The run in progress: phase, a progress bar with ETA, device, step time, throughput and memory. */
export function TrainProgress({ live, totalSteps }: { live: LiveTraining; totalSteps: number }) {
  const last = live.logs.at(-1);
  const elapsed = (Date.now() - live.startedAt) / 1000;
  const training = live.phase === 'training';
  const done = training ? (last?.step ?? live.firstStep) : live.phaseDone;
  const total = training ? totalSteps : live.phaseTotal;
  const secondsPerStep = last ? last.stepMs / 1000 : undefined;
  const eta = training && secondsPerStep !== undefined ? secondsPerStep * (totalSteps - done) : undefined;
  return (
    <ProgressMeter
      testId="train-progress"
      fraction={total ? done / total : 0}
      left={
        <span data-testid="train-phase">
          {phaseLabels[live.phase]} · {done} / {total}
          {live.firstStep > 0 ? ` · resumed from the checkpoint at step ${live.firstStep}` : ''}
          {live.stopping ? ` · ${live.stopping === 'pause' ? 'pausing' : 'cancelling'} after this step…` : ''}
        </span>
      }
      right={eta !== undefined ? `ETA ${Math.ceil(eta)} s` : `${Math.round(elapsed)} s`}
    >
      {live.note && (
        <p className="note" data-testid="train-note">
          {live.note}
        </p>
      )}
      {last && (
        <p className="muted" data-testid="train-stats">
          {live.device ?? 'wasm'} · {(last.stepMs / 1000).toFixed(2)} s/step · {last.tokensPerSecond.toFixed(0)}{' '}
          tokens/s · loss {last.loss.toFixed(4)} · margin {last.margin.toFixed(3)} · accuracy {last.accuracy.toFixed(2)}{' '}
          · grad norm {last.gradNorm.toFixed(3)}
          {live.memoryMiB ? ` · JS heap ${live.memoryMiB.toFixed(0)} MiB` : ''}
        </p>
      )}
    </ProgressMeter>
  );
}
