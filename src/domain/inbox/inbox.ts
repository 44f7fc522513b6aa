import type { Prisoner } from '../register/prisoner.ts';
import type { MatchDecision, Subject } from '../court/matching.ts';
import { nameKey, sameFirstName } from '../court/names.ts';

/**
 * The smart inbox's rules: what identifiers a misdirected email or its documents carry, and where
 * the message is filed. Pure: the text comes from infra (mail and PDF parsing), the matching from
 * the register.
 */
export interface Extracted {
  prisonerNumbers: string[];
  pncNumbers: string[];
  croNumbers: string[];
  names: { firstName: string; lastName: string }[];
  datesOfBirth: string[];
  courts: string[];
  caseNumbers: string[];
}

const unique = <T>(list: T[]): T[] => [...new Set(list.map((v) => JSON.stringify(v)))].map((v) => JSON.parse(v) as T);
const all = (text: string, re: RegExp, group = 0) => [...text.matchAll(re)].map((m) => m[group]!.trim());
const title = (s: string) => s.toLowerCase().replace(/(^|[\s'’-])\p{L}/gu, (c) => c.toUpperCase());

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** A date as people write it on a warrant (23/04/1990, 1990-04-23, 23 April 1990), as YYYY-MM-DD, or null. */
export function readDate(text: string): string | null {
  let y: number, m: number, d: number;
  let match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (match) [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)))
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\s+(\d{4})$/.exec(text))) {
    const month = MONTHS.findIndex((name) => name.startsWith(match![2]!.toLowerCase().slice(0, 3)));
    if (month < 0) return null;
    [d, m, y] = [Number(match[1]), month + 1, Number(match[3])];
  } else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || y < 1900) return null;
  return date.toISOString().slice(0, 10);
}

const NAME = "\\p{Lu}[\\p{L}'’-]+";
const DATE = '\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{4}|\\d{4}-\\d{2}-\\d{2}|\\d{1,2}(?:st|nd|rd|th)?\\s+[A-Za-z]+\\s+\\d{4}';

