import { useState } from 'react';
import type { SampledToken } from '../../runtime/types';

/** Green for likely tokens, red for unlikely ones: the colour of p = exp(log-prob). */
export function logprobColour(logprob: number): string {
  const p = Math.exp(logprob);
  return `hsl(${Math.round(p * 120)}, 75%, 82%)`;
}

const visible = (text: string) => text.replace(/\n/g, '⏎').replace(/^ /, '·') || '∅';

function TokenTooltip({ token }: { token: SampledToken }) {
  return (
    <div className="token-tooltip" role="tooltip" data-testid="token-tooltip">
      <div>
        <code>{visible(token.text)}</code> log p = {token.logprob.toFixed(3)} (p = {Math.exp(token.logprob).toFixed(3)})
      </div>
      <table>
        <tbody>
          {token.top.map((alt) => (
            <tr key={alt.tokenId} className={alt.tokenId === token.tokenId ? 'chosen' : ''}>
              <td>
                <code>{visible(alt.text)}</code>
              </td>
              <td>{alt.logprob.toFixed(3)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** An answer's tokens, each coloured by its log-prob; hover or focus shows the top alternatives. */
export function TokenHeatmap({ tokens }: { tokens: SampledToken[] }) {
  const [hovered, setHovered] = useState<number | null>(null);
  return (
    <div className="heatmap" data-testid="heatmap">
      {tokens.map((token, i) => (
        <span
          key={i}
          className="token"
          tabIndex={0}
          style={{ background: logprobColour(token.logprob) }}
          onMouseEnter={() => setHovered(i)}
          onMouseLeave={() => setHovered(null)}
          onFocus={() => setHovered(i)}
          onBlur={() => setHovered(null)}
          data-testid="token"
        >
          {token.text}
          {hovered === i && <TokenTooltip token={token} />}
        </span>
      ))}
    </div>
  );
}
