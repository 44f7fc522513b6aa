import { z } from 'zod';
import { ELIGIBILITY, type Registration } from './vocabulary.ts';

export type { Registration, RegistrationEntry } from './vocabulary.ts';

/**
 * What the Victim Contact Scheme holds about one victim's registration: his VLO and the basis of
 * eligibility, never the victim. A prisoner may have several, each with its own VLO.
 */
export const registrationSchema = z.strictObject({
  vloName: z.string().trim().min(1).max(200),
  vloEmail: z.email(),
  teamMailbox: z.email(),
  probationRegion: z.string().trim().min(1).max(100),
  eligibility: z
    .enum(ELIGIBILITY)
    .describe('STATUTORY: the scheme’s statutory basis; DISCRETIONARY: admitted at discretion'),
});

// The schema and the type the workflow code uses (without zod) must describe the same value.
const same: [z.infer<typeof registrationSchema>] extends [Registration]
  ? [Registration] extends [z.infer<typeof registrationSchema>]
    ? true
    : false
  : false = true;
void same;
