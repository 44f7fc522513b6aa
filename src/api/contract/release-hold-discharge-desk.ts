import { z } from 'zod';
import { prisonCodeSchema } from '../../domain/identifiers.ts';
import * as responses from './responses/release-hold-discharge-desk.ts';
import { TAGS, type Operation } from './shared.ts';

/** The discharge desk, served by routers/discharge-desk.ts. */
export const DISCHARGE_DESK_OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/api/prisons/{prisonCode}/discharge-desk',
    operationId: 'getDischargeDesk',
    summary:
      'The discharge desk: everyone the register says leaves this prison today or tomorrow, and where each stands',
    description:
      'Each with its state: RELEASED (today), HELD (with the reasons and their owners), REFUSED_AT_CHECK, AWAITING_CHECKLIST, AWAITING_VERIFICATION or AUTHORISED; in the order they leave. For the prison’s own staff and governors: another prison’s desk is a 404.',
    tag: TAGS.holds,
    access: ['PRISON_STAFF', 'DUTY_GOVERNOR'],
    params: z.object({ prisonCode: prisonCodeSchema }),
    success: [{ status: 200, description: 'Today’s desk', schema: responses.dischargeDeskSchema }],
    errors: [422],
  },
];
