import { sameFirstName } from './names.ts';

/**
 * Probabilistic record linkage of a defendant (or a document's subject) to a prisoner, after
 * Fellegi and Sunter as MoJ's person matching does it: each field's agreement adds its weight (a
 * log2 likelihood ratio, positive when agreement is much likelier for the same person than for two
 * different people), a disagreement subtracts, and the sum decides. Candidates come from blocking
 * rules run in PostgreSQL; the string similarities are PostgreSQL's too (pg_trgm, fuzzystrmatch).
 * Everything here is pure: the weights, the thresholds and the explanation.
 */

/** The person to find, as a court or a document names him. */
export interface Subject {
  firstName: string;
  lastName: string;
  /** YYYY-MM-DD. */
  dateOfBirth?: string;
  pncNumber?: string;
  croNumber?: string;
}

/** One of a candidate's names (his own or an alias) compared with the subject's, by the database. */
export interface NameEvidence {
  kind: 'PRIMARY' | 'ALIAS';
  firstKey: string;
  lastKey: string;
  /** YYYY-MM-DD: the alias's own, or his. */
  dateOfBirth: string;
  firstSimilarity: number;
  lastSimilarity: number;
  /** First name against the subject's last, and last against first: names given the wrong way round. */
  swappedSimilarity: number;
  firstEdits: number;
  lastEdits: number;
  firstPhonetic: boolean;
  lastPhonetic: boolean;
}

export interface CandidateEvidence {
  prisonerNumber: string;
  /** The blocking rules that found him. */
  rules: string[];
  pncNumber?: string;
  croNumber?: string;
  names: NameEvidence[];
}

/** How common the subject's surname is in the register, against the average surname. */
export interface SurnameFrequency {
  /** People in the register with this surname (key). */
  count: number;
  /** Average people per surname in the register. */
  average: number;
}

export type MatchOutcome = 'MATCHED' | 'POSSIBLE_MATCH' | 'NO_MATCH';

export interface Contribution {
  field: 'PNC' | 'CRO' | 'DATE_OF_BIRTH' | 'LAST_NAME' | 'FIRST_NAME' | 'ALIAS' | 'TWINS';
  /** What was found, e.g. EXACT, NICKNAME, TRANSPOSED, MISMATCH. */
  agreement: string;
  weight: number;
}

export interface ScoredCandidate {
  prisonerNumber: string;
  score: number;
  rules: string[];
  /** Which of his names matched best. */
  nameUsed: 'PRIMARY' | 'ALIAS';
  contributions: Contribution[];
  /**
   * Of his names spelt exactly as the subject's (first and last), the date of birth nearest the
   * subject's, in days; absent when none is, or the subject gives no date of birth. A neighbour
   * with the same name born within a year makes a match on name and date of birth unsafe.
   */
  sameNameDays?: number;
}

export interface MatchDecision {
  outcome: MatchOutcome;
  /** The prisoner, when MATCHED; the best candidate, when POSSIBLE_MATCH. */
  prisonerNumber?: string;
  score?: number;
  /** Why, in words a person in the unit can check. */
  explanation: string[];
  /** The best few, best first: what a reviewer chooses among. */
  candidates: ScoredCandidate[];
}

/**
 * The thresholds, documented in docs/court-results.md with the evaluation's figures. MATCHED needs the score
 * and a clear lead over the next candidate; anything from REVIEW up goes to a person.
 */
export const MATCH_THRESHOLDS = { match: 15, review: 5, lead: 6 } as const;

const W = {
  pncAgree: 14,
  pncMismatch: -12,
  croAgree: 12,
  croMismatch: -10,
  dobExact: 8,
  dobTransposed: 5,
  dobNear: 3,
  dobWithinYear: -2,
  dobDifferent: -6,
  lastExact: 7,
  lastClose: 5,
  lastPart: 4,
  lastPhonetic: 3,
  lastDifferent: -6,
  firstExact: 5,
  firstEquivalent: 4,
  firstClose: 3,
  firstPhonetic: 2,
  firstInitial: 0,
  firstDifferent: -5,
  swapped: -1,
  alias: -0.5,
} as const;

