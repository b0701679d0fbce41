import { useLiveQuery } from 'dexie-react-hooks';
import { useRef, useState } from 'react';
import { database } from '../../data/database';
import { ErrorLine } from '../common/ErrorLine';
import { Gallery } from './Gallery';
import { useImports } from './use-imports';
import { WorldSource } from './WorldSource';

/** Add images by drag-and-drop, file picker or paste; they are stored in IndexedDB and survive reloads. */
export function ImagesView() {
  const images = useLiveQuery(() => database.images.orderBy('createdAt').toArray(), []);
  const { errors, notes, busy, addFiles, addDataset, dismissError } = useImports();
  const [dragging, setDragging] = useState(false);
  const picker = useRef<HTMLInputElement>(null);

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
          (TRL, LLaMA-Factory, RLAIF-V; JSONL or Parquet), as files or one zip.
        </p>
        <label className="button" data-testid="dataset-button">
          Import a dataset (files or a zip)…
          <input
            type="file"
            multiple
            hidden
            accept=".json,.jsonl,.parquet,.zip,image/*"
            data-testid="dataset-input"
            onChange={(e) => {
              const files = Array.from(e.target.files ?? []);
              e.target.value = '';
              addDataset(files);
            }}
          />
        </label>
        {busy && <p className="muted">Importing…</p>}
      </section>
      <WorldSource />
      {errors.map((message) => (
        <ErrorLine key={message} message={message} onDismiss={() => dismissError(message)} />
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
