import { INTERNAL_ROLE, hasRole, mayActAt, samePerson, type Actor, type Role } from '../actors.ts';
import type { Rejection } from '../rejection.ts';
import type { HoldReasonKind } from './vocabulary.ts';

/**
 * Who owns a reason not to release, and so who may remove it: stated once, for every path that
 * removes one (clearing, a query's withdrawal or answer, lapsing, a movement). The gate used to say
 * yes unless someone had flagged a reason, and any path that removed one opened it; now a reason
 * goes only by its owner's decision, and never by one person alone on the releasing side.
 */

/** The prison (a manual hold, a query it raised), the court (a custodial-status change), or the query unit. */
export const REASON_OWNERS = ['PRISON', 'COURT', 'QUERY_UNIT'] as const;
export type ReasonOwner = (typeof REASON_OWNERS)[number];

/** The roles that speak for each owner. A prison role speaks only for the prisons of its caseload. */
export const OWNER_ROLES: Record<ReasonOwner, readonly Role[]> = {
  PRISON: ['PRISON_STAFF', 'DUTY_GOVERNOR'],
  COURT: ['COURT_RESULTS', 'COURT_EXPERT', 'QUERY_UNIT_LEAD'],
  QUERY_UNIT: ['COURT_EXPERT', 'QUERY_UNIT_LEAD'],
};

/** A decision that lifts a reason without its owner's ordinary act (an answer, a court's result) is written down. */
export const JUSTIFICATION_MIN = 20;

/**
 * How much of a text a person can read: letters, digits, punctuation and symbols. Twenty NULs or
 * zero-width spaces are twenty characters, and no writing at all.
 */
export const writtenLength = (text: string | undefined): number =>
  (text ?? '').match(/[\p{L}\p{N}\p{P}\p{S}]/gu)?.length ?? 0;
export const isWritten = (text: string | undefined): boolean => writtenLength(text) >= JUSTIFICATION_MIN;

const PRISON_ROLES = OWNER_ROLES.PRISON;

/** The owner a new reason gets, fixed when it is placed. A query says whose it is (see the query's owner). */
export function ownerOfNewReason(kind: HoldReasonKind, placer: Actor, queryOwner?: ReasonOwner): ReasonOwner {
  switch (kind) {
    case 'URGENT_QUERY':
      return queryOwner ?? 'QUERY_UNIT';
    case 'CUSTODIAL_STATUS_CHANGE':
      return 'COURT';
    case 'NOT_BEFORE':
      return 'QUERY_UNIT';
    case 'MANUAL':
      return hasRole(placer, ...PRISON_ROLES) ? 'PRISON' : 'QUERY_UNIT';
  }
}

/** What `whyNotRemovable` needs of a reason. */
export interface OwnedReason {
  kind: HoldReasonKind;
  ownedBy?: ReasonOwner;
  placedBy: string;
}

/** Reasons placed before owners were kept: the owner their kind and placer imply. */
export const ownerOf = (reason: OwnedReason): ReasonOwner =>
  reason.ownedBy ??
  (reason.kind === 'CUSTODIAL_STATUS_CHANGE' ? 'COURT' : reason.kind === 'MANUAL' ? 'PRISON' : 'QUERY_UNIT');

/**
 * Why `actor` may not remove `reason` from a prisoner the register holds at `prisonCode`, or null.
 * Release Guard's own workflows remove a reason only as its owner decided (a query answered or
 * withdrawn as its rules allow, a "not before" date reached), so they may.
 */
export function whyNotRemovable(
  reason: OwnedReason,
  actor: Actor,
  prisonCode: string,
  note: string | undefined,
): Rejection | null {
  if (hasRole(actor, INTERNAL_ROLE)) return null;
  const owner = ownerOf(reason);
  const justified = isWritten(note);
  switch (reason.kind) {
    case 'URGENT_QUERY':
    case 'NOT_BEFORE':
      // The unit answers queries and sets dates; lifting one without an answer is its team leader's written decision.
      if (!mayActAt(actor, ['QUERY_UNIT_LEAD'], prisonCode))
        return {
          code: 'FORBIDDEN',
          message: `a ${reason.kind} reason is lifted by the query unit's answer, or by its team leader`,
        };
      return justified
        ? null
        : {
            code: 'UNPROCESSABLE',
            message: `lifting a ${reason.kind} reason needs a written justification of at least ${JUSTIFICATION_MIN} characters in the note`,
          };
    case 'CUSTODIAL_STATUS_CHANGE':
      return mayActAt(actor, OWNER_ROLES.COURT, prisonCode)
        ? null
        : { code: 'FORBIDDEN', message: 'a court reason is cleared by the court roles' };
    case 'MANUAL':
      if (!mayActAt(actor, OWNER_ROLES[owner], prisonCode))
        return {
          code: 'FORBIDDEN',
          message: `a manual hold placed by the ${owner === 'PRISON' ? 'prison' : 'query unit'} is lifted by the ${owner === 'PRISON' ? 'holding prison' : 'query unit'}`,
        };
      if (samePerson(reason.placedBy, actor.username))
        return {
          code: 'FORBIDDEN',
          message: 'a manual hold must be lifted by a different person from the one who placed it',
        };
      return null;
  }
}
