import { useShallow } from 'zustand/react/shallow';
import { database } from '../../data/database';
import type { ImageRecord } from '../../data/records';
import { useExploreStore } from '../../state/explore-store';
import { confirmDelete } from '../common/confirm-delete';

export function Gallery({ images, compact = false }: { images: ImageRecord[]; compact?: boolean }) {
  const { selectedImageId, selectImage } = useExploreStore(
    useShallow(({ selectedImageId, selectImage }) => ({ selectedImageId, selectImage })),
  );
  if (images.length === 0) return <p className="muted">No images yet.</p>;
  const remove = async (id: string) => {
    const image = images.find((candidate) => candidate.id === id);
    const runs = await database.runs.where('imageId').equals(id).count();
    const also = runs > 0 ? ` and its ${runs} Explore run${runs === 1 ? '' : 's'}` : '';
    if (!confirmDelete(`the image "${image?.name ?? id}"${also}`)) return;
    await database.transaction('rw', database.images, database.runs, async () => {
      await database.runs.where('imageId').equals(id).delete();
      await database.images.delete(id);
    });
    if (selectedImageId === id) selectImage(undefined);
  };
  return (
    <ul className={`gallery ${compact ? 'compact' : ''}`} data-testid="gallery">
      {images.map((image) => (
        <li key={image.id} className={image.id === selectedImageId ? 'selected' : ''}>
          <button
            className="thumb"
            onClick={() => selectImage(image.id)}
            title={`${image.name} (${image.width}×${image.height})`}
          >
            <img src={image.thumbnail} alt={image.name} />
          </button>
          {!compact && (
            <div className="thumb-meta">
              <span className="name">{image.name}</span>
              <span className="muted">
                {image.width}×{image.height}
                {image.scene && ' · ground truth'}
                {image.objects && ` · COCO: ${image.objects.join(', ') || 'no objects'}`}
                {image.prompts &&
                  ` · ${image.prompts.length} prompt${image.prompts.length === 1 ? '' : 's'}${image.prompts.some((p) => p.reference) ? ' with references' : ''}`}
              </span>
              <button className="link" onClick={() => void remove(image.id)} aria-label={`Delete ${image.name}`}>
                Delete
              </button>
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
