import { wordDiff } from './word-diff';

/** `after` shown against `before`: words only `before` has are struck out, words only `after` has are marked. */
export function WordDiff({ before, after }: { before: string; after: string }) {
  return (
    <p className="word-diff" data-testid="word-diff">
      {wordDiff(before, after).map((part, i) => (
        <span key={i} className={`diff-${part.kind}`}>
          {part.text}{' '}
        </span>
      ))}
    </p>
  );
}
