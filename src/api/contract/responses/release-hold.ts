import { z } from 'zod';
import { AUTHORISATION_STATUSES } from '../../../domain/release-hold/authorisation.ts';
import type { HoldState, Override, ReleaseRecord } from '../../../domain/release-hold/hold-state.ts';
import { REASON_OWNERS } from '../../../domain/release-hold/ownership.ts';
import { HOLD_REASON_KINDS, RELEASE_REASONS } from '../../../domain/release-hold/schemas.ts';
import { agrees, instant, type Same } from './shared.ts';

export const holdReason = z
  .strictObject({
    key: z.string(),
    kind: z.enum(HOLD_REASON_KINDS),
    detail: z.string(),
    prisonCode: z.string(),
    placedBy: z.string(),
    placedAt: instant,
    owner: z.string(),
    lastProgressAt: instant,
    reviewsSent: z.number().int(),
    requestDigest: z
      .string()
      .optional()
      .describe('A digest of the request that placed it: a keyed retry with another body is told apart'),
    ownedBy: z
      .enum(REASON_OWNERS)
      .optional()
      .describe('Whose decision removes it: the prison, the court or the query unit'),
    caseKey: z
      .string()
      .optional()
      .describe('A court reason’s case: each hearing on it that remands him is a reason of its own'),
    until: instant.optional().describe('A NOT_BEFORE reason lifts itself at this instant'),
  })
  .meta({ id: 'HoldReason' });

export const authorisationSchema = z
  .strictObject({
    id: z.string(),
    movement: z.enum(RELEASE_REASONS),
    prisonCode: z.string(),
    releaseDay: z.iso.date().describe('The day (Europe/London) it is for'),
    plannedRelease: instant
      .optional()
      .describe('The register’s planned release when completed: a changed date voids it'),
    checklistVersion: z.string(),
    answers: z.array(z.strictObject({ item: z.string(), answer: z.boolean(), note: z.string().optional() })),
    completedBy: z.string(),
    completedAt: instant,
    verifiedBy: z.string().optional(),
    verifiedAt: instant.optional(),
    reasonsWhenVerified: z.array(z.string()).optional(),
    expiresAt: instant.describe('The end of the release day'),
    status: z.enum(AUTHORISATION_STATUSES),
    voided: z.strictObject({ at: instant, why: z.string() }).optional(),
    usedByRelease: z.string().optional(),
  })
  .meta({
    id: 'ReleaseAuthorisation',
    description:
      'A discharge checklist completed by one officer and verified by a second person of the prison: the positive authority the gate needs for one movement on one day.',
  });

export const overrideSchema = z
  .strictObject({
    id: z.string(),
    by: z.string(),
    at: instant,
    justification: z.string(),
    covers: z.array(z.string()).describe('The hold reason keys it covers: only those standing when granted'),
    expiresAt: instant,
    usedByRelease: z.string().optional(),
    prisonCode: z.string().optional().describe('The prison whose governor gave it: it ends with a transfer'),
  })
  .meta({ id: 'Override' });

export const releaseRecordSchema = z
  .strictObject({
    id: z.string(),
    reason: z.enum(RELEASE_REASONS),
    prisonCode: z.string(),
    toPrisonCode: z.string().optional().describe('For a transfer: the prison he went to'),
    releasedAt: instant,
    recordedBy: z.string(),
    recordedAt: instant,
    overrideId: z.string().optional(),
    authorisationId: z.string().optional(),
    returnedToCustodyAt: instant.optional(),
  })
  .meta({ id: 'ReleaseRecord' });

const incidentLink = z
  .strictObject({
    id: z.string(),
    releaseId: z.string().optional(),
    openedAt: instant,
    returnedToCustody: z.boolean(),
    closed: z.boolean().optional(),
    requestDigest: z.string().optional(),
  })
  .meta({ id: 'IncidentLink' });

export const holdSchema = z
  .strictObject({
    prisonerNumber: z.string(),
    incidents: z.array(incidentLink),
    prisonCode: z.string().optional(),
    reasons: z.array(holdReason),
    clearedReasons: z
      .array(
        z.strictObject({
          key: z.string(),
          kind: z.enum(HOLD_REASON_KINDS),
          clearedAt: instant,
          by: z.string().optional().describe('Whose decision lifted it'),
          requestDigest: z.string().optional(),
        }),
      )
      .optional()
      .describe(
        'The latest reasons cleared (at most 200): the same event (a court hearing, a query) never places its key again',
      ),
    overrides: z.array(overrideSchema),
    releases: z.array(releaseRecordSchema),
    refusals: z
      .array(
        z.strictObject({
          id: z.string(),
          reason: z.enum(RELEASE_REASONS),
          at: instant,
          by: z.string(),
          standing: z.array(z.strictObject({ key: z.string(), kind: z.enum(HOLD_REASON_KINDS) })),
          unauthorised: z.string().optional().describe('Refused for want of a verified authorisation, and why'),
        }),
      )
      .optional()
      .describe('The latest releases the gate refused (at most 20), with the reasons that stood'),
    refusalCount: z.number().int().optional().describe('How many releases the gate has refused in all'),
    progressCount: z.number().int().optional().describe('Progress notes recorded on its reasons, in all (at most 500)'),
    plannedRelease: instant.optional().describe('The planned release a query’s answer gave (RELEASE_DATE_CHANGED)'),
    audit: z.array(z.strictObject({ at: instant, who: z.string(), what: z.string(), detail: z.string().optional() })),
    authorisations: z.array(authorisationSchema).optional().describe('Release authorisations, the latest 20'),
  })
  .meta({ id: 'ReleaseHold' });

export const releaseStatusSchema = z
  .strictObject({
    prisonerNumber: z.string(),
    releasable: z
      .boolean()
      .describe(
        'True only when no reason stands that a usable override does not cover, and a verified authorisation for today exists',
      ),
    clear: z
      .boolean()
      .describe('No reason stands that a usable override does not cover (an authorisation is still needed)'),
    reasons: z.array(holdReason),
    override: overrideSchema.optional().describe('The usable override, when one covers the standing reasons'),
    authorisation: authorisationSchema.optional().describe('The verified authorisation for today, when one exists'),
    plannedRelease: instant.optional().describe('The planned release, from a query’s answer or the register'),
  })
  .meta({
    id: 'ReleaseStatus',
    description: 'The discharge gate. Read from the hold workflow itself, so it is never stale.',
  });

export const returnedToCustodySchema = z
  .strictObject({
    prisonerNumber: z.string(),
    releases: z.array(releaseRecordSchema),
    incidents: z.array(incidentLink),
  })
  .meta({ id: 'ReturnedToCustody' });

export const incidentOpenedSchema = z.strictObject({ incidentId: z.string() }).meta({ id: 'IncidentOpened' });

// Drift check (responses/shared.ts): the schema must describe exactly the value the handler sends.
agrees<Same<z.infer<typeof holdSchema>, HoldState>>();
agrees<Same<z.infer<typeof overrideSchema>, Override>>();
agrees<Same<z.infer<typeof releaseRecordSchema>, ReleaseRecord>>();
