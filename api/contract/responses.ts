import { z } from 'zod';
import type { DomainEvent } from '../../domain/events.ts';
import { INCIDENT_CAUSES, INCIDENT_STATUSES, OFFICIAL_EXCLUSIONS, type IncidentState, type OfficialExclusion } from '../../domain/incident/incident-state.ts';
import { HOLD_REASON_KINDS, RELEASE_REASONS } from '../../domain/release-hold/schemas.ts';
import { REASON_OWNERS } from '../../domain/release-hold/ownership.ts';
import { AUTHORISATION_STATUSES } from '../../domain/release-hold/authorisation.ts';
import { DESK_STATES } from '../../domain/release-hold/discharge-desk.ts';
import type { HoldState, Override, ReleaseRecord } from '../../domain/release-hold/hold-state.ts';
import { ESCALATION_LEVELS } from '../../domain/escalation/ladder.ts';
import { URGENCIES } from '../../domain/urgent-query/policy.ts';
import type { QueryView } from '../../services/queries.ts';
import type { Prisoner } from '../../domain/register/prisoner.ts';
import { PRISONER_STATUSES } from '../../domain/register/vocabulary.ts';
import { DETERMINATIONS, QUERY_CATEGORIES, QUERY_STATUSES } from '../../domain/urgent-query/schemas.ts';
import { NOTIFICATION_KINDS, NOTIFICATION_STATUSES, type NotificationState } from '../../domain/victim-notification/notification-state.ts';
import { registrationSchema } from '../../domain/victim-notification/schemas.ts';

/**
 * What the API answers, as zod schemas. The OpenAPI document is generated from these, and the
 * checks at the foot of this file fail the build if one drifts from the domain type it describes.
 * Objects are strict, so the document says `additionalProperties: false` and a field the API
 * starts sending without documenting it fails the conformance test.
 */

const instant = z.iso.datetime({ offset: true });
const nullableInstant = instant.nullable();
const level = z.union(ESCALATION_LEVELS.map((l) => z.literal(l)));

const holdReason = z
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
    requestDigest: z.string().optional().describe('A digest of the request that placed it: a keyed retry with another body is told apart'),
    ownedBy: z.enum(REASON_OWNERS).optional().describe('Whose decision removes it: the prison, the court or the query unit'),
    caseKey: z.string().optional().describe('A court reason’s case: each hearing on it that remands him is a reason of its own'),
    until: instant.optional().describe('A NOT_BEFORE reason lifts itself at this instant'),
  })
  .meta({ id: 'HoldReason' });

export const authorisationSchema = z
  .strictObject({
    id: z.string(),
    movement: z.enum(RELEASE_REASONS),
    prisonCode: z.string(),
    releaseDay: z.iso.date().describe('The day (Europe/London) it is for'),
    plannedRelease: instant.optional().describe('The register’s planned release when completed: a changed date voids it'),
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
  .meta({ id: 'ReleaseAuthorisation', description: 'A discharge checklist completed by one officer and verified by a second person of the prison: the positive authority the gate needs for one movement on one day.' });

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int().min(400).max(599),
    detail: z.string(),
    errors: z.array(z.strictObject({ field: z.string(), message: z.string() })).optional().describe('For validation errors: each bad field and why'),
    reasons: z.array(holdReason).optional().describe('For a refused release: the hold reasons that stand'),
  })
  .meta({ id: 'Problem', description: 'An RFC 9457 problem. Every error is one, as application/problem+json.' });

const timelineEntry = z.strictObject({ at: instant, actor: z.string(), action: z.string(), detail: z.string().optional(), deadline: nullableInstant });
const escalation = z.strictObject({
  id: z.number().int(),
  trigger: z.enum(['FIRST_RESPONSE_BREACH', 'ANSWER_BREACH', 'RELEASE_NEAR']),
  startedAt: instant,
  startLevel: level,
  level,
  alertsSent: z.number().int(),
  lastAlertAt: instant.optional(),
  acknowledged: z.strictObject({ by: z.string(), at: instant, comment: z.string().optional() }).optional(),
  ended: z.strictObject({ at: instant, reason: z.string() }).optional(),
});

