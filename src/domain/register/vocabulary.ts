/** The prisoner register's words. Plain constants: workflow code may import them (no zod). */

/** Where the register says a prisoner is. Only IN_CUSTODY, AT_COURT and TEMPORARY_ABSENCE keep him on a prison's roll. */
export const PRISONER_STATUSES = [
  'IN_CUSTODY',
  'AT_COURT',
  'TEMPORARY_ABSENCE',
  'RELEASED',
  'TRANSFERRED_OUT',
] as const;
export type PrisonerStatus = (typeof PRISONER_STATUSES)[number];

/** On the establishment's roll: in the prison, at court, or out on temporary licence and due back. */
export const ON_ROLL: readonly PrisonerStatus[] = ['IN_CUSTODY', 'AT_COURT', 'TEMPORARY_ABSENCE'];

/** Movements the prison system reports to the register (received into custody, moved between prisons). */
export const SYNC_MOVEMENTS = ['RECEIVED', 'TRANSFERRED'] as const;
export type SyncMovement = (typeof SYNC_MOVEMENTS)[number];
