import { hasRole, type Actor } from '../actors.ts';
import type { Rejection } from '../rejection.ts';
import type { RegistrationEntry, RegistrationOperation } from './vocabulary.ts';

/** The most registrations one prisoner's record keeps: several victims, but not without bound. */
export const MAX_REGISTRATIONS = 20;

/** Why `actor` may not apply `op` to a prisoner's registrations, or null. */
export function checkRegistrationOperation(
  current: readonly RegistrationEntry[],
  op: RegistrationOperation,
  actor: Actor,
): Rejection | null {
  if (!hasRole(actor, 'VICTIM_LIAISON'))
    return { code: 'FORBIDDEN', message: 'only victim liaison manages registrations' };
  const exists = current.some((r) => r.id === op.id);
  if (op.type === 'add') {
    if (!exists && current.length >= MAX_REGISTRATIONS)
      return { code: 'UNPROCESSABLE', message: `a prisoner has at most ${MAX_REGISTRATIONS} registrations` };
    return null; // adding an id already there is a retried request: harmless
  }
  return exists ? null : { code: 'NOT_FOUND', message: 'no such registration' };
}

export function applyRegistrationOperation(
  current: readonly RegistrationEntry[],
  op: RegistrationOperation,
  now: Date,
): RegistrationEntry[] {
  switch (op.type) {
    case 'add':
      return current.some((r) => r.id === op.id)
        ? [...current]
        : [
            ...current,
            {
              id: op.id,
              registeredAt: now.toISOString(),
              ...op.registration,
              ...(op.requestDigest ? { requestDigest: op.requestDigest } : {}),
            },
          ];
    case 'change':
      return current.map((r) =>
        r.id !== op.id
          ? r
          : {
              ...r,
              ...op.registration,
              // Another VLO (email addresses compare in any casing) has been told of nothing yet.
              ...(r.vloEmail.toLowerCase() === op.registration.vloEmail.toLowerCase()
                ? {}
                : { vloChanges: (r.vloChanges ?? 0) + 1 }),
            },
      );
    case 'remove':
      return current.filter((r) => r.id !== op.id);
  }
}
