import type { ChairDetail } from '../../metrics/chair';

/** The description with each object mention marked: hallucinated, wrong attribute, or correct. */
export function MarkedDescription({ text, chair }: { text: string; chair: ChairDetail }) {
  const mentions = [...chair.mentions].sort((a, b) => a.start - b.start);
  const parts = [];
  let at = 0;
  for (const [i, mention] of mentions.entries()) {
    if (mention.start < at) continue;
    parts.push(text.slice(at, mention.start));
    parts.push(
      <mark
        key={i}
        className={`mention ${mention.verdict}`}
        title={mention.verdict === 'attribute-error' ? `wrong ${mention.attributeErrors.join(', ')}` : mention.verdict}
        data-testid={`mention-${mention.verdict}`}
      >
        {text.slice(mention.start, mention.end)}
      </mark>,
    );
    at = mention.end;
  }
  parts.push(text.slice(at));
  return <p className="marked">{text.length === 0 ? <span className="muted">(empty answer)</span> : parts}</p>;
}
