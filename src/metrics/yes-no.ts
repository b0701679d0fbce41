/**
 * POPE's answer parser (SIMA eval_pope.py): keep the text before the first '.', drop commas,
 * split on spaces; the answer is "no" if a word is exactly "No", "not" or "no", else "yes".
 * Case-sensitive on purpose, as in the reference ("NO" reads as yes).
 */
export function parseYesNo(text: string): 'yes' | 'no' {
  const firstSentence = text.includes('.') ? text.split('.')[0]! : text;
  const words = firstSentence.replace(/,/g, '').split(' ');
  return words.includes('No') || words.includes('not') || words.includes('no') ? 'no' : 'yes';
}
