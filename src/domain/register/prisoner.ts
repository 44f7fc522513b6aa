import { ON_ROLL, type PrisonerStatus } from './vocabulary.ts';
import type { ReleaseReason } from '../release-hold/vocabulary.ts';

/** Another name (and perhaps date of birth) the same person has used. */
export interface Alias {
  firstName: string;
  lastName: string;
  dateOfBirth?: string;
}

/** One person as the register holds him: who he is and where he is held. */
export interface Prisoner {
  prisonerNumber: string;
  firstName: string;
  middleNames?: string;
  lastName: string;
  /** YYYY-MM-DD. */
  dateOfBirth: string;
  pncNumber?: string;
  croNumber?: string;
  /** The establishment holding him, or for someone released or transferred out, the one he left from. */
  prisonCode: string;
  status: PrisonerStatus;
  /** The planned release the register knows of (from the prison system, or a query's answer). */
  plannedRelease?: string;
  /** When the status last changed: movements older than this do not move him back. */
  statusSince: string;
  aliases: Alias[];
}

/** A change of place or status: from the prison system, or from the discharge gate. */
export interface Movement {
  /** Unique per movement, so a retried write is harmless. */
  id: string;
  prisonerNumber: string;
  status: PrisonerStatus;
  prisonCode: string;
  occurredAt: string;
  /** What moved him: RECEIVED, TRANSFERRED, a gate release reason, RETURNED_TO_CUSTODY, SYNC. */
  kind: string;
  recordedBy: string;
}

export const isOnRoll = (prisoner: Pick<Prisoner, 'status'>): boolean => ON_ROLL.includes(prisoner.status);

/** What a movement recorded at the gate does to the register: where he is afterwards. */
export function statusAfterGateMovement(reason: ReleaseReason): PrisonerStatus {
  switch (reason) {
    case 'RELEASED':
    case 'RELEASED_FROM_COURT':
      return 'RELEASED';
    case 'TEMPORARY_ABSENCE_RELEASE':
      return 'TEMPORARY_ABSENCE';
    case 'SENT_TO_COURT':
      return 'AT_COURT';
    case 'RELEASED_TO_HOSPITAL':
    case 'HANDED_TO_IMMIGRATION':
      return 'TRANSFERRED_OUT';
    case 'TRANSFERRED':
      return 'IN_CUSTODY';
  }
}

/**
 * Movements arrive out of order (a release and the return to custody behind it are written by
 * separate retried activities): a movement older than the status it would replace changes nothing.
 */
export const supersedes = (movement: Pick<Movement, 'occurredAt'>, prisoner: Pick<Prisoner, 'statusSince'>): boolean =>
  Date.parse(movement.occurredAt) >= Date.parse(prisoner.statusSince);
