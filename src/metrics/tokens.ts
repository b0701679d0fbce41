export interface Token {
  /** Lower-cased word. */
  word: string;
  /** Character span in the original text: text.slice(start, end). */
  start: number;
  end: number;
  /** Index of the clause (split at . ! ? ; and newlines) the token belongs to. */
  clause: number;
}

const WORD = /[a-z0-9]+(?:['’][a-z]+)?/gi;
const CLAUSE_BREAK = /[.!?;\n]/;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let clause = 0;
  let scanned = 0;
  for (const match of text.matchAll(WORD)) {
    const start = match.index;
    for (let i = scanned; i < start; i++) if (CLAUSE_BREAK.test(text[i]!)) clause++;
    // A '.' between two digits ("2.5") is not a sentence end; such text is rare enough to ignore.
    tokens.push({ word: match[0].toLowerCase().replace('’', "'"), start, end: start + match[0].length, clause });
    scanned = start + match[0].length;
  }
  return tokens;
}
