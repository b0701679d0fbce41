/**
 * A LoRA-DPO run over tokenised pairs, the same in the training worker and the CLI: reference
 * log-probs (reused when stored with the pair for this model and these texts), then steps over a
 * seeded pair order, each reported as it finishes.
 */
import {
  dpoTrainer,
  type DpoSettings,
  type DpoState,
  type DpoStepLog,
  type PreparedPair,
} from '../../engine/dpo/dpo-trainer';
import { pairsForStep } from '../../engine/dpo/pair-order';
import type { DpoModel, ReferenceLogprobs } from '../../engine/dpo/dpo-batch';
import type { Params } from '../../engine/init-weights';
import { referenceToStore, reusableReference } from '../../data/pairs/stored-reference';
import type { PairWithRecord } from './pair-tokens';

/** Stored references fit a pair when they were computed with this model for these texts and tokens. */
function storedReference(pair: PairWithRecord, modelId: string): ReferenceLogprobs | undefined {
  const stored = reusableReference(pair.record, modelId, pair.texts);
  return stored && stored.chosen.length === pair.chosen.length && stored.rejected.length === pair.rejected.length
    ? stored
    : undefined;
}

/**
 * `referenceId` names π_ref in stored references (the model id, or the model and the adapter π_ref
 * has on); `referenceFactors` (borrowed) are that adapter's factors, absent for the base model.
 */
export function dpoRun(model: DpoModel, referenceId: string, settings: DpoSettings, referenceFactors?: Params) {
  const modelId = referenceId;
  const trainer = dpoTrainer(model, settings);
  return {
    /** Pairs with π_ref; computed ones are also written into their pair's record, with the texts they are for. */
    async prepare(
      pairs: PairWithRecord[],
      onProgress: (done: number, total: number) => void = () => {},
    ): Promise<PreparedPair[]> {
      const missing = pairs.filter((pair) => !storedReference(pair, modelId));
      const computed: ReferenceLogprobs[] = [];
      for (let start = 0; start < missing.length; start += settings.batchSize) {
        computed.push(...(await trainer.reference(missing.slice(start, start + settings.batchSize), referenceFactors)));
        onProgress(computed.length, missing.length);
      }
      let next = 0;
      return pairs.map((pair) => {
        const stored = storedReference(pair, modelId);
        if (stored) return { ...pair, reference: stored };
        const reference = computed[next++]!;
        pair.record.reference = referenceToStore(modelId, pair.texts, reference);
        return { ...pair, reference };
      });
    },

    /**
     * Runs steps state.step … totalSteps − 1, or until `shouldStop`; returns their logs. Between
     * steps it awaits `onStep` and yields to the event loop, so a worker still hears pause and cancel.
     */
    async train(
      state: DpoState,
      pairs: PreparedPair[],
      onStep: (log: DpoStepLog) => void | Promise<void> = () => {},
      shouldStop = () => false,
    ): Promise<DpoStepLog[]> {
      const perStep = settings.batchSize * settings.accumulation;
      const logs: DpoStepLog[] = [];
      while (state.step < settings.totalSteps && !shouldStop()) {
        const log = await trainer.step(
          state,
          pairsForStep(pairs.length, perStep, settings.seed, state.step).map((i) => pairs[i]!),
        );
        logs.push(log);
        await onStep(log);
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      return logs;
    },
  };
}
