import { useQuery } from '@tanstack/react-query';
import { sceneDataUrl } from '../../data/world-images';
import type { Scene } from '../../world/types';

/** A shapes-world scene drawn by the world's rasterizer (the exact pixels the model saw). */
export function SceneImage({ scene, size = 96 }: { scene: Scene; size?: number }) {
  const url = useQuery({
    queryKey: ['scene-image', scene.id],
    queryFn: () => sceneDataUrl(scene),
    staleTime: Infinity,
  });
  return url.data ? (
    <img className="scene-image" src={url.data} alt={scene.id} width={size} height={size} />
  ) : (
    <div className="scene-image" style={{ width: size, height: size }} />
  );
}

export function GroundTruth({ scene }: { scene: Scene }) {
  return (
    <ul className="ground-truth">
      {scene.objects.map((o) => (
        <li key={o.cell}>
          {o.size} {o.colour} {o.shape} · {o.cell}
        </li>
      ))}
    </ul>
  );
}
