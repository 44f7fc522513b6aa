import { z } from 'zod';
import { calendarDateWithin, courtCodeSchema, instantWithin, textSchema } from '../identifiers.ts';
import { croNumberSchema, dateOfBirthSchema, personNameSchema, pncNumberSchema } from '../register/schemas.ts';
import { HEARING_TIME } from '../time-window.ts';
import type { Subject } from './matching.ts';
import { readLabel } from './result-labels.ts';
import { UNCODED_TEXT_RESULT, resultCode, type ResultDirection } from './result-codes.ts';

/**
 * A hearing's results as the court-results feed sends them, shaped after HMCTS Common Platform's
 * hearing events ("hearing resulted"): the hearing, its court centre and days, and the prosecution
 * cases with their defendants, bail status, offences and judicial results. Only what Release Guard
 * uses is described; anything else the feed sends is ignored, not refused.
 */
const uuid = z.uuid({ message: 'must be a UUID' });
const resultDate = calendarDateWithin(HEARING_TIME);

export const judicialResultSchema = z.object({
  cjsCode: z
    .string()
    .trim()
    .regex(/^[0-9]{4}$/, 'must be a four-digit CJS result code such as 4531')
    .optional()
    .describe('The CJS result code (Common Platform sends it with each result): read before the label'),
  label: textSchema(200).describe('The result as the court recorded it, e.g. "Remanded in custody"'),
  orderedDate: resultDate,
  category: z.enum(['FINAL', 'INTERMEDIARY', 'ANCILLARY']).optional(),
  resultText: textSchema(2000).optional(),
});

export const defendantSchema = z.object({
  id: uuid,
  pncId: pncNumberSchema.optional(),
  croNumber: croNumberSchema.optional(),
  personDefendant: z.object({
    personDetails: z.object({
      firstName: personNameSchema,
      middleName: personNameSchema.optional(),
      lastName: personNameSchema,
      dateOfBirth: dateOfBirthSchema.optional(),
    }),
    bailStatus: z
      .object({
        code: z
          .string()
          .trim()
          .regex(/^[A-Z]$/, 'must be a one-letter bail status code'),
        description: textSchema(100),
      })
      .optional(),
  }),
  offences: z
    .array(
      z.object({
        id: uuid,
        offenceTitle: textSchema(200),
        judicialResults: z.array(judicialResultSchema).max(50).default([]),
      }),
    )
    .max(100),
});

export const hearingResultSchema = z.object({
  hearing: z.object({
    id: uuid,
    jurisdictionType: z.enum(['CROWN', 'MAGISTRATES']),
    courtCentre: z.object({ code: courtCodeSchema, name: textSchema(120) }),
    hearingDays: z
      .array(z.object({ sittingDay: instantWithin(HEARING_TIME) }))
      .min(1)
      .max(30),
    prosecutionCases: z
      .array(
        z.object({
          prosecutionCaseIdentifier: z.object({
            caseURN: z
              .string()
              .trim()
              .toUpperCase()
              .regex(/^[A-Z0-9]{5,20}$/, 'must be a case URN such as 20GD0217100'),
          }),
          defendants: z.array(defendantSchema).min(1).max(50),
        }),
      )
      .min(1)
      .max(50),
  }),
  /** Common Platform re-sends a hearing when it is re-resulted; each version is its own record. */
  version: z.int().min(1).max(1_000_000),
});
export type HearingResult = z.infer<typeof hearingResultSchema>;
export type Defendant = z.infer<typeof defendantSchema>;

/** Which way a result moves someone: into custody (hold him), out of it (a release may be due), or neither. */
export type CustodialDirection = 'INTO_CUSTODY' | 'OUT_OF_CUSTODY';

/** What a defendant's results say, in words a person can check. */
export type ResultReading =
  | { kind: 'CHANGE'; direction: CustodialDirection; label: string }
  | { kind: 'NO_CHANGE' }
  /** No rule recognises a result, or one points both ways: the unit reads it. */
  | { kind: 'UNRECOGNISED'; why: string };

type JudicialResult = z.infer<typeof judicialResultSchema>;
type Read = { direction: ResultDirection; label: string } | { direction: null; why: string };

