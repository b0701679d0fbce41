import { useShallow } from 'zustand/react/shallow';
import { useExploreStore } from '../../state/explore-store';
import { useModelStore } from '../../state/model-store';
import { catalog } from '../../workers/runtime-client';

/**
 * Said once, on the first photo (an image that is not a shapes scene) shown to an embedded model:
 * those models know only the shapes world, and the Hub's SmolVLM models are the ones for photos.
 */
export function PhotoNotice({ isPhoto }: { isPhoto: boolean }) {
  const modelId = useModelStore((s) => s.info?.modelId ?? s.selectedId.trim());
  const { dismissed, dismiss } = useExploreStore(
    useShallow((s) => ({ dismissed: s.photoNoticeDismissed, dismiss: s.dismissPhotoNotice })),
  );
  const embedded = catalog.find((entry) => entry.id === modelId)?.source === 'embedded';
  if (!isPhoto || !embedded || dismissed) return null;
  return (
    <p className="note" data-testid="photo-notice">
      {modelId} is a small model trained here on the shapes world only (coloured shapes on a 3×3 grid), so its answers
      about a photo mean little; for photos, load a Hub model such as SmolVLM 256M Instruct in the{' '}
      <a href="#/model">Model panel</a>.{' '}
      <button className="link" onClick={dismiss} data-testid="photo-notice-dismiss">
        Got it
      </button>
    </p>
  );
}
