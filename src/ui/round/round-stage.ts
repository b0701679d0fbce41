import { database } from '../../data/database';
import { repeatedBaseEvaluation } from '../../data/evals';
import { formatCounts, methodName } from '../../data/labels';
import type { PairRecord } from '../../data/pairs/pair-records';
import { pairContentKey } from '../../data/pairs/pair-content-key';
import { savePairs } from '../../data/pairs/pair-store';
import { DEFAULT_TRAINING_STATUSES, pairsForTraining } from '../../data/pairs/training-choice';
import type { MethodRunRecord } from '../../data/records';
import { METHOD_SPLIT } from '../../data/runs';
import { roundItemsOf, type RoundRunRecord } from '../../data/round-records';
import type { RoundStage } from '../../data/round-stages';
import type { DpoStepLog } from '../../engine/dpo/dpo-trainer';
import { useRoundStore } from '../../state/round-store';
import { ROUND_EVAL_SEED, roundClient } from '../../workers/round-client';
import { EMPTY_GALLERY, galleryItems } from '../images/gallery-method-items';
import { galleryPixelsOf } from '../train/gallery-pixels';
import { patchRun, patchStep, roundAdapter, storeAdapter, storedEvaluation, storeEvaluation } from './round-store-io';

const progress = (done: number, total: number, note?: string) => useRoundStore.getState().progress(done, total, note);

/** The method's picks, accepted as they are (review mode 'accept'): trained as made, shown as accepted in Pairs. */
function accepted(pairs: PairRecord[]): PairRecord[] {
  const decidedAt = Date.now();
  return pairs.map((pair) => ({ ...pair, review: { status: 'accepted', bulk: true, decidedAt } }));
}

/** Round k's pairs: the method on the pool scenes or the gallery's items, sampled from round k − 1's adapted model; stored in Pairs and Methods. */
async function pairsStage(run: RoundRunRecord, round: number): Promise<void> {
  const previous = round > 1 ? await roundAdapter(run, round - 1) : undefined;
  const images = roundItemsOf(run) === 'gallery' ? await galleryItems() : undefined;
  if (images?.length === 0) throw new Error(EMPTY_GALLERY);
  const n = images?.length ?? run.n;
  const made = await roundClient().pairs(
    {
      modelId: run.modelId,
      settings: run.method,
      n,
      images,
      previous: previous && { config: previous.config, weights: previous.weights },
      load: run.load ?? {},
    },
    (done, total) => progress(done, total),
  );
  if (made.pairs.length === 0)
    throw new Error(
      `${methodName(run.method.method)} made no pairs from ${n} items in round ${round} (${formatCounts(made.counts)}), so there is nothing to train on.`,
    );
  // Review mode 'stop': the pairs wait in Pairs as the method made them (pending) for the annotator.
  const pairs = run.review === 'stop' ? made.pairs : accepted(made.pairs);
  const now = Date.now();
  const methodRun: MethodRunRecord = {
    id: crypto.randomUUID(),
    modelId: run.modelId,
    settings: run.method,
    ...(images ? { galleryItems: n } : { scenes: { split: METHOD_SPLIT, seed: run.method.seed, start: 0, n } }),
    status: 'complete',
    done: n,
    pairsStored: 0,
    duplicates: 0,
    counts: made.counts,
    agreement: made.agreement,
    quality: made.quality,
    createdAt: now,
    updatedAt: now,
  };
  await database.methodRuns.add(methodRun);
  // In Pairs, a pair that says what a stored one says is kept once; the round keeps its own list to train on.
  const saved = await savePairs(pairs, { runId: methodRun.id });
  await database.methodRuns.update(methodRun.id, { pairsStored: saved.added, duplicates: saved.duplicates });
  await patchStep(run.id, round, {
    pairs,
    counts: made.counts,
    quality: made.quality,
    methodRunId: methodRun.id,
    logs: [],
  });
}

/**
 * The round's pairs as the annotator left them in Pairs (found by what they say, so a pair stored
 * earlier under another run counts with its review): the accepted and swapped ones, edits applied in training.
 */
async function reviewedPairs(pairs: PairRecord[], round: number): Promise<PairRecord[]> {
  const reviewed: PairRecord[] = [];
  for (const pair of pairs) {
    const stored = await database.pairs.where('contentKey').equals(pairContentKey(pair)).first();
    reviewed.push(stored ? { ...pair, review: stored.review } : pair);
  }
  return pairsForTraining(
    reviewed,
    { method: '', statuses: DEFAULT_TRAINING_STATUSES },
    `accept or swap some of round ${round}'s pairs in Pairs, then continue`,
  );
}