export const urgentQuerySchema = z
  .strictObject({
    reference: z.string(),
    prisonCode: z.string(),
    prisonerNumber: z.string(),
    category: z.enum(QUERY_CATEGORIES),
    question: z.string(),
    plannedRelease: instant.optional(),
    atCourtOrReceptionToday: z.boolean(),
    status: z.enum(QUERY_STATUSES),
    urgency: z.enum(URGENCIES),
    raisedAt: instant,
    raisedBy: z.string(),
    assignee: z.string().optional(),
    targetStartedAt: instant,
    pauses: z.array(z.strictObject({ from: instant, to: instant.optional() })).describe('Spans when the clock stood still, waiting on the prison'),
    firstResponseAt: instant.optional(),
    answeredAt: instant.optional(),
    targetsDue: z.strictObject({ firstResponse: instant.optional(), answer: instant.optional() }).optional().describe('The deadlines in force when the first response and the answer were given'),
    closedAt: instant.optional(),
    resolution: z
      .strictObject({
        determination: z.enum(DETERMINATIONS),
        evidence: z.string(),
        summary: z.string().optional(),
        correctLegalStatus: z.string().optional(),
        warrantDetail: z.string().optional(),
        newReleaseDate: instant.optional(),
        by: z.string(),
        at: instant,
      })
      .optional(),
    withdrawal: z.strictObject({ reason: z.string(), by: z.string(), at: instant }).optional(),
    withdrawalRequest: z.strictObject({ reason: z.string(), by: z.string(), at: instant }).optional().describe('The prison asked to withdraw it: it holds until a duty governor, not the one who asked, confirms'),
    owner: z.enum(['PRISON', 'QUERY_UNIT']).optional().describe('Whose query it is: the prison’s to withdraw (with a governor), or the unit’s'),
    plannedReleases: z.strictObject({ reported: instant.optional(), register: instant.optional() }).optional().describe('Both release dates, where the raise and the register differed: the earlier governs'),
    deadlines: z.strictObject({ firstResponse: nullableInstant, answer: nullableInstant, releaseCap: nullableInstant, current: nullableInstant }),
    breached: z.boolean(),
    escalations: z.array(escalation),
    hold: z.enum(['PLACED', 'CLEARED']).optional().describe("The query's part in the prisoner's release hold"),
    determinationReported: z.boolean().optional(),
    timeline: z.array(timelineEntry),
    inboxDocuments: z
      .array(z.strictObject({ at: instant, messageId: z.string(), summary: z.string() }))
      .optional()
      .describe('Documents the smart inbox filed on him while the query is open, the latest 50 (apart from notes, so they never use up the notes’ limit)'),
    inboxDocumentsArchived: z.number().int().optional().describe('How many older inbox documents left that list; each stays on his record in the inbox'),
  })
  .meta({ id: 'UrgentQuery' });

export const raisedQuerySchema = z.strictObject({ reference: z.string() }).meta({ id: 'RaisedQuery' });

export const queueItemSchema = z
  .strictObject({
    reference: z.string(),
    status: z.enum(QUERY_STATUSES),
    urgency: z.enum(URGENCIES).nullable(),
    category: z.enum(QUERY_CATEGORIES),
    prisonCode: z.string(),
    prisonerNumber: z.string(),
    assignee: z.string().nullable(),
    deadline: nullableInstant,
    breached: z.boolean(),
  })
  .meta({ id: 'QueueItem' });

export const queuePageSchema = z
  .strictObject({
    items: z.array(queueItemSchema),
    nextPageToken: z.string().nullable().describe('Pass as pageToken for the next page; null on the last'),
    truncated: z.boolean().describe('True when more matched than one listing scans (1,000)'),
  })
  .meta({ id: 'QueuePage', description: 'Built from Temporal visibility: eventually consistent, a second or so behind a single read.' });


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
  .strictObject({ id: z.string(), releaseId: z.string().optional(), openedAt: instant, returnedToCustody: z.boolean(), closed: z.boolean().optional(), requestDigest: z.string().optional() })
  .meta({ id: 'IncidentLink' });

