import { useShallow } from 'zustand/react/shallow';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo } from 'react';
import { database } from '../../data/database';
import { useExploreStore } from '../../state/explore-store';
import { useModelStore } from '../../state/model-store';
import { ErrorLine } from '../common/ErrorLine';
import { Gallery } from '../images/Gallery';
import { AdapterControls } from './AdapterControls';
import { AnswerColumns } from './AnswerColumns';
import { RunHistory } from './RunHistory';
import { LogprobLegend } from './Legends';
import { PhotoNotice } from './PhotoNotice';
import { GroundTruth } from '../evaluate/SceneImage';
import { SamplingControls } from './SamplingControls';
import { cancelSampling, runSampling } from './run-action';

/** Pick an image, write a prompt, sample K answers side by side with a log-prob heatmap. */
export function ExploreView() {
  const images = useLiveQuery(() => database.images.orderBy('createdAt').toArray(), []);
  const { selectedImageId, prompt, setPrompt, options, live, error, endLive } = useExploreStore(
    useShallow(({ selectedImageId, prompt, setPrompt, options, live, error, endLive }) => ({
      selectedImageId,
      prompt,
      setPrompt,
      options,
      live,
      error,
      endLive,
    })),
  );
  const modelStatus = useModelStore((s) => s.status);
  const image = useMemo(() => images?.find((i) => i.id === selectedImageId), [images, selectedImageId]);
  const imageUrl = useMemo(() => (image ? URL.createObjectURL(image.blob) : undefined), [image]);
  useEffect(() => () => (imageUrl ? URL.revokeObjectURL(imageUrl) : undefined), [imageUrl]);
  const hasRuns = useLiveQuery(
    async () => (selectedImageId ? (await database.runs.where('imageId').equals(selectedImageId).count()) > 0 : false),
    [selectedImageId],
  );
  const running = !!live;
  const canRun = !!image && prompt.trim().length > 0 && !running;
  const run = () => {
    if (image && canRun) void runSampling(image);
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) run();
      if (event.key === 'Escape' && running) cancelSampling();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  if (images && images.length === 0) {
    return (
      <p className="card">
        No images yet: add some in <a href="#/images">Images</a>.
      </p>
    );
  }
  return (
    <div className="explore">
      <Gallery images={images ?? []} compact />
      <div className="explore-main">
        <section className="card explore-input">
          <div>
            {image ? (
              <img className="preview" src={imageUrl} alt={image.name} data-testid="preview" />
            ) : (
              <p className="muted">Select an image above.</p>
            )}
            {image?.scene && (
              <details data-testid="ground-truth">
                <summary>Ground truth</summary>
                <GroundTruth scene={image.scene} />
              </details>
            )}
          </div>
          <div className="explore-form">
            <label>
              Prompt
              <textarea value={prompt} onChange={(e) => setPrompt(e.target.value)} rows={2} data-testid="prompt" />
            </label>
            <SamplingControls disabled={running} />
            <div className="row">
              <button className="primary" onClick={run} disabled={!canRun} data-testid="run" title="Ctrl+Enter">
                {running
                  ? modelStatus === 'loading'
                    ? 'Loading model…'
                    : 'Sampling…'
                  : `Sample ${options.greedy ? 'greedy' : options.k}`}
              </button>
              {running && (
                <button onClick={cancelSampling} title="Esc" data-testid="cancel">
                  Cancel
                </button>
              )}
              <span className="muted">Ctrl+Enter runs · Esc cancels</span>
            </div>
            <ErrorLine message={error} onDismiss={() => endLive()} />
            <PhotoNotice isPhoto={!!image && !image.scene} />
          </div>
        </section>
        <AdapterControls image={image} prompt={prompt} disabled={running} />
        {((live && live.imageId === image?.id) || hasRuns) && <LogprobLegend />}
        {live && live.imageId === image?.id && (
          <AnswerColumns
            answers={live.tokens.map((tokens) => ({ tokens }))}
            maxNewTokens={live.options.maxNewTokens}
            parallel={live.parallel}
          />
        )}
        {image && <RunHistory imageId={image.id} />}
      </div>
    </div>
  );
}
