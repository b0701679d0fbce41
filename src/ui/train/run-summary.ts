import type { DpoStepLog } from '../../engine/dpo/dpo-trainer';

/**
 * What a run ran on and how fast, kept after it ends: "wasm · 0.52 s/step · 310 tokens/s · 8 steps"
 * (the mean over its stored steps); empty before its first step.
 */
export function runSummary(device: string | undefined, logs: readonly DpoStepLog[]): string {
  if (!logs.length) return '';
  const mean = (f: (log: DpoStepLog) => number) => logs.reduce((sum, log) => sum + f(log), 0) / logs.length;
  const secondsPerStep = mean((log) => log.stepMs) / 1000;
  const tokensPerSecond = mean((log) => log.tokensPerSecond);
  return `${device ?? 'device unknown'} · ${secondsPerStep.toFixed(2)} s/step · ${tokensPerSecond.toFixed(0)} tokens/s · ${logs.length} step${logs.length === 1 ? '' : 's'}`;
}
