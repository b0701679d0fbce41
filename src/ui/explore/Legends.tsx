import { logprobColour } from './TokenHeatmap';

/** What the heatmap's colours mean: a token's probability p = exp(log p), red (unlikely) to green (likely). */
export function LogprobLegend() {
  const stops = [0, 0.25, 0.5, 0.75, 1];
  return (
    <p className="legend muted" data-testid="logprob-legend">
      Token colour = how likely the model found it:{' '}
      {stops.map((p) => (
        <span key={p} className="legend-swatch" style={{ background: logprobColour(Math.log(Math.max(p, 1e-6))) }}>
          p = {p}
        </span>
      ))}{' '}
      · hover a token for its log p and the top 5 alternatives.
    </p>
  );
}

/** What Compare's marks mean, in the marks' own colours. */
export function MentionLegend() {
  return (
    <p className="legend muted" data-testid="mention-legend">
      Objects named, judged by the scene's ground truth: <mark className="mention correct">correct</mark>{' '}
      <mark className="mention attribute-error">wrong attribute</mark>{' '}
      <mark className="mention hallucinated">hallucinated</mark> (not in the image)
    </p>
  );
}
