import { z } from 'zod';

const componentStatus = z.strictObject({
  status: z.enum(['UP', 'DOWN']),
  detail: z.string().optional().describe('Only for a caller with the OPERATOR role'),
});
export const healthSchema = z
  .strictObject({
    status: z.enum(['UP', 'DOWN']),
    components: z.strictObject({ temporal: componentStatus, smtp: componentStatus, audit: componentStatus }),
  })
  .meta({ id: 'Health' });
export const pingSchema = z.strictObject({ status: z.literal('UP') }).meta({ id: 'Ping' });
export const infoSchema = z
  .strictObject({ name: z.string(), version: z.string(), commit: z.string() })
  .meta({ id: 'Info' });
