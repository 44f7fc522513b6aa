import { z } from 'zod';
import { DESK_STATES } from '../../../domain/release-hold/discharge-desk.ts';
import { REASON_OWNERS } from '../../../domain/release-hold/ownership.ts';
import { HOLD_REASON_KINDS } from '../../../domain/release-hold/schemas.ts';
import { authorisationSchema } from './release-hold.ts';
import { instant } from './shared.ts';

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
        reasons: z.array(
          z.strictObject({
            key: z.string(),
            kind: z.enum(HOLD_REASON_KINDS),
            detail: z.string(),
            ownedBy: z.enum(REASON_OWNERS).optional(),
          }),
        ),
        authorisation: authorisationSchema.optional(),
        releasedAt: instant.optional(),
      }),
    ),
    truncated: z.boolean().describe('More people leave than the desk lists (200)'),
  })
  .meta({ id: 'DischargeDesk' });
