// Paths inside an import (zip entries, files of a chosen folder, image paths a JSON names) as one
// normal form: relative, '/'-separated, no '.' or empty segments. A path that could reach outside
// the import's root is refused, never repaired.

/** Import files by normalised relative path. */
export type ImportFiles = ReadonlyMap<string, Uint8Array>;

/**
 * The normal form of a relative path, or one sentence (starting with `what`, e.g. 'The zip entry
 * "x"') when it escapes the root: '..' segments, absolute paths, drive letters, backslashes (a
 * folder separator on Windows, so `a\..\..\x` would climb there) and control characters.
 * A path naming a folder ('a/b/') gives its folder path; the root itself gives ''.
 */
export function normaliseImportPath(raw: string, what: string): string {
  const reason =
    // eslint-disable-next-line no-control-regex -- control characters are what this looks for
    /[\u0000-\u001f\u007f]/.test(raw)
      ? 'holds control characters'
      : raw.includes('\\')
        ? 'uses backslashes, which Windows reads as folder separators'
        : raw.startsWith('/')
          ? 'is an absolute path'
          : /^[A-Za-z]:/.test(raw)
            ? 'starts with a drive letter'
            : raw.split('/').includes('..')
              ? 'climbs out of its folder with ".."'
              : null;
  if (reason) throw new Error(`${what} ${reason}, so it could point outside the import; nothing was imported.`);
  return raw
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.')
    .join('/');
}

export const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);
export const folderOf = (path: string): string => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');
export const joinPath = (folder: string, path: string): string => (folder === '' ? path : `${folder}/${path}`);

/** Files a tool adds to archives that are no part of the data (macOS resource forks, Finder and Explorer metadata). */
export const isSystemFile = (path: string): boolean =>
  path
    .split('/')
    .some(
      (segment) =>
        segment === '__MACOSX' || segment === '.DS_Store' || segment === 'Thumbs.db' || segment === 'desktop.ini',
    );

/**
 * Finds a file that a data file names by a relative path: the path itself, else the one file whose
 * path ends with it (the import has an extra folder on top, e.g. images/…), else the same without
 * the path's own leading folders. Several such files is ambiguous: one sentence.
 */
export class FileFinder {
  private readonly bySuffix = new Map<string, string[]>();

  constructor(readonly files: ImportFiles) {
    for (const path of files.keys()) {
      for (let at = path.indexOf('/'); at !== -1; at = path.indexOf('/', at + 1)) {
        const suffix = path.slice(at + 1);
        const list = this.bySuffix.get(suffix);
        if (list) list.push(path);
        else this.bySuffix.set(suffix, [path]);
      }
    }
  }

  /** The file at the path, or under extra folders; undefined when none; `what` starts the sentence for an ambiguous path. */
  findExact(path: string, what: string): string | undefined {
    if (this.files.has(path)) return path;
    const candidates = this.bySuffix.get(path);
    if (!candidates) return undefined;
    if (candidates.length > 1)
      throw new Error(
        `${what} could be any of ${candidates.slice(0, 2).join(' or ')}${candidates.length > 2 ? ' (and more)' : ''}; keep one folder of images per import.`,
      );
    return candidates[0];
  }

  /** As findExact, then without the path's leading folders, one at a time (the longest match wins). */
  find(path: string, what: string): string | undefined {
    const segments = path.split('/');
    for (let drop = 0; drop < segments.length; drop++) {
      const found = this.findExact(segments.slice(drop).join('/'), what);
      if (found !== undefined) return found;
    }
    return undefined;
  }
}
