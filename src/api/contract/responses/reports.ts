import { z } from 'zod';

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
    financialYears: z.array(
      z.strictObject({
        year: z.string(),
        counted: z.int(),
        previousYear: z.string(),
        previousCounted: z.int(),
        change: z.int(),
        changePercent: z.number().nullable(),
      }),
    ),
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
  .describe(
    'Release authorisations: verified, refused at the checklist, voided (a new reason, a changed date, a transfer) and used by a release, each step in the month it happened',
  );

export const gateReportSchema = z
  .strictObject({
    period,
    byMonth: z.array(
      z.strictObject({ month: z.string(), releasesRecorded: z.int(), releasesPrevented: z.int(), overrides: z.int() }),
    ),
    releasesRecorded: z.int(),
    recordedByMovement: counts,
    releasesPrevented: z.int(),
    preventedByReasonKind: counts,
    overrides: z.int(),
    overridesBy: z.array(z.strictObject({ by: z.string(), count: z.int() })),
    releasedOnOverride: z.int(),
    authorisations: authorisationCounts,
    byPrison: z.record(
      z.string(),
      z.strictObject({
        releasesRecorded: z.int(),
        releasesPrevented: z.int(),
        overrides: z.int(),
        authorisations: authorisationCounts,
      }),
    ),
  })
  .meta({ id: 'GateReport' });
