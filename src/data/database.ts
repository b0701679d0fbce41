import Dexie, { type EntityTable } from 'dexie';
import type { ImageRecord, SampleRunRecord } from './records';

/** The project's IndexedDB store. Durable data lives here; UI state lives in state/. */
export class SelfAlignDatabase extends Dexie {
  images!: EntityTable<ImageRecord, 'id'>;
  runs!: EntityTable<SampleRunRecord, 'id'>;

  constructor(name = 'selfalign') {
    super(name);
    this.version(1).stores({
      images: 'id, createdAt',
      runs: 'id, imageId, createdAt',
    });
  }
}

export const database = new SelfAlignDatabase();