function dateOfBirth(subject: string | undefined, candidate: string): Contribution {
  if (!subject) return { field: 'DATE_OF_BIRTH', agreement: 'NOT_GIVEN', weight: 0 };
  if (subject === candidate) return { field: 'DATE_OF_BIRTH', agreement: 'EXACT', weight: W.dobExact };
  const [sy, sm, sd] = subject.split('-');
  const [cy, cm, cd] = candidate.split('-');
  if (sy === cy && sm === cd && sd === cm)
    return { field: 'DATE_OF_BIRTH', agreement: 'DAY_AND_MONTH_TRANSPOSED', weight: W.dobTransposed };
  const days = Math.abs(Date.parse(subject) - Date.parse(candidate)) / 86_400_000;
  const digitsDiffer = [...subject].filter((ch, i) => ch !== candidate[i]).length;
  if (days <= 2 || digitsDiffer === 1) return { field: 'DATE_OF_BIRTH', agreement: 'NEAR', weight: W.dobNear };
  // Two slips at once (a year and a day, say): still worth a person's look, never a match.
  if (days <= 400) return { field: 'DATE_OF_BIRTH', agreement: 'WITHIN_A_YEAR', weight: W.dobWithinYear };
  return { field: 'DATE_OF_BIRTH', agreement: 'DIFFERENT', weight: W.dobDifferent };
}

/** A surname's weight falls as it gets commoner (term frequency): "Smith" says less than "Okonkwo". */
function frequencyAdjustment(frequency: SurnameFrequency): number {
  if (frequency.count <= 0 || frequency.average <= 0) return 0;
  return Math.max(-3, Math.min(3, Math.log2(frequency.average / frequency.count)));
}

function lastName(subjectKey: string, name: NameEvidence, frequency: SurnameFrequency): Contribution {
  if (name.lastKey === subjectKey)
    return { field: 'LAST_NAME', agreement: 'EXACT', weight: W.lastExact + frequencyAdjustment(frequency) };
  if (name.lastEdits <= 1 || name.lastSimilarity >= 0.7)
    return { field: 'LAST_NAME', agreement: 'CLOSE', weight: W.lastClose };
  // A double-barrelled surname given in part ("Smith" for "Smith-Jones").
  if (
    subjectKey.length >= 3 &&
    name.lastKey.length >= 3 &&
    (name.lastKey.includes(subjectKey) || subjectKey.includes(name.lastKey))
  )
    return { field: 'LAST_NAME', agreement: 'PART', weight: W.lastPart };
  if (name.lastPhonetic) return { field: 'LAST_NAME', agreement: 'SOUNDS_ALIKE', weight: W.lastPhonetic };
  return { field: 'LAST_NAME', agreement: 'DIFFERENT', weight: W.lastDifferent };
}

function firstName(subjectKey: string, name: NameEvidence): Contribution {
  if (name.firstKey === subjectKey) return { field: 'FIRST_NAME', agreement: 'EXACT', weight: W.firstExact };
  if (sameFirstName(name.firstKey, subjectKey))
    return { field: 'FIRST_NAME', agreement: 'NICKNAME_OR_SPELLING', weight: W.firstEquivalent };
  if (name.firstEdits <= 1 || name.firstSimilarity >= 0.6)
    return { field: 'FIRST_NAME', agreement: 'CLOSE', weight: W.firstClose };
  if (name.firstPhonetic) return { field: 'FIRST_NAME', agreement: 'SOUNDS_ALIKE', weight: W.firstPhonetic };
  if (subjectKey.length > 0 && (name.firstKey.startsWith(subjectKey) || subjectKey.startsWith(name.firstKey)))
    return { field: 'FIRST_NAME', agreement: 'INITIAL_OR_SHORT', weight: W.firstInitial };
  return { field: 'FIRST_NAME', agreement: 'DIFFERENT', weight: W.firstDifferent };
}

