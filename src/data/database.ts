import Dexie, { type EntityTable } from 'dexie';
import { pairContentKey } from './pairs/pair-content-key';
import { currentProject, databaseNameOf } from './projects';
import type {
  AdapterRecord,
  EvalRunRecord,
  ImageRecord,
  MethodRunRecord,
  SampleRunRecord,
  StoredPair,
  TrainingRunRecord,
} from './records';
import type { RoundRunRecord } from './round-records';

/** The project's IndexedDB store. Durable data lives here; UI state lives in state/. */
export class SelfAlignDatabase extends Dexie {
  images!: EntityTable<ImageRecord, 'id'>;
  runs!: EntityTable<SampleRunRecord, 'id'>;
  evaluations!: EntityTable<EvalRunRecord, 'id'>;
  pairs!: EntityTable<StoredPair, 'id'>;
  trainingRuns!: EntityTable<TrainingRunRecord, 'id'>;
  adapters!: EntityTable<AdapterRecord, 'id'>;
  methodRuns!: EntityTable<MethodRunRecord, 'id'>;
  roundRuns!: EntityTable<RoundRunRecord, 'id'>;

  constructor(name = 'selfalign') {
    super(name);
    this.version(1).stores({
      images: 'id, createdAt',
      runs: 'id, imageId, createdAt',
    });
    this.version(2).stores({ evaluations: 'id, createdAt' });
    this.version(3).stores({
      pairs: 'id, method, createdAt',
      trainingRuns: 'id, status, createdAt',
      adapters: 'id, modelId, createdAt',
    });
    // Pairs are deduplicated by what they say, not only by id, and know the method run that made them.
    this.version(4)
      .stores({ pairs: 'id, method, createdAt, contentKey, runId', methodRuns: 'id, createdAt' })
      .upgrade((tx) =>
        tx
          .table('pairs')
          .toCollection()
          .modify((pair: StoredPair) => void (pair.contentKey = pairContentKey(pair))),
      );
    // Round view runs: each stage's output as it is made, so a reload resumes the round.
    this.version(5).stores({ roundRuns: 'id, status, createdAt' });
  }
}

/** The current project's database (see projects.ts). */
export const database = new SelfAlignDatabase(databaseNameOf(currentProject()));
