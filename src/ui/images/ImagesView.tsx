import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useRef, useState } from 'react';
import { database } from '../../data/database';
import { useExploreStore } from '../../state/explore-store';
import { ErrorLine } from '../common/ErrorLine';
import { Gallery } from './Gallery';
import { importDatasetFiles } from './import-dataset-action';
import { importImageFiles } from './import-images';
import { WorldSource } from './WorldSource';

/** Add images by drag-and-drop, file picker or paste; they are stored in IndexedDB and survive reloads. */
export function ImagesView() {
  const images = useLiveQuery(() => database.images.orderBy('createdAt').toArray(), []);
  const [errors, setErrors] = useState<string[]>([]);
  const [notes, setNotes] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);
  const picker = useRef<HTMLInputElement>(null);
  const selectImage = useExploreStore((s) => s.selectImage);

  const addFiles = async (files: File[]) => {
    if (files.length === 0) return;
    setBusy(true);
    const outcome = await importImageFiles(files);
    setBusy(false);
    setErrors(outcome.errors);
    setNotes(outcome.added.flatMap((r) => (r.note ? [`${r.name}: ${r.note}`] : [])));
    if (outcome.added.length > 0) selectImage(outcome.added[outcome.added.length - 1].id);
  };

  useEffect(() => {
    const onPaste = (event: ClipboardEvent) => {
      const files = Array.from(event.clipboardData?.files ?? []);
      if (files.length > 0) void addFiles(files);
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  });

  return (
    <div>
      <section
        className={`dropzone card ${dragging ? 'dragging' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          void addFiles(Array.from(e.dataTransfer.files));
        }}
        data-testid="dropzone"
      >
        <p>
          Drop images here, paste them (Ctrl+V), or{' '}
          <button className="link" onClick={() => picker.current?.click()}>
            choose files
          </button>
          . PNG, JPEG, WebP, GIF (first frame) and BMP.
        </p>
        <input
          ref={picker}
          type="file"
          accept="image/png,image/jpeg,image/webp,image/gif,image/bmp"
          multiple
          hidden
          onChange={(e) => {
            void addFiles(Array.from(e.target.files ?? []));
            e.target.value = '';
          }}
          data-testid="file-input"
        />
        <p>
          Or import a dataset: LLaVA instruction JSON with its images, COCO instance annotations, or a SelfAlign export
          (TRL, LLaMA-Factory, RLAIF-V; JSONL or Parquet), as files or one zip:{' '}
          <input
            type="file"
            multiple
            accept=".json,.jsonl,.parquet,.zip,image/*"
            data-testid="dataset-input"
            onChange={(e) => {
              const files = Array.from(e.target.files ?? []);
              e.target.value = '';
              if (files.length === 0) return;
              setBusy(true);
              importDatasetFiles(files)
                .then(
                  (note) => (setNotes([note]), setErrors([])),
                  (error: Error) => setErrors([error.message]),
                )
                .finally(() => setBusy(false));
            }}
          />
        </p>
        {busy && <p className="muted">Importing…</p>}
      </section>
      <WorldSource />
      {errors.map((message) => (
        <ErrorLine
          key={message}
          message={message}
          onDismiss={() => setErrors((all) => all.filter((m) => m !== message))}
        />
      ))}
      {notes.map((note) => (
        <p key={note} className="note" data-testid="import-note">
          {note}
        </p>
      ))}
      <Gallery images={images ?? []} />
    </div>
  );
}
