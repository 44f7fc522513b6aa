import { z } from 'zod';
import {
  INCIDENT_CAUSES,
  INCIDENT_STATUSES,
  OFFICIAL_EXCLUSIONS,
  type IncidentState,
  type OfficialExclusion,
} from '../../../domain/incident/incident-state.ts';
import { agrees, instant, type Same } from './shared.ts';

export const incidentSchema = z
  .strictObject({
    id: z.string(),
    prisonerNumber: z.string(),
    prisonCode: z.string(),
    detection: z.enum(['REPORTED', 'AUTOMATIC']),
    howFound: z.string(),
    releaseId: z.string().optional(),
    releasedAt: instant.optional(),
    likelyCause: z
      .enum(INCIDENT_CAUSES)
      .optional()
      .describe('For one found by a query’s answer: the cause its category maps to'),
    openedAt: instant,
    status: z.enum(INCIDENT_STATUSES),
    returnedToCustodyAt: instant.optional(),
    cause: z.enum(INCIDENT_CAUSES).optional(),
    exclusion: z.enum(OFFICIAL_EXCLUSIONS).optional().describe('Closed as outside the official definition, and why'),
    closedAt: instant.optional(),
    escalationsSent: z.number().int(),
    timeline: z.array(
      z.strictObject({ at: instant, actor: z.string(), action: z.string(), detail: z.string().optional() }),
    ),
  })
  .meta({ id: 'ReleaseInErrorIncident' });

export const incidentListSchema = z
  .strictObject({
    items: z.array(
      z.strictObject({
        id: z.string(),
        prisonCode: z.string(),
        prisonerNumber: z.string().optional(),
        status: z.enum(INCIDENT_STATUSES).optional(),
        openedAt: instant,
      }),
    ),
  })
  .meta({ id: 'IncidentList', description: 'At most 200, from visibility: eventually consistent.' });

export const incidentCountsSchema = z
  .strictObject({
    month: z.string(),
    total: z.number().int().describe('Every release in error opened in the month'),
    counted: z.number().int().describe('Those inside the official definition: the Board’s figure'),
    outsideOfficialDefinition: z.strictObject(
      Object.fromEntries(OFFICIAL_EXCLUSIONS.map((e) => [e, z.number().int()])) as Record<
        OfficialExclusion,
        z.ZodNumber
      >,
    ),
    byPrison: z.record(z.string(), z.number().int()),
  })
  .meta({
    id: 'IncidentCounts',
    description: 'Releases in error opened in the month, for the Justice Performance Board.',
  });

// Drift check (responses/shared.ts): the schema must describe exactly the value the handler sends.
agrees<Same<z.infer<typeof incidentSchema>, IncidentState>>();
