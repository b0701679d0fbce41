import { useEffect, useState } from 'react';
import { useExploreStore } from '../../state/explore-store';
import { importDatasetFiles } from './import-dataset-action';
import { importImageFiles } from './import-images';

/** Image and dataset imports with their errors, notes and busy flag; images pasted on the page (Ctrl+V) are imported too. */
export function useImports() {
  const [errors, setErrors] = useState<string[]>([]);
  const [notes, setNotes] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const selectImage = useExploreStore((s) => s.selectImage);

  /** Stores the images and selects the last one added. */
  const addFiles = async (files: File[]) => {
    if (files.length === 0) return;
    setBusy(true);
    const outcome = await importImageFiles(files);
    setBusy(false);
    setErrors(outcome.errors);
    setNotes(outcome.added.flatMap((r) => (r.note ? [`${r.name}: ${r.note}`] : [])));
    if (outcome.added.length > 0) selectImage(outcome.added[outcome.added.length - 1].id);
  };

  /** A dataset's files (LLaVA, COCO, a SelfAlign export; or one zip). */
  const addDataset = (files: File[]) => {
    if (files.length === 0) return;
    setBusy(true);
    importDatasetFiles(files)
      .then(
        (note) => (setNotes([note]), setErrors([])),
        (error: Error) => setErrors([error.message]),
      )
      .finally(() => setBusy(false));
  };

  const dismissError = (message: string) => setErrors((all) => all.filter((m) => m !== message));

  useEffect(() => {
    const onPaste = (event: ClipboardEvent) => {
      const files = Array.from(event.clipboardData?.files ?? []);
      if (files.length > 0) void addFiles(files);
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  });

  return { errors, notes, busy, addFiles, addDataset, dismissError };
}
