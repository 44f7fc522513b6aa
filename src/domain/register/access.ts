import { canSeePrison, type Actor } from '../actors.ts';
import type { Prisoner } from './prisoner.ts';

/**
 * Whether `actor` may see or act on this prisoner, decided from the register and never from what a
 * request says: national roles always; prison roles while the register places him in one of their
 * caseload's establishments (for someone released or transferred out, the one he left from).
 */
export const canActOn = (actor: Actor, prisoner: Pick<Prisoner, 'prisonCode'>): boolean =>
  canSeePrison(actor, prisoner.prisonCode);
