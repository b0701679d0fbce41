/** Asks before a delete that cannot be undone, naming what goes: true to go ahead. */
export function confirmDelete(what: string): boolean {
  return window.confirm(`Delete ${what}? This cannot be undone.`);
}