/** Small Levenshtein distance between two short keys (names), for the names-swapped test. */
function edits(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

/** One name against another, given the other way round: the same name slipped, another form, or part of it. */
const nearName = (his: string, theirs: string) =>
  his.length > 0 &&
  theirs.length > 0 &&
  (his === theirs ||
    edits(his, theirs) <= 1 ||
    sameFirstName(his, theirs) ||
    (Math.min(his.length, theirs.length) >= 3 && (his.includes(theirs) || theirs.includes(his))));

/** The names the wrong way round: his first name as the subject's last, and the reverse. */
function swappedNames(subject: { first: string; last: string }, name: NameEvidence): Contribution[] | null {
  const swapped =
    (name.firstKey === subject.last && name.lastKey === subject.first) ||
    name.swappedSimilarity >= 0.8 ||
    (nearName(name.firstKey, subject.last) && nearName(name.lastKey, subject.first));
  if (!swapped) return null;
  return [
    { field: 'LAST_NAME', agreement: 'SWAPPED_WITH_FIRST', weight: W.lastClose + W.swapped },
    { field: 'FIRST_NAME', agreement: 'SWAPPED_WITH_LAST', weight: W.firstClose },
  ];
}

/** PNC and CRO numbers as the database's rg_pnc_key and rg_cro_key compare them (migration 0005). */
export const pncKey = (pnc: string) =>
  pnc
    .replace(/\s/g, '')
    .toUpperCase()
    .replace(/^([0-9]{2,4})\/0*([0-9]+)([A-Z])$/, '$1/$2$3');
export const croKey = (cro: string) =>
  cro
    .replace(/\s/g, '')
    .toUpperCase()
    .replace(/^0*([0-9]+)\/([0-9]{2})([A-Z])$/, '$1/$2$3');

const identifier = (
  field: 'PNC' | 'CRO',
  subject: string | undefined,
  candidate: string | undefined,
  agree: number,
  mismatch: number,
): Contribution | null => {
  // Present on one side only: no weight, but a match on names alone is then unsafe (see gate).
  if (subject && !candidate) return { field, agreement: 'SUBJECT_ONLY', weight: 0 };
  if (!subject && candidate) return { field, agreement: 'CANDIDATE_ONLY', weight: 0 };
  if (!subject || !candidate) return null;
  const key = field === 'PNC' ? pncKey : croKey;
  return key(subject) === key(candidate)
    ? { field, agreement: 'EXACT', weight: agree }
    : { field, agreement: 'MISMATCH', weight: mismatch };
};

const total = (contributions: Contribution[]) => contributions.reduce((sum, c) => sum + c.weight, 0);

/** One candidate's score: his identifiers, and the best of his names against the subject's. */
export function scoreCandidate(
  subject: Subject,
  candidate: CandidateEvidence,
  frequency: SurnameFrequency,
  keys: { first: string; last: string },
): ScoredCandidate {
  const ids = [
    identifier('PNC', subject.pncNumber, candidate.pncNumber, W.pncAgree, W.pncMismatch),
    identifier('CRO', subject.croNumber, candidate.croNumber, W.croAgree, W.croMismatch),
  ].filter((c): c is Contribution => c !== null);
  let best: { contributions: Contribution[]; kind: 'PRIMARY' | 'ALIAS' } | null = null;
  for (const name of candidate.names) {
    const straight = [lastName(keys.last, name, frequency), firstName(keys.first, name)];
    const swapped = swappedNames(keys, name);
    const names = swapped && total(swapped) > total(straight) ? swapped : straight;
    const contributions = [
      ...names,
      dateOfBirth(subject.dateOfBirth, name.dateOfBirth),
      ...(name.kind === 'ALIAS' ? [{ field: 'ALIAS' as const, agreement: 'ALIAS_USED', weight: W.alias }] : []),
    ];
    if (!best || total(contributions) > total(best.contributions)) best = { contributions, kind: name.kind };
  }
  const contributions = [...ids, ...(best?.contributions ?? [])];
  const sameNameDays = nearestSameName(subject, candidate, keys);
  return {
    prisonerNumber: candidate.prisonerNumber,
    score: round(total(contributions)),
    rules: candidate.rules,
    nameUsed: best?.kind ?? 'PRIMARY',
    contributions,
    ...(sameNameDays !== undefined ? { sameNameDays } : {}),
  };
}

const DAY_MS = 86_400_000;

/** The nearest date of birth, in days, among his names spelt exactly as the subject's. */
function nearestSameName(
  subject: Subject,
  candidate: CandidateEvidence,
  keys: { first: string; last: string },
): number | undefined {
  if (!subject.dateOfBirth) return undefined;
  const at = Date.parse(subject.dateOfBirth);
  const days = candidate.names
    .filter((n) => n.firstKey === keys.first && n.lastKey === keys.last)
    .map((n) => Math.round(Math.abs(Date.parse(n.dateOfBirth) - at) / DAY_MS));
  return days.length ? Math.min(...days) : undefined;
}

export const round = (n: number) => Math.round(n * 100) / 100;

/** Finds people in the register: implemented over PostgreSQL in src/infra/register/person-matcher.ts. */
export interface PersonMatcher {
  /** One decision per subject, in order. */
  match(subjects: Subject[]): Promise<MatchDecision[]>;
}
