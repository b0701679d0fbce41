import { useLiveQuery } from 'dexie-react-hooks';
import { database } from '../../data/database';
import { galleryImageOf } from '../../data/gallery-items';
import { sceneOfPairImage } from '../../data/world-images';
import type { PairImage } from '../../data/pairs/pair-records';
import { SceneImage } from '../evaluate/SceneImage';

/** A pair's image: a shapes-world scene drawn here, or an imported file from the gallery. */
export function PairImageView({ image, size }: { image: PairImage; size: number }) {
  const scene = sceneOfPairImage(image);
  const path = 'path' in image ? image.path : undefined;
  const stored = useLiveQuery(async () => (path ? galleryImageOf(database, path) : undefined), [path]);
  if (scene) return <SceneImage scene={scene} size={size} />;
  if (stored) return <img className="scene-image" src={stored.thumbnail} alt={path} width={size} />;
  return <span className="muted">{path} (not in the gallery)</span>;
}
