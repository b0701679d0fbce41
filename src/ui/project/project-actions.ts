import { backupProject, restoreProject } from '../../data/backup';
import { database, SelfAlignDatabase } from '../../data/database';
import { currentProject, databaseNameOf, listProjects, setCurrentProject } from '../../data/projects';
import { downloadBlob } from '../common/download';

export function switchProject(name: string): void {
  setCurrentProject(name);
  window.location.reload();
}

export async function downloadBackup(): Promise<void> {
  downloadBlob(await backupProject(database), `selfalign-${currentProject()}-backup.json`);
}

/**
 * Restores a backup into the current project when it is empty (a fresh browser), else into a new
 * project, which then opens.
 */
export async function restoreBackup(file: File): Promise<string> {
  const empty = (await Promise.all(database.tables.map((table) => table.count()))).every((n) => n === 0);
  if (empty) {
    const rows = await restoreProject(database, file);
    return `Restored ${rows} records from ${file.name}.`;
  }
  const base = `restored ${new Date().toISOString().slice(0, 10)}`;
  let name = base;
  for (let n = 2; listProjects().includes(name); n++) name = `${base} ${n}`;
  const target = new SelfAlignDatabase(databaseNameOf(name));
  try {
    await restoreProject(target, file);
  } finally {
    target.close();
  }
  switchProject(name);
  return `Restored into the new project "${name}".`;
}
