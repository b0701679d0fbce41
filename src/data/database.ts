import Dexie, { type EntityTable } from 'dexie';
import type { EvalRunRecord, ImageRecord, SampleRunRecord } from './records';

/** The project's IndexedDB store. Durable data lives here; UI state lives in state/. */
export class SelfAlignDatabase extends Dexie {
  images!: EntityTable<ImageRecord, 'id'>;
  runs!: EntityTable<SampleRunRecord, 'id'>;
  evaluations!: EntityTable<EvalRunRecord, 'id'>;

  constructor(name = 'selfalign') {
    super(name);
    this.version(1).stores({
      images: 'id, createdAt',
      runs: 'id, imageId, createdAt',
    });
    this.version(2).stores({ evaluations: 'id, createdAt' });
  }
}

export const database = new SelfAlignDatabase();