/** Round k's LoRA-DPO, from round k − 1's adapter (π_ref and the initial factors), resuming from the last checkpoint. */
async function trainStage(run: RoundRunRecord, round: number): Promise<void> {
  let step = run.steps[round - 1]!;
  if (!step.trainedPairs) {
    const trainedPairs = run.review === 'stop' ? await reviewedPairs(step.pairs!, round) : step.pairs!;
    await patchStep(run.id, round, { trainedPairs });
    step = { ...step, trainedPairs };
  }
  const start = round > 1 ? await roundAdapter(run, round - 1) : undefined;
  const firstStep = step.checkpoint?.step ?? 0;
  const kept = step.logs.slice(0, firstStep);
  const session: DpoStepLog[] = [];
  const total = run.training.totalSteps;
  const trained = await roundClient().train(
    {
      modelId: run.modelId,
      settings: run.training,
      pairs: step.trainedPairs!,
      images: await galleryPixelsOf(step.trainedPairs!),
      start: start && { config: start.config, weights: start.weights },
      checkpoint: step.checkpoint,
      checkpointEvery: run.checkpointEvery,
    },
    (event) => {
      if (event.type === 'phase') progress(firstStep, total, `${event.phase} ${event.done}/${event.total}`);
      else if (event.type === 'step') {
        session.push(event.log);
        progress(event.log.step, total, `loss ${event.log.loss.toFixed(4)}`);
      } else
        void patchStep(run.id, round, {
          checkpoint: event.checkpoint,
          logs: [...kept, ...session].slice(0, event.checkpoint.step),
        }).catch(() => {}); // a checkpoint that cannot be stored only means a resume starts further back
    },
  );
  const name = `round ${round} · ${methodName(run.method.method)} · ${new Date(run.createdAt).toLocaleString()}`;
  const adapterId = await storeAdapter(run, name, trained.adapter);
  await patchStep(run.id, round, { adapterId, logs: [...kept, ...trained.logs], checkpoint: undefined });
}

/**
 * The base model's evaluation on the round's test scenes, stored in Evaluate; one stored before
 * (by an earlier run or in Evaluate) of the same weights, dtype and device on the same scenes is
 * reused, since greedy answers would repeat it.
 */
async function baseEvalStage(run: RoundRunRecord): Promise<void> {
  const identity = await roundClient().identity(run.modelId, run.load ?? {});
  const earlier =
    identity.modelSha256 === null
      ? undefined
      : repeatedBaseEvaluation(await database.evaluations.toArray(), {
          model: run.modelId,
          modelSha256: identity.modelSha256,
          dtype: identity.dtype,
          device: identity.device,
          n: run.evalN,
          seed: ROUND_EVAL_SEED,
        });
  if (earlier) {
    progress(run.evalN, run.evalN, 'reused');
    await patchRun(run.id, { baseEvalId: earlier.id, baseEvalReused: true });
    return;
  }
  const report = await roundClient().evaluate(
    { modelId: run.modelId, n: run.evalN, load: run.load ?? {} },
    (done, total) => progress(done, total),
  );
  await patchRun(run.id, { baseEvalId: await storeEvaluation(report) });
}

/** Round k's adapted model evaluated on the same scenes (stored in Evaluate), and paired with the base model's. */
async function evalStage(run: RoundRunRecord, round: number): Promise<void> {
  const step = run.steps[round - 1]!;
  let evalId = step.evalId;
  if (!evalId) {
    const adapter = await roundAdapter(run, round);
    const report = await roundClient().evaluate(
      {
        modelId: run.modelId,
        n: run.evalN,
        adapter: { name: adapter.name, files: { config: adapter.config, weights: adapter.weights } },
        load: run.load ?? {},
      },
      (done, total) => progress(done, total),
    );
    evalId = await storeEvaluation(report);
    await patchStep(run.id, round, { evalId });
  }
  const base = await storedEvaluation(run.baseEvalId, 'base model’s');
  const adapted = await storedEvaluation(evalId, `round ${round}’s`);
  const { n, delta, changed } = await roundClient().compare(base.summary, adapted.summary);
  await patchStep(run.id, round, { compared: { n, delta, changed } });
}

/** Runs one stage of a stored round run and stores its output. */
export function runStage(run: RoundRunRecord, stage: RoundStage): Promise<void> {
  if (stage.kind === 'pairs') return pairsStage(run, stage.round);
  if (stage.kind === 'train') return trainStage(run, stage.round);
  if (stage.kind === 'base-eval') return baseEvalStage(run);
  return evalStage(run, stage.round);
}
