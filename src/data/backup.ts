import { exportDB, importInto, peakImportFile } from 'dexie-export-import';
import type { SelfAlignDatabase } from './database';
import { describeStorageError } from './storage-errors';

/** The whole project (every table, images and adapters included) as one JSON file. */
export function backupProject(db: SelfAlignDatabase): Promise<Blob> {
  return exportDB(db, { prettyJson: false });
}

async function isEmpty(db: SelfAlignDatabase): Promise<boolean> {
  for (const table of db.tables) if ((await table.count()) > 0) return false;
  return true;
}

/**
 * Restores a backup into an empty project, all or nothing: the same tables and rows as the project
 * it was made from. A file that is not a SelfAlign backup, or a project that holds data, is refused
 * in one sentence and nothing is written.
 */
export async function restoreProject(db: SelfAlignDatabase, backup: Blob): Promise<number> {
  let rows: number;
  try {
    const meta = await peakImportFile(backup);
    if (!meta.data?.databaseName?.startsWith('selfalign')) throw new Error('not ours');
    rows = meta.data.tables.reduce((sum, table) => sum + table.rowCount, 0);
  } catch {
    throw new Error('This file is not a SelfAlign project backup.');
  }
  if (!(await isEmpty(db)))
    throw new Error('A backup restores only into an empty project; create a new project first.');
  try {
    await importInto(db, backup, { acceptNameDiff: true, acceptMissingTables: true });
  } catch (error) {
    await Promise.all(db.tables.map((table) => table.clear())).catch(() => {});
    throw new Error(describeStorageError(error, 'the restored project'));
  }
  return rows;
}