/** One result: by its CJS code when the table knows it, otherwise by its label. */
function readResult(result: JudicialResult): Read {
  const known = result.cjsCode ? resultCode(result.cjsCode) : undefined;
  if (known) return { direction: known.direction, label: `${result.label} (CJS ${known.code}: ${known.label})` };
  const byLabel = readLabel(result.label);
  const code =
    result.cjsCode && result.cjsCode !== UNCODED_TEXT_RESULT
      ? `CJS code ${result.cjsCode} is not in the result table, and `
      : '';
  return byLabel.direction
    ? { direction: byLabel.direction, label: result.label }
    : { direction: null, why: `${code}${byLabel.why}` };
}

/**
 * The direction of a defendant's results. Custody on any matter wins: he is held on it whatever
 * the others say (bail or an acquittal frees him on that matter only). Otherwise a result no rule
 * recognises sends the whole defendant to the unit rather than to a guess. The bail status is read
 * only when no result moves him.
 */
export function readResults(defendant: Defendant): ResultReading {
  const reads = defendant.offences.flatMap((o) => o.judicialResults).map(readResult);
  const into = reads.find((r) => r.direction === 'INTO_CUSTODY');
  if (into && into.direction) return { kind: 'CHANGE', direction: 'INTO_CUSTODY', label: into.label };
  const unread = reads.filter((r): r is { direction: null; why: string } => r.direction === null);
  if (unread.length)
    return { kind: 'UNRECOGNISED', why: `For the unit to read: ${unread.map((r) => r.why).join('; ')}`.slice(0, 2000) };
  const out = reads.find((r) => r.direction === 'OUT_OF_CUSTODY_ON_THIS_MATTER');
  if (out && out.direction) return { kind: 'CHANGE', direction: 'OUT_OF_CUSTODY', label: out.label };
  const bail = defendant.personDefendant.bailStatus;
  if (bail?.code === 'C') return { kind: 'CHANGE', direction: 'INTO_CUSTODY', label: bail.description };
  if (bail && ['B', 'U'].includes(bail.code))
    return { kind: 'CHANGE', direction: 'OUT_OF_CUSTODY', label: bail.description };
  return { kind: 'NO_CHANGE' };
}

/** The change a defendant's results make, or null for none (and for one the unit must read). */
export function custodialDirection(defendant: Defendant): { direction: CustodialDirection; label: string } | null {
  const reading = readResults(defendant);
  return reading.kind === 'CHANGE' ? { direction: reading.direction, label: reading.label } : null;
}

/** One defendant of a hearing, as matching and the actions see him. */
export interface HearingDefendant {
  defendantId: string;
  caseUrn: string;
  subject: Subject;
  change: { direction: CustodialDirection; label: string } | null;
  /** Why his results go to the unit unread, when they do. */
  unrecognised?: string;
}

const reading = (d: Defendant): Pick<HearingDefendant, 'change' | 'unrecognised'> => {
  const r = readResults(d);
  return r.kind === 'CHANGE'
    ? { change: { direction: r.direction, label: r.label } }
    : r.kind === 'UNRECOGNISED'
      ? { change: null, unrecognised: r.why }
      : { change: null };
};

export function defendantsOf(result: HearingResult): HearingDefendant[] {
  return result.hearing.prosecutionCases.flatMap((c) =>
    c.defendants.map((d) => {
      const person = d.personDefendant.personDetails;
      return {
        defendantId: d.id,
        caseUrn: c.prosecutionCaseIdentifier.caseURN,
        subject: {
          firstName: person.firstName,
          lastName: person.lastName,
          ...(person.dateOfBirth ? { dateOfBirth: person.dateOfBirth } : {}),
          ...(d.pncId ? { pncNumber: d.pncId } : {}),
          ...(d.croNumber ? { croNumber: d.croNumber } : {}),
        },
        ...reading(d),
      };
    }),
  );
}

/** A hearing's validation errors as the API names fields (`body.hearing.…`), for keeping with it. */
export const hearingErrors = (error: z.ZodError): { field: string; message: string }[] =>
  error.issues
    .slice(0, 50)
    .map((issue) => ({ field: ['body', ...issue.path.map(String)].join('.'), message: issue.message }));
