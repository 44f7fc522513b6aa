import { z } from 'zod';

/** What the Victim Contact Scheme holds about a prisoner: his VLO, never his victims. */
export const registrationSchema = z.strictObject({
  vloName: z.string().trim().min(1).max(200),
  vloEmail: z.email(),
  teamMailbox: z.email(),
  probationRegion: z.string().trim().min(1).max(100),
});
export type Registration = z.infer<typeof registrationSchema>;