export const holdSchema = z
  .strictObject({
    prisonerNumber: z.string(),
    incidents: z.array(incidentLink),
    prisonCode: z.string().optional(),
    reasons: z.array(holdReason),
    clearedReasons: z
      .array(z.strictObject({ key: z.string(), kind: z.enum(HOLD_REASON_KINDS), clearedAt: instant, by: z.string().optional().describe('Whose decision lifted it'), requestDigest: z.string().optional() }))
      .optional()
      .describe('The latest reasons cleared (at most 200): the same event (a court hearing, a query) never places its key again'),
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

export const dischargeDeskSchema = z
  .strictObject({
    prisonCode: z.string(),
    day: z.iso.date().describe('Today, Europe/London'),
    rows: z.array(
      z.strictObject({
        prisonerNumber: z.string(),
        name: z.string(),
        plannedRelease: instant.optional(),
        state: z.enum(DESK_STATES),
        reasons: z.array(z.strictObject({ key: z.string(), kind: z.enum(HOLD_REASON_KINDS), detail: z.string(), ownedBy: z.enum(REASON_OWNERS).optional() })),
        authorisation: authorisationSchema.optional(),
        releasedAt: instant.optional(),
      }),
    ),
    truncated: z.boolean().describe('More people leave than the desk lists (200)'),
  })
  .meta({ id: 'DischargeDesk' });

export const releaseStatusSchema = z
  .strictObject({
    prisonerNumber: z.string(),
    releasable: z.boolean().describe('True only when no reason stands that a usable override does not cover, and a verified authorisation for today exists'),
    clear: z.boolean().describe('No reason stands that a usable override does not cover (an authorisation is still needed)'),
    reasons: z.array(holdReason),
    override: overrideSchema.optional().describe('The usable override, when one covers the standing reasons'),
    authorisation: authorisationSchema.optional().describe('The verified authorisation for today, when one exists'),
    plannedRelease: instant.optional().describe('The planned release, from a query’s answer or the register'),
  })
  .meta({ id: 'ReleaseStatus', description: 'The discharge gate. Read from the hold workflow itself, so it is never stale.' });

const alias = z.strictObject({ firstName: z.string(), lastName: z.string(), dateOfBirth: z.iso.date().optional() });

export const prisonerSchema = z
  .strictObject({
    prisonerNumber: z.string(),
    firstName: z.string(),
    middleNames: z.string().optional(),
    lastName: z.string(),
    dateOfBirth: z.iso.date(),
    pncNumber: z.string().optional(),
    croNumber: z.string().optional(),
    prisonCode: z.string().describe('The establishment holding him, or for someone released or transferred out, the one he left from'),
    status: z.enum(PRISONER_STATUSES),
    plannedRelease: instant.optional(),
    statusSince: instant,
    aliases: z.array(alias),
  })
  .meta({ id: 'Prisoner', description: 'One person in the prisoner register: who he is and where he is held.' });

export const prisonerListSchema = z.strictObject({ items: z.array(prisonerSchema) }).meta({ id: 'PrisonerList', description: 'At most 50. Prison users see their own caseload only.' });

export const returnedToCustodySchema = z
  .strictObject({ prisonerNumber: z.string(), releases: z.array(releaseRecordSchema), incidents: z.array(incidentLink) })
  .meta({ id: 'ReturnedToCustody' });

export const incidentSchema = z
  .strictObject({
    id: z.string(),
    prisonerNumber: z.string(),
    prisonCode: z.string(),
    detection: z.enum(['REPORTED', 'AUTOMATIC']),
    howFound: z.string(),
    releaseId: z.string().optional(),
    releasedAt: instant.optional(),
    likelyCause: z.enum(INCIDENT_CAUSES).optional().describe('For one found by a query’s answer: the cause its category maps to'),
    openedAt: instant,
    status: z.enum(INCIDENT_STATUSES),
    returnedToCustodyAt: instant.optional(),
    cause: z.enum(INCIDENT_CAUSES).optional(),
    exclusion: z.enum(OFFICIAL_EXCLUSIONS).optional().describe('Closed as outside the official definition, and why'),
    closedAt: instant.optional(),
    escalationsSent: z.number().int(),
    timeline: z.array(z.strictObject({ at: instant, actor: z.string(), action: z.string(), detail: z.string().optional() })),
  })
  .meta({ id: 'ReleaseInErrorIncident' });

export const incidentOpenedSchema = z.strictObject({ incidentId: z.string() }).meta({ id: 'IncidentOpened' });

export const incidentListSchema = z
  .strictObject({
    items: z.array(z.strictObject({ id: z.string(), prisonCode: z.string(), prisonerNumber: z.string().optional(), status: z.enum(INCIDENT_STATUSES).optional(), openedAt: instant })),
  })
  .meta({ id: 'IncidentList', description: 'At most 200, from visibility: eventually consistent.' });

export const incidentCountsSchema = z
  .strictObject({
    month: z.string(),
    total: z.number().int().describe('Every release in error opened in the month'),
    counted: z.number().int().describe('Those inside the official definition: the Board’s figure'),
    outsideOfficialDefinition: z.strictObject(Object.fromEntries(OFFICIAL_EXCLUSIONS.map((e) => [e, z.number().int()])) as Record<OfficialExclusion, z.ZodNumber>),
    byPrison: z.record(z.string(), z.number().int()),
  })
  .meta({ id: 'IncidentCounts', description: 'Releases in error opened in the month, for the Justice Performance Board.' });

export const domainEventSchema = z
  .strictObject({
    eventType: z.string(),
    version: z.literal(1),
    occurredAt: instant,
    description: z.string(),
    personReference: z.strictObject({ identifiers: z.array(z.strictObject({ type: z.literal('NOMS'), value: z.string() })) }),
    additionalInformation: z.record(z.string(), z.string().optional()),
  })
  .meta({ id: 'DomainEvent', description: 'In the HMPPS domain event shape.' });

export const eventListSchema = z.strictObject({ events: z.array(domainEventSchema) }).meta({ id: 'DomainEventList' });

export const registrationEntrySchema = registrationSchema.extend({ id: z.string(), registeredAt: z.string(), requestDigest: z.string().optional().describe('A digest of the request that added it') }).meta({ id: 'VictimContactRegistration' });
export const registrationsViewSchema = z.strictObject({ prisonerNumber: z.string(), registrations: z.array(registrationEntrySchema) }).meta({ id: 'VictimContactRegistrations' });

export const notificationSchema = z
  .strictObject({
    id: z.string(),
    kind: z.enum(NOTIFICATION_KINDS),
    prisonerNumber: z.string(),
    prisonCode: z.string(),
    releaseType: z.string(),
    releasedAt: instant.optional(),
    plannedRelease: instant.optional().describe('RELEASE_DATE_SET and RELEASE_DATE_REMINDER: the planned release the VLO is told of'),
    status: z.enum(NOTIFICATION_STATUSES),
    createdAt: instant,
    vloEmail: z.string(),
    teamMailbox: z.string(),
    rejected: z.array(z.string()).describe('Addresses that answered SMTP 5xx, never tried again'),
    ladderStartedAt: instant,
    ladderStartLevel: level,
    lastNoticeAt: instant.optional(),
    noticesSent: z.number().int(),
    delivered: z.array(z.strictObject({ key: z.string(), to: z.array(z.string()), at: instant })),
    acknowledged: z.strictObject({ by: z.string(), at: instant, via: z.enum(['API', 'LINK']) }).optional(),
    usedLinks: z.array(z.string()),
    timeline: z.array(z.strictObject({ at: instant, action: z.string(), detail: z.string().optional() })),
  })
  .meta({ id: 'VictimNotification' });

export const notificationListSchema = z
  .strictObject({ items: z.array(z.strictObject({ id: z.string(), status: z.enum(NOTIFICATION_STATUSES).optional(), prisonCode: z.string().optional(), createdAt: instant })) })
  .meta({ id: 'VictimNotificationList', description: 'At most 200, from visibility: eventually consistent.' });

const componentStatus = z.strictObject({ status: z.enum(['UP', 'DOWN']), detail: z.string().optional().describe('Only for a caller with the OPERATOR role') });
export const healthSchema = z
  .strictObject({ status: z.enum(['UP', 'DOWN']), components: z.strictObject({ temporal: componentStatus, smtp: componentStatus, audit: componentStatus }) })
  .meta({ id: 'Health' });
export const pingSchema = z.strictObject({ status: z.literal('UP') }).meta({ id: 'Ping' });
export const infoSchema = z.strictObject({ name: z.string(), version: z.string(), commit: z.string() }).meta({ id: 'Info' });

// ---- Drift checks: each schema must describe exactly the value the handler sends. ----
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const agrees = <_T extends true>() => undefined;
agrees<Same<z.infer<typeof urgentQuerySchema>, QueryView>>();
agrees<Same<z.infer<typeof prisonerSchema>, Prisoner>>();
agrees<Same<z.infer<typeof holdSchema>, HoldState>>();
agrees<Same<z.infer<typeof overrideSchema>, Override>>();
agrees<Same<z.infer<typeof releaseRecordSchema>, ReleaseRecord>>();
agrees<Same<z.infer<typeof incidentSchema>, IncidentState>>();
agrees<Same<z.infer<typeof notificationSchema>, NotificationState>>();
agrees<Same<z.infer<typeof domainEventSchema>, DomainEvent>>();

// ---- court results ------------------------------------------------------------------------------

export const courtReceiptSchema = z
  .strictObject({
    hearingId: z.string(),
    version: z.int(),
    status: z.literal('RECEIVED'),
    duplicate: z.boolean().describe('The same body was received before; nothing new was started'),
  })
  .meta({ id: 'CourtReceipt' });

const contribution = z.strictObject({ field: z.string(), agreement: z.string(), weight: z.number() });
const scoredCandidate = z.strictObject({ prisonerNumber: z.string(), score: z.number(), rules: z.array(z.string()), nameUsed: z.enum(['PRIMARY', 'ALIAS']), contributions: z.array(contribution), sameNameDays: z.int().optional().describe('Of his names spelt as the defendant\'s, the nearest date of birth in days') });

export const storedHearingSchema = z
  .strictObject({
    hearingId: z.string(),
    version: z.int(),
    status: z.enum(['RECEIVED', 'MATCHED', 'MALFORMED']),
    courtCode: z.string().optional(),
    jurisdiction: z.string().optional(),
    errors: z.array(z.strictObject({ field: z.string(), message: z.string() })).optional(),
    receivedAt: instant,
    defendants: z.array(
      z.strictObject({
        defendantId: z.string(),
        caseUrn: z.string(),
        decision: z.strictObject({
          outcome: z.enum(['MATCHED', 'POSSIBLE_MATCH', 'NO_MATCH']),
          prisonerNumber: z.string().optional(),
          score: z.number().optional(),
          explanation: z.array(z.string()).describe('Which rules found each candidate and what each field contributed'),
          candidates: z.array(scoredCandidate),
        }),
        change: z.strictObject({ direction: z.enum(['INTO_CUSTODY', 'OUT_OF_CUSTODY']), label: z.string() }).nullable(),
        action: z.enum(['HOLD_PLACED', 'QUERY_RAISED', 'NO_ACTION', 'REVIEW', 'HELD_FOR_UNIT']).optional(),
        actionDetail: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'StoredHearing' });

export const courtAttentionSchema = z
  .strictObject({
    malformed: z.array(z.strictObject({ hearingId: z.string(), receivedAt: instant, receivedBy: z.string(), errors: z.array(z.strictObject({ field: z.string(), message: z.string() })) })),
    heldForUnit: z.array(
      z.strictObject({ hearingId: z.string(), version: z.int(), defendantId: z.string(), caseUrn: z.string(), outcome: z.string(), actionDetail: z.string().optional(), explanation: z.array(z.string()), decidedAt: instant }),
    ),
  })
  .meta({ id: 'CourtAttention' });

// ---- the smart inbox ----------------------------------------------------------------------------

const extracted = z.strictObject({
  prisonerNumbers: z.array(z.string()),
  pncNumbers: z.array(z.string()),
  croNumbers: z.array(z.string()),
  names: z.array(z.strictObject({ firstName: z.string(), lastName: z.string() })),
  datesOfBirth: z.array(z.string()),
  courts: z.array(z.string()),
  caseNumbers: z.array(z.string()),
});

export const inboxMessageSchema = z
  .strictObject({
    id: z.string(),
    receivedAt: instant,
    from: z.string().optional(),
    subject: z.string().optional(),
    size: z.int(),
    status: z.enum(['RECEIVED', 'FILED', 'TRIAGE', 'OVERSIZED']),
    outcome: z.string().optional().describe('FILED, or why it waits for the unit: NO_IDENTIFIERS, AMBIGUOUS, NO_MATCH, POSSIBLE_MATCH, UNREADABLE, NUMBER_UNCONFIRMED, SENDER_FLOOD'),
    prisonerNumber: z.string().optional(),
    extracted: extracted.optional(),
    explanation: z.array(z.string()).optional(),
    documents: z.array(
      z.strictObject({ position: z.int(), filename: z.string(), contentType: z.string(), size: z.int(), sha256: z.string(), textRead: z.boolean(), problem: z.string().optional() }),
    ),
  })
  .meta({ id: 'InboxMessage' });

export const inboxTriageSchema = z.strictObject({ items: z.array(inboxMessageSchema) }).meta({ id: 'InboxTriage' });

const period = z.strictObject({ from: z.string(), to: z.string() });
const counts = z.record(z.string(), z.int());
const share = z.strictObject({ met: z.int(), of: z.int(), percent: z.number().nullable() });

export const releasesInErrorReportSchema = z
  .strictObject({
    period,
    byMonth: z.array(z.strictObject({ month: z.string(), counted: z.int(), outsideOfficialDefinition: z.int() })),
    counted: z.int(),
    byPrison: counts,
    byCause: counts,
    outsideOfficialDefinition: counts,
    financialYears: z.array(z.strictObject({ year: z.string(), counted: z.int(), previousYear: z.string(), previousCounted: z.int(), change: z.int(), changePercent: z.number().nullable() })),
    releaseTimeUnknown: z.int(),
    note: z.string(),
  })
  .meta({ id: 'ReleasesInErrorReport' });

export const urgentQueriesReportSchema = z
  .strictObject({
    period,
    byMonth: z.array(z.strictObject({ month: z.string(), handled: z.int(), byUrgency: counts, byCategory: counts })),
    handled: z.int(),
    withdrawn: z.int(),
    firstResponseTarget: share,
    answerTarget: share,
    minutesToAnswer: z.strictObject({ answered: z.int(), median: z.number().nullable(), p90: z.number().nullable() }),
    breachesByLevel: counts,
    answeredBeforeRelease: share,
  })
  .meta({ id: 'UrgentQueriesReport' });

const authorisationCounts = z
  .strictObject({ authorised: z.int(), refusedAtCheck: z.int(), voided: z.int(), used: z.int() })
  .describe('Release authorisations: verified, refused at the checklist, voided (a new reason, a changed date, a transfer) and used by a release, each step in the month it happened');

export const gateReportSchema = z
  .strictObject({
    period,
    byMonth: z.array(z.strictObject({ month: z.string(), releasesRecorded: z.int(), releasesPrevented: z.int(), overrides: z.int() })),
    releasesRecorded: z.int(),
    recordedByMovement: counts,
    releasesPrevented: z.int(),
    preventedByReasonKind: counts,
    overrides: z.int(),
    overridesBy: z.array(z.strictObject({ by: z.string(), count: z.int() })),
    releasedOnOverride: z.int(),
    authorisations: authorisationCounts,
    byPrison: z.record(z.string(), z.strictObject({ releasesRecorded: z.int(), releasesPrevented: z.int(), overrides: z.int(), authorisations: authorisationCounts })),
  })
  .meta({ id: 'GateReport' });
