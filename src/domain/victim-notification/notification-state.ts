import { hasRole, type Actor } from '../actors.ts';
import type { Registration } from './schemas.ts';
import { cloneState } from '../clone.ts';
import { LIMITS, appendBounded } from '../limits.ts';
import type { Rejection } from '../rejection.ts';
import { levelAt, nextAlertAt, type EscalationLevel, type LadderMode } from '../escalation/ladder.ts';

import type { NotificationKind, NotificationStatus } from './vocabulary.ts';

export {
  NOTIFICATION_KINDS,
  NOTIFICATION_STATUSES,
  type NotificationKind,
  type NotificationStatus,
} from './vocabulary.ts';

export interface NotificationLadder {
  /** Minutes the VLO has to acknowledge before the team mailbox hears. */
  ackMinutes: number;
  /** How often the notice repeats at the level in force. */
  repeatMinutes: number;
  /** Minutes after the team mailbox before the unit head hears too. */
  unitHeadAfterMinutes: number;
}

/** The ladders policy sets; a return to custody goes on the release's ladder. */
export type LadderKind = 'RELEASE' | 'RELEASE_IN_ERROR';
const LADDER_OF: Record<NotificationKind, LadderKind> = {
  RELEASE: 'RELEASE',
  RELEASE_IN_ERROR: 'RELEASE_IN_ERROR',
  RETURNED_TO_CUSTODY: 'RELEASE',
  RELEASE_DATE_SET: 'RELEASE',
  RELEASE_DATE_REMINDER: 'RELEASE',
};
export const ladderFor = (policy: NotificationPolicy, kind: NotificationKind): NotificationLadder =>
  policy.ladders[LADDER_OF[kind]];

export interface NotificationPolicy {
  ladders: Record<LadderKind, NotificationLadder>;
  unitHead: string;
  /** *Policy*: the VLO's reminder goes this many England and Wales working days before a planned release (10 when unset). */
  preReleaseWorkingDays?: number;
}

export const DEFAULT_PRE_RELEASE_WORKING_DAYS = 10;

export const DEFAULT_NOTIFICATION_LADDERS: Record<LadderKind, NotificationLadder> = {
  RELEASE: { ackMinutes: 24 * 60, repeatMinutes: 4 * 60, unitHeadAfterMinutes: 8 * 60 },
  RELEASE_IN_ERROR: { ackMinutes: 60, repeatMinutes: 15, unitHeadAfterMinutes: 30 },
};

/** What the VLO needs and nothing more: no victim data ever enters a notice. */
export interface NoticeFacts {
  kind: NotificationKind;
  prisonerNumber: string;
  prisonCode: string;
  releaseType: string;
  releasedAt?: string;
  /** For a release date's notices: the planned release told. */
  plannedRelease?: string;
}

export interface Notice {
  key: string;
  level: EscalationLevel;
  to: string[];
}

export interface NotificationState extends NoticeFacts {
  id: string;
  status: NotificationStatus;
  createdAt: string;
  vloEmail: string;
  teamMailbox: string;
  /** Addresses that answered SMTP 5xx: never tried again. */
  rejected: string[];
  /** The ladder restarts at level 2 when the VLO's address is refused. */
  ladderStartedAt: string;
  ladderStartLevel: EscalationLevel;
  lastNoticeAt?: string;
  noticesSent: number;
  delivered: { key: string; to: string[]; at: string }[];
  acknowledged?: { by: string; at: string; via: 'API' | 'LINK' };
  usedLinks: string[];
  timeline: { at: string; action: string; detail?: string }[];
}

const ladderOf = (l: NotificationLadder) => ({
  levelOffsetsMinutes: [0, l.ackMinutes, l.ackMinutes + l.unitHeadAfterMinutes] as [0, number, number],
  repeatMinutes: l.repeatMinutes,
});

export function newNotification(
  id: string,
  facts: NoticeFacts,
  registration: Pick<Registration, 'vloEmail' | 'teamMailbox'>,
  now: Date,
): NotificationState {
  return {
    id,
    ...facts,
    status: 'SENDING',
    createdAt: now.toISOString(),
    vloEmail: registration.vloEmail,
    teamMailbox: registration.teamMailbox,
    rejected: [],
    ladderStartedAt: now.toISOString(),
    ladderStartLevel: 1,
    noticesSent: 0,
    delivered: [],
    usedLinks: [],
    timeline: [{ at: now.toISOString(), action: 'CREATED', detail: facts.kind }],
  };
}

