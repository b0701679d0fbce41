import { database } from '../../data/database';
import type { AdapterRecord, EvalRunRecord } from '../../data/records';
import type { RoundRunRecord, RoundStepRecord } from '../../data/round-records';
import { describeStorageError } from '../../data/storage-errors';
import type { EvalReport } from '../../data/evals';

// The round run's record and each stage's outputs in the project's database: one write at a time,
// in order, so a checkpoint written while a step finishes never loses to an older copy.
let writes: Promise<unknown> = Promise.resolve();

function serial<T>(write: () => Promise<T>): Promise<T> {
  const next = writes.then(write);
  writes = next.catch(() => {});
  return next;
}

const stored = async <T>(what: string, write: () => Promise<T>): Promise<T> => {
  try {
    return await write();
  } catch (error) {
    throw new Error(describeStorageError(error, what));
  }
};

/** Merges `patch` into the run's record. */
export function patchRun(runId: string, patch: Partial<RoundRunRecord>): Promise<void> {
  return serial(() =>
    stored('the round', async () => {
      await database.roundRuns.update(runId, { ...patch, updatedAt: Date.now() });
    }),
  );
}

/** Merges `patch` into round `round`'s (1-based) outputs, creating them when the round has none yet. */
export function patchStep(runId: string, round: number, patch: Partial<RoundStepRecord>): Promise<void> {
  return serial(() =>
    stored('the round', () =>
      database.transaction('rw', database.roundRuns, async () => {
        const run = await database.roundRuns.get(runId);
        if (!run) return;
        const steps = [...run.steps];
        while (steps.length < round) steps.push({ logs: [] });
        steps[round - 1] = { ...steps[round - 1]!, ...patch };
        await database.roundRuns.put({ ...run, steps, updatedAt: Date.now() });
      }),
    ),
  );
}

/** Stores an evaluation as the Evaluate view does (it lists it), and returns its id. */
export async function storeEvaluation(report: EvalReport): Promise<string> {
  const record: EvalRunRecord = {
    ...report,
    id: crypto.randomUUID(),
    device: report.summary.device ?? 'unknown',
    createdAt: Date.now(),
  };
  await stored('the evaluation', () => database.evaluations.add(record));
  return record.id;
}

/** Stores a round's adapter as the Train view does (it lists it, Explore and Evaluate can pick it), and returns its id. */
export async function storeAdapter(
  run: RoundRunRecord,
  name: string,
  files: { config: string; weights: Uint8Array },
): Promise<string> {
  const adapter: AdapterRecord = {
    id: crypto.randomUUID(),
    name,
    modelId: run.modelId,
    runId: run.id,
    config: files.config,
    weights: files.weights,
    steps: run.training.totalSteps,
    createdAt: Date.now(),
  };
  await stored('the adapter', () => database.adapters.add(adapter));
  return adapter.id;
}

/** The adapter trained in round `round` (1-based), or one sentence why it is gone. */
export async function roundAdapter(run: RoundRunRecord, round: number): Promise<AdapterRecord> {
  const id = run.steps[round - 1]?.adapterId;
  const adapter = id ? await database.adapters.get(id) : undefined;
  if (!adapter)
    throw new Error(`Round ${round}'s adapter was deleted, so the round cannot go on from it; start a new round run.`);
  return adapter;
}

/** A stored evaluation by id, or one sentence why it is gone. */
export async function storedEvaluation(id: string | undefined, what: string): Promise<EvalRunRecord> {
  const record = id ? await database.evaluations.get(id) : undefined;
  if (!record) throw new Error(`The ${what} evaluation was deleted, so the round cannot go on; start a new round run.`);
  return record;
}
