import { z } from 'zod';
import { calendarDateWithin, courtCodeSchema, instantWithin, textSchema } from '../identifiers.ts';
import { croNumberSchema, dateOfBirthSchema, personNameSchema, pncNumberSchema } from '../register/schemas.ts';
import { HEARING_TIME } from '../time-window.ts';
import type { Subject } from './matching.ts';

/**
 * A hearing's results as the court-results feed sends them, shaped after HMCTS Common Platform's
 * hearing events ("hearing resulted"): the hearing, its court centre and days, and the prosecution
 * cases with their defendants, bail status, offences and judicial results. Only what Release Guard
 * uses is described; anything else the feed sends is ignored, not refused.
 */
const uuid = z.uuid({ message: 'must be a UUID' });
const resultDate = calendarDateWithin(HEARING_TIME);

export const judicialResultSchema = z.object({
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
    bailStatus: z.object({ code: z.string().trim().regex(/^[A-Z]$/, 'must be a one-letter bail status code'), description: textSchema(100) }).optional(),
  }),
  offences: z
    .array(z.object({ id: uuid, offenceTitle: textSchema(200), judicialResults: z.array(judicialResultSchema).max(50).default([]) }))
    .max(100),
});

export const hearingResultSchema = z.object({
  hearing: z.object({
    id: uuid,
    jurisdictionType: z.enum(['CROWN', 'MAGISTRATES']),
    courtCentre: z.object({ code: courtCodeSchema, name: textSchema(120) }),
    hearingDays: z.array(z.object({ sittingDay: instantWithin(HEARING_TIME) })).min(1).max(30),
    prosecutionCases: z
      .array(
        z.object({
          prosecutionCaseIdentifier: z.object({ caseURN: z.string().trim().toUpperCase().regex(/^[A-Z0-9]{5,20}$/, 'must be a case URN such as 20GD0217100') }),
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

const INTO = /remand(ed)? in custody|in custody|custodial sentence|imprison|detention|committed .*in custody|recall(ed)? to prison|warrant of commitment/i;
const OUT = /\bbail\b|bailed|released|discharge|acquitted|not guilty|dismissed|no evidence offered|suspended sentence|community order|time (already )?served|sentence (has )?(expired|ended)|fine(d)?\b/i;

/**
 * The direction of a defendant's results. Custody wins when results point both ways: a hold that
 * is not needed costs a phone call; a release that was not due is a release in error.
 */
export function custodialDirection(defendant: Defendant): { direction: CustodialDirection; label: string } | null {
  const results = defendant.offences.flatMap((o) => o.judicialResults);
  const bail = defendant.personDefendant.bailStatus;
  const into = results.find((r) => INTO.test(r.label) && !/bail/i.test(r.label)) ?? (bail?.code === 'C' ? { label: bail.description } : undefined);
  if (into) return { direction: 'INTO_CUSTODY', label: into.label };
  const out = results.find((r) => OUT.test(r.label)) ?? (bail && ['B', 'U'].includes(bail.code) ? { label: bail.description } : undefined);
  return out ? { direction: 'OUT_OF_CUSTODY', label: out.label } : null;
}

/** One defendant of a hearing, as matching and the actions see him. */
export interface HearingDefendant {
  defendantId: string;
  caseUrn: string;
  subject: Subject;
  change: { direction: CustodialDirection; label: string } | null;
}

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
        change: custodialDirection(d),
      };
    }),
  );
}

/** A hearing's validation errors as the API names fields (`body.hearing.…`), for keeping with it. */
export const hearingErrors = (error: z.ZodError): { field: string; message: string }[] =>
  error.issues.slice(0, 50).map((issue) => ({ field: ['body', ...issue.path.map(String)].join('.'), message: issue.message }));