/** Cumulative recipients: the VLO, then the team mailbox, then the unit head; refused addresses drop out. */
export function noticeRecipients(
  state: NotificationState,
  level: EscalationLevel,
  policy: NotificationPolicy,
): string[] {
  const to = [state.vloEmail];
  if (level >= 2) to.push(state.teamMailbox);
  if (level >= 3) to.push(policy.unitHead);
  return [...new Set(to)].filter((a) => !state.rejected.includes(a));
}

/** The next notice due, or null once acknowledged. */
export function nextNoticeAt(
  state: NotificationState,
  policy: NotificationPolicy,
  mode: LadderMode = 'FROM_LAST_SENT',
): Date | null {
  if (state.acknowledged) return null;
  const ladder = ladderOf(ladderFor(policy, state.kind));
  return nextAlertAt(
    ladder,
    new Date(state.ladderStartedAt),
    state.ladderStartLevel,
    state.lastNoticeAt ? new Date(state.lastNoticeAt) : null,
    mode,
  );
}

/** The notice due at `now`, if any, with the state that records it as sent. */
export function dueNotice(
  current: NotificationState,
  now: Date,
  policy: NotificationPolicy,
  mode: LadderMode = 'FROM_LAST_SENT',
): { state: NotificationState; notice: Notice | null } {
  const next = nextNoticeAt(current, policy, mode);
  if (!next || next.getTime() > now.getTime()) return { state: current, notice: null };
  const state = cloneState(current);
  const ladder = ladderOf(ladderFor(policy, state.kind));
  const level = levelAt(ladder, new Date(state.ladderStartedAt), state.ladderStartLevel, now);
  state.noticesSent += 1;
  state.lastNoticeAt = now.toISOString();
  if (level > 1 && state.status !== 'FAILED') state.status = 'ESCALATED';
  const notice = { key: `notice-${state.noticesSent}`, level, to: noticeRecipients(state, level, policy) };
  appendBounded(
    state.timeline,
    { at: now.toISOString(), action: 'NOTICE_DUE', detail: `level ${level}` },
    LIMITS.notificationTimeline,
  );
  return { state, notice };
}

/** A recipient refused permanently: drop it, and if it was the VLO go straight to the team mailbox. */
export function recipientRejected(current: NotificationState, address: string, now: Date): NotificationState {
  const state = cloneState(current);
  if (!state.rejected.includes(address)) state.rejected.push(address);
  appendBounded(
    state.timeline,
    { at: now.toISOString(), action: 'REJECTED', detail: 'an address was refused permanently' },
    LIMITS.notificationTimeline,
  );
  if (address === state.vloEmail && state.ladderStartLevel < 2) {
    state.ladderStartLevel = 2;
    state.ladderStartedAt = now.toISOString();
    delete state.lastNoticeAt;
    state.status = 'ESCALATED';
  }
  if (state.rejected.includes(state.vloEmail) && state.rejected.includes(state.teamMailbox)) state.status = 'FAILED';
  return state;
}

export function noticeDelivered(
  current: NotificationState,
  notice: Notice,
  to: string[],
  now: Date,
): NotificationState {
  const state = cloneState(current);
  state.delivered.push({ key: notice.key, to, at: now.toISOString() });
  if (state.status === 'SENDING') state.status = 'SENT';
  appendBounded(
    state.timeline,
    { at: now.toISOString(), action: 'DELIVERED', detail: `${notice.key} to ${to.length} recipient(s)` },
    LIMITS.notificationTimeline,
  );
  return state;
}

/** Acknowledging twice is harmless; reusing one emailed link is refused. */
export function checkAcknowledge(state: NotificationState, actor: Actor, linkId?: string): Rejection | null {
  if (!hasRole(actor, 'VICTIM_LIAISON'))
    return { code: 'FORBIDDEN', message: 'only victim liaison acknowledges a notification' };
  if (linkId && state.usedLinks.includes(linkId))
    return { code: 'CONFLICT', message: 'this acknowledgement link has already been used' };
  return null;
}

export function acknowledge(current: NotificationState, actor: Actor, now: Date, linkId?: string): NotificationState {
  const state = cloneState(current);
  if (linkId) state.usedLinks.push(linkId);
  if (!state.acknowledged) {
    state.acknowledged = { by: actor.username, at: now.toISOString(), via: linkId ? 'LINK' : 'API' };
    state.status = 'ACKNOWLEDGED';
    appendBounded(
      state.timeline,
      { at: now.toISOString(), action: 'ACKNOWLEDGED', detail: linkId ? 'by link' : 'through the API' },
      LIMITS.notificationTimeline,
    );
  }
  return state;
}
