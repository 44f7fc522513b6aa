import { RESULT_CODES, type ResultDirection } from './result-codes.ts';

/**
 * Reading a result by its label, for results that come without a code (or with one the table does
 * not know). Not a search for words such as "imprison": a label is read as whole phrases, each
 * phrase the longest that fits (so "suspended sentence of imprisonment" is read as one phrase and
 * never as "imprisonment"), and it is recognised only when every phrase it holds points one way.
 * A label that points both ways, or holds no known phrase, is not guessed at: a person reads it.
 */

/** Common ways courts word results, beside the CJS descriptions in result-codes.ts. */
const PHRASES: [string, ResultDirection][] = [
  // Custody.
  ['remanded in custody', 'INTO_CUSTODY'],
  ['remand in custody', 'INTO_CUSTODY'],
  ['bail refused', 'INTO_CUSTODY'],
  ['bail application refused', 'INTO_CUSTODY'],
  ['imprisonment', 'INTO_CUSTODY'],
  ['immediate imprisonment', 'INTO_CUSTODY'],
  ['immediate custody', 'INTO_CUSTODY'],
  ['custodial sentence', 'INTO_CUSTODY'],
  ['life imprisonment', 'INTO_CUSTODY'],
  ['custody for life', 'INTO_CUSTODY'],
  ['extended sentence', 'INTO_CUSTODY'],
  ['detention in a young offender institution', 'INTO_CUSTODY'],
  ['detention and training order', 'INTO_CUSTODY'],
  ['committed to crown court for sentence in custody', 'INTO_CUSTODY'],
  ['sent to crown court for trial in custody', 'INTO_CUSTODY'],
  ['committed in custody', 'INTO_CUSTODY'],
  ['recall to prison', 'INTO_CUSTODY'],
  ['recalled to prison', 'INTO_CUSTODY'],
  ['suspended sentence activated', 'INTO_CUSTODY'],
  ['suspended sentence implemented', 'INTO_CUSTODY'],
  ['warrant of commitment', 'INTO_CUSTODY'],
  ['remanded to youth detention accommodation', 'INTO_CUSTODY'],
  ['remanded in youth detention accommodation', 'INTO_CUSTODY'],
  ['remanded to secure local authority accommodation', 'INTO_CUSTODY'],
  // Not custody on this matter.
  ['bail', 'OUT_OF_CUSTODY_ON_THIS_MATTER'],
  ['bailed', 'OUT_OF_CUSTODY_ON_THIS_MATTER'],
  ['conditional bail', 'OUT_OF_CUSTODY_ON_THIS_MATTER'],
  ['unconditional bail', 'OUT_OF_CUSTODY_ON_THIS_MATTER'],
  ['bail with conditions', 'OUT_OF_CUSTODY_ON_THIS_MATTER'],
  ['not guilty', 'OUT_OF_CUSTODY_ON_THIS_MATTER'],
  ['found not guilty', 'OUT_OF_CUSTODY_ON_THIS_MATTER'],
  ['no evidence offered', 'OUT_OF_CUSTODY_ON_THIS_MATTER'],
  ['case dismissed', 'OUT_OF_CUSTODY_ON_THIS_MATTER'],
  ['suspended sentence', 'OUT_OF_CUSTODY_ON_THIS_MATTER'],
  ['suspended sentence order', 'OUT_OF_CUSTODY_ON_THIS_MATTER'],
  ['suspended sentence of imprisonment', 'OUT_OF_CUSTODY_ON_THIS_MATTER'],
  ['suspended for', 'OUT_OF_CUSTODY_ON_THIS_MATTER'],
  ['fined', 'OUT_OF_CUSTODY_ON_THIS_MATTER'],
  ['time served', 'OUT_OF_CUSTODY_ON_THIS_MATTER'],
  ['remanded to local authority accommodation', 'OUT_OF_CUSTODY_ON_THIS_MATTER'],
  ['remanded in local authority accommodation', 'OUT_OF_CUSTODY_ON_THIS_MATTER'],
  // Neither.
  ['adjourned', 'NO_CHANGE'],
  ['guilty', 'NO_CHANGE'],
  ['appeal against sentence dismissed', 'NO_CHANGE'],
  ['appeal against conviction dismissed', 'NO_CHANGE'],
  ['guilty plea', 'NO_CHANGE'],
  ['convicted', 'NO_CHANGE'],
  ['victim surcharge', 'NO_CHANGE'],
  ['costs', 'NO_CHANGE'],
  ['sentence adjourned', 'NO_CHANGE'],
];

/** Lower case, "&" as "and", and anything but letters as a single space: the words of a label. */
export const labelWords = (label: string): string[] =>
  label
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);

const KNOWN = new Map<string, ResultDirection>();
for (const { label, direction } of RESULT_CODES.values()) KNOWN.set(labelWords(label).join(' '), direction);
// The hand-written phrases win over a CJS description spelt the same.
for (const [phrase, direction] of PHRASES) KNOWN.set(labelWords(phrase).join(' '), direction);
const PHRASE_LIST = [...KNOWN].map(([phrase, direction]) => ({ words: phrase.split(' '), phrase, direction }));

export type LabelReading = { direction: ResultDirection; phrases: string[] } | { direction: null; why: string };

/** The direction a label gives, from the longest known phrases it holds, or why it gives none. */
export function readLabel(label: string): LabelReading {
  const words = labelWords(label);
  const found: { start: number; end: number; phrase: string; direction: ResultDirection }[] = [];
  for (const p of PHRASE_LIST) {
    for (let start = 0; start + p.words.length <= words.length; start++) {
      if (p.words.every((w, k) => words[start + k] === w))
        found.push({ start, end: start + p.words.length, phrase: p.phrase, direction: p.direction });
    }
  }
  // A phrase inside a longer one is part of it ("imprisonment" in "suspended sentence of imprisonment").
  const longest = found.filter(
    (f) => !found.some((g) => g !== f && g.start <= f.start && g.end >= f.end && g.end - g.start > f.end - f.start),
  );
  if (!longest.length) return { direction: null, why: `no rule recognises the result "${label}"` };
  const ways = new Set(longest.map((f) => f.direction).filter((d) => d !== 'NO_CHANGE'));
  const phrases = [...new Set(longest.map((f) => f.phrase))];
  if (ways.size > 1)
    return {
      direction: null,
      why: `the result "${label}" points both ways (${phrases.map((p) => `"${p}"`).join(', ')})`,
    };
  return { direction: [...ways][0] ?? 'NO_CHANGE', phrases };
}
