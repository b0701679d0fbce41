/**
 * Projects: each is its own IndexedDB database, so items, pairs, runs and adapters of one never mix
 * with another's. The current project's name lives in localStorage; switching reloads the app on
 * the other database. "default" keeps the original database name, so data from before projects stays.
 */
const CURRENT_KEY = 'selfalign.project';
const LIST_KEY = 'selfalign.projects';
export const DEFAULT_PROJECT = 'default';
const validName = /^[A-Za-z0-9][A-Za-z0-9 _-]{0,39}$/;

const storage = (): Storage | undefined => (typeof localStorage === 'undefined' ? undefined : localStorage);

export function databaseNameOf(project: string): string {
  return project === DEFAULT_PROJECT ? 'selfalign' : `selfalign-project-${project}`;
}

export function currentProject(): string {
  return storage()?.getItem(CURRENT_KEY) ?? DEFAULT_PROJECT;
}

export function listProjects(): string[] {
  let saved: unknown = [];
  try {
    saved = JSON.parse(storage()?.getItem(LIST_KEY) ?? '[]');
  } catch {
    // A damaged list only loses the menu entries; the databases themselves stay.
  }
  const names = Array.isArray(saved)
    ? saved.filter((name): name is string => typeof name === 'string' && validName.test(name))
    : [];
  return [...new Set([DEFAULT_PROJECT, currentProject(), ...names])].sort();
}

/** Checks a new project's name: one sentence when it cannot be used. */
export function checkProjectName(name: string): string {
  const trimmed = name.trim();
  if (!validName.test(trimmed))
    throw new Error('A project name is 1–40 letters, digits, spaces, "-" or "_", starting with a letter or digit.');
  return trimmed;
}

/** Makes `name` the current project (adding it to the list); the caller reloads the app. */
export function setCurrentProject(name: string): void {
  const project = checkProjectName(name);
  storage()?.setItem(LIST_KEY, JSON.stringify([...new Set([...listProjects(), project])]));
  storage()?.setItem(CURRENT_KEY, project);
}
