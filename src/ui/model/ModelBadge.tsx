import { useShallow } from 'zustand/react/shallow';
import { useModelStore } from '../../state/model-store';

/** The top bar's one-line answer to "which model, on what?". */
export function ModelBadge() {
  const { status, info, selectedId } = useModelStore(
    useShallow(({ status, info, selectedId }) => ({ status, info, selectedId })),
  );
  const text =
    status === 'ready' && info
      ? `${info.modelId}${info.adapter ? ` + ${info.adapter.name}` : ''} · ${info.device} · ${info.dtype.decoder_model_merged}`
      : status === 'loading'
        ? `Loading ${selectedId}…`
        : status === 'error'
          ? 'Model failed to load'
          : 'No model loaded';
  return (
    <a href="#/model" className={`model-badge ${status}`} data-testid="model-badge">
      {text}
    </a>
  );
}