/** Identifiers in free text: labelled ones where a label says what they are, shapes where it does not. */
export function extractIdentifiers(text: string): Extracted {
  const t = text.replace(/\s+/g, ' ');
  const labelledPnc = all(t, /\bPNC(?:\s*(?:No|Number|ID))?\.?\s*[:#-]?\s*((?:\d{2}|\d{4})\/\d{1,7}[A-Z])\b/gi, 1);
  const labelledCro = all(
    t,
    /\bCRO(?:\s*(?:No|Number))?\.?\s*[:#-]?\s*(\d{1,6}\/\d{2}[A-Z]|SF\d{2}\/\d{1,6}[A-Z])\b/gi,
    1,
  );
  const names: Extracted['names'] = [];
  // "Name: DENT, Arthur" or "Defendant: Arthur DENT" (and Prisoner, Offender, Subject).
  for (const m of t.matchAll(
    new RegExp(`\\b(?:Name|Defendant|Prisoner|Offender|Subject|Re)\\s*[:-]\\s*(${NAME}),\\s*(${NAME})`, 'gu'),
  ))
    names.push({ lastName: title(m[1]!), firstName: title(m[2]!) });
  for (const m of t.matchAll(
    new RegExp(
      `\\b(?:Name|Defendant|Prisoner|Offender|Subject|Re)\\s*[:-]\\s*(${NAME})\\s+(?:${NAME}\\s+)?(${NAME})(?![\\p{L}'’-])`,
      'gu',
    ),
  )) {
    if (!names.some((n) => n.lastName.toLowerCase() === m[1]!.toLowerCase()))
      names.push({ firstName: title(m[1]!), lastName: title(m[2]!) });
  }
  for (const m of t.matchAll(
    new RegExp(`\\bSurname\\s*[:-]\\s*(${NAME}).{0,40}?\\bForenames?\\s*[:-]\\s*(${NAME})`, 'gu'),
  ))
    names.push({ lastName: title(m[1]!), firstName: title(m[2]!) });
  const datesOfBirth = all(t, new RegExp(`\\b(?:DOB|D\\.O\\.B\\.?|Date of birth|Born)\\s*[:-]?\\s*(${DATE})`, 'gi'), 1)
    .map(readDate)
    .filter((d): d is string => d !== null);
  return {
    prisonerNumbers: unique(all(t, /\b[A-Z]\d{4}[A-Z]{2}\b/g)),
    pncNumbers: unique([...labelledPnc.map((p) => p.toUpperCase()), ...all(t, /\b\d{4}\/\d{1,7}[A-Z]\b/g)]),
    croNumbers: unique(labelledCro.map((c) => c.toUpperCase())),
    names: unique(names),
    datesOfBirth: unique(datesOfBirth),
    courts: unique(all(t, /\b((?:\p{Lu}\p{L}+\s){1,3}(?:Crown|Magistrates['’]?|Youth|County)\sCourt)\b/gu, 1)),
    caseNumbers: unique([...all(t, /\b[TS]\d{8}\b/g), ...all(t, /\b\d{2}[A-Z]{2}\d{7}\b/g)]),
  };
}

export const hasIdentifiers = (e: Extracted): boolean =>
  e.prisonerNumbers.length + e.pncNumbers.length + e.croNumbers.length + e.names.length > 0;

/** The people the identifiers describe, for the matcher: each name with the first date of birth and identifiers found. */
export function subjectsOf(e: Extracted): Subject[] {
  const ids = {
    ...(e.datesOfBirth[0] ? { dateOfBirth: e.datesOfBirth[0] } : {}),
    ...(e.pncNumbers[0] ? { pncNumber: e.pncNumbers[0] } : {}),
    ...(e.croNumbers[0] ? { croNumber: e.croNumbers[0] } : {}),
  };
  if (e.names.length) return e.names.slice(0, 5).map((n) => ({ ...n, ...ids }));
  // Identifiers without a name: the PNC or CRO still finds him.
  return e.pncNumbers.length || e.croNumbers.length ? [{ firstName: '', lastName: '', ...ids }] : [];
}

export type TriageReason =
  'NO_IDENTIFIERS' | 'AMBIGUOUS' | 'NO_MATCH' | 'POSSIBLE_MATCH' | 'UNREADABLE' | 'NUMBER_UNCONFIRMED' | 'SENDER_FLOOD';

export type FilingOutcome =
  | { status: 'FILED'; prisonerNumber: string; reason: string }
  | { status: 'TRIAGE'; reason: TriageReason; detail: string };

/** What the register holds of a prisoner that a message can agree or disagree with. */
export type RegisterIdentity = Pick<
  Prisoner,
  'prisonerNumber' | 'firstName' | 'lastName' | 'dateOfBirth' | 'pncNumber' | 'croNumber' | 'aliases'
>;

const sameName = (a: { firstName: string; lastName: string }, b: { firstName: string; lastName: string }): boolean =>
  nameKey(a.lastName) !== '' &&
  nameKey(a.lastName) === nameKey(b.lastName) &&
  sameFirstName(nameKey(a.firstName), nameKey(b.firstName));
const sameId = (a: string, b: string): boolean =>
  a.replace(/\s/g, '').toUpperCase() === b.replace(/\s/g, '').toUpperCase();

/**
 * Whether a prisoner number in a message is backed by the rest of it: a number alone is one typo
 * from another man. It is when a PNC or CRO agrees, or when a name or date of birth agrees and
 * nothing the message states (PNC, CRO, every name, every date of birth) is someone else's.
 */
export function numberConfirmed(e: Extracted, prisoner: RegisterIdentity): { confirmed: boolean; why: string } {
  const pn = prisoner.prisonerNumber;
  const pncAgrees = !!prisoner.pncNumber && e.pncNumbers.some((p) => sameId(p, prisoner.pncNumber!));
  const croAgrees = !!prisoner.croNumber && e.croNumbers.some((c) => sameId(c, prisoner.croNumber!));
  if (pncAgrees || croAgrees)
    return {
      confirmed: true,
      why: `Prisoner number ${pn} found in the message, and its ${pncAgrees ? 'PNC' : 'CRO'} number agrees with the register`,
    };
  const people = [prisoner, ...prisoner.aliases];
  const dobs = people.map((p) => p.dateOfBirth).filter((d): d is string => !!d);
  const nameAgrees = e.names.some((n) => people.some((p) => sameName(n, p)));
  const dobAgrees = e.datesOfBirth.some((d) => dobs.includes(d));
  const conflicts = [
    ...(prisoner.pncNumber && e.pncNumbers.length ? ['its PNC number'] : []),
    ...(prisoner.croNumber && e.croNumbers.length ? ['its CRO number'] : []),
    ...(e.names.length && !nameAgrees ? ['the name in it'] : []),
    ...(e.datesOfBirth.length && !dobAgrees ? ['the date of birth in it'] : []),
  ];
  if ((nameAgrees || dobAgrees) && conflicts.length === 0) {
    return {
      confirmed: true,
      why: `Prisoner number ${pn} found in the message, and the ${nameAgrees ? 'name' : 'date of birth'} in it agrees with the register`,
    };
  }
  if (conflicts.length)
    return {
      confirmed: false,
      why: `Prisoner number ${pn} is in the message, but ${conflicts.join(' and ')} ${conflicts.length > 1 ? 'are' : 'is'} not the register's for him: check who it is about`,
    };
  return {
    confirmed: false,
    why: `Prisoner number ${pn} is in the message with no name, date of birth, PNC or CRO to confirm it: a number alone may be a typo for another man`,
  };
}

/**
 * Where a message goes. A prisoner number the register knows files it only when the message's own
 * name, date of birth, PNC or CRO agrees with his record (and it names no other prisoner);
 * otherwise the matcher's answer for the people it names: one confident match files it, anything
 * less goes to the unit's triage queue with the reason. A message with a document that broke the
 * reader's limits (`brokeLimit`, why) goes to triage whatever else it says.
 */
export function filingOutcome(
  e: Extracted,
  known: RegisterIdentity[],
  decisions: MatchDecision[],
  unreadable: boolean,
  brokeLimit?: string,
): FilingOutcome {
  // A document the reader had to stop is unread: what it says, and about whom, is for a person.
  if (brokeLimit)
    return {
      status: 'TRIAGE',
      reason: 'UNREADABLE',
      detail: `${brokeLimit}. It is kept unread: read it by eye before filing it`,
    };
  const numbers = [...new Set(e.prisonerNumbers)].flatMap((pn) => known.filter((p) => p.prisonerNumber === pn));
  if (numbers.length > 1)
    return {
      status: 'TRIAGE',
      reason: 'AMBIGUOUS',
      detail: `It names ${numbers.length} prisoners: ${numbers.map((p) => p.prisonerNumber).join(', ')}`,
    };
  if (numbers.length === 1) {
    const { confirmed, why } = numberConfirmed(e, numbers[0]!);
    return confirmed
      ? { status: 'FILED', prisonerNumber: numbers[0]!.prisonerNumber, reason: why }
      : { status: 'TRIAGE', reason: 'NUMBER_UNCONFIRMED', detail: why };
  }
  const matched = [...new Set(decisions.filter((d) => d.outcome === 'MATCHED').map((d) => d.prisonerNumber!))];
  if (matched.length === 1)
    return {
      status: 'FILED',
      prisonerNumber: matched[0]!,
      reason: decisions.find((d) => d.outcome === 'MATCHED')!.explanation[0]!,
    };
  if (matched.length > 1)
    return {
      status: 'TRIAGE',
      reason: 'AMBIGUOUS',
      detail: `It matches ${matched.length} prisoners: ${matched.join(', ')}`,
    };
  const possible = decisions.find((d) => d.outcome === 'POSSIBLE_MATCH');
  if (possible) return { status: 'TRIAGE', reason: 'POSSIBLE_MATCH', detail: possible.explanation.join(' | ') };
  if (!hasIdentifiers(e))
    return {
      status: 'TRIAGE',
      reason: unreadable ? 'UNREADABLE' : 'NO_IDENTIFIERS',
      detail: unreadable
        ? 'An attachment could not be read and the rest names no one'
        : 'No prisoner number, PNC, CRO or name was found',
    };
  return {
    status: 'TRIAGE',
    reason: 'NO_MATCH',
    detail: decisions[0]?.explanation.join(' | ') ?? 'No one in the register matched',
  };
}

/** One attachment as kept: its bytes' checksum, and whether its text could be read. */
export interface InboxDocument {
  position: number;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  textRead: boolean;
  problem?: string;
}

export interface InboxMessage {
  id: string;
  receivedAt: string;
  from?: string;
  subject?: string;
  size: number;
  status: 'RECEIVED' | 'FILED' | 'TRIAGE' | 'OVERSIZED';
  outcome?: string;
  prisonerNumber?: string;
  extracted?: Extracted;
  explanation?: string[];
  documents: InboxDocument[];
}

/** The smart inbox's store (PostgreSQL, src/infra/court/inbox-store.ts). */
export interface InboxStore {
  /** Keeps a message as received; false when the same message (by checksum) was kept before. */
  keep(message: {
    id: string;
    from?: string;
    subject?: string;
    size: number;
    raw: Buffer | null;
    status: 'RECEIVED' | 'OVERSIZED';
    outcome?: string;
  }): Promise<boolean>;
  raw(id: string): Promise<Buffer | null>;
  keepDocuments(id: string, documents: (InboxDocument & { content: Buffer })[]): Promise<void>;
  /** `from`: the sender the message says (its From header), kept where the envelope gave none (IMAP). */
  file(
    id: string,
    result: {
      status: 'FILED' | 'TRIAGE';
      outcome: string;
      prisonerNumber?: string;
      extracted: Extracted;
      explanation: string[];
      from?: string;
    },
  ): Promise<void>;
  /** Messages from `sender` received in the `minutes` before message `id` (not counting it): the sender's rate. */
  earlierFromSender(id: string, sender: string, minutes: number): Promise<number>;
  read(id: string): Promise<InboxMessage | null>;
  /** Messages waiting for the unit (TRIAGE and OVERSIZED), oldest first. */
  triage(limit: number): Promise<InboxMessage[]>;
}

/**
 * A mailbox the inbox reads (production: the unit's, over IMAP): each unread message handed to
 * `keep`, and marked read only once kept, so a failure leaves it for the next poll.
 */
export interface MailboxReader {
  readonly name: string;
  take(limit: number, keep: (raw: Buffer) => Promise<void>): Promise<number>;
}
