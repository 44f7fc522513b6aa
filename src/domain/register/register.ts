import type { Alias, Movement, Prisoner } from './prisoner.ts';
import type { PrisonerStatus } from './vocabulary.ts';

export interface Establishment {
  code: string;
  name: string;
}

/** What the prison system writes for one prisoner. */
export interface PrisonerWrite {
  firstName: string;
  middleNames?: string;
  lastName: string;
  dateOfBirth: string;
  pncNumber?: string;
  croNumber?: string;
  prisonCode: string;
  status: PrisonerStatus;
  plannedRelease?: string;
  aliases: Alias[];
}

export interface RegisterSearch {
  prisonerNumber?: string;
  pncNumber?: string;
  lastName?: string;
  firstName?: string;
  dateOfBirth?: string;
  /** Only prisoners these establishments hold (or last held): a prison user's caseload. Absent: everywhere. */
  prisonCodes?: string[];
  /** The discharge desk's day: planned to leave in this window, or recorded released since its start. */
  leavingBetween?: { from: string; to: string };
  limit?: number;
}

/**
 * The prisoner register, as the API, the activities and the imports use it. Implemented over
 * PostgreSQL (embedded or a server) in src/infra/register.
 */
export interface PrisonerRegister {
  find(prisonerNumber: string): Promise<Prisoner | null>;
  search(query: RegisterSearch): Promise<Prisoner[]>;
  /** Writes a prisoner's record as the prison system holds it, as at `asAt`. */
  upsert(prisonerNumber: string, record: PrisonerWrite, by: string, asAt: string): Promise<Prisoner>;
  /** Records a movement; it moves him only if it is not older than his current status. Retrying one is harmless. */
  recordMovement(movement: Movement): Promise<Prisoner | null>;
  setPlannedRelease(prisonerNumber: string, plannedRelease: string | null, by: string): Promise<void>;
  establishments(): Promise<Establishment[]>;
  isEstablishment(code: string): Promise<boolean>;
  count(): Promise<number>;
}
