import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/actors.ts';
import {
  acknowledge,
  checkAcknowledge,
  dueNotice,
  newNotification,
  nextNoticeAt,
  noticeDelivered,
  recipientRejected,
  type NotificationPolicy,
} from '../../src/domain/victim-notification/notification-state.ts';

const MIN = 60_000;
const t0 = new Date('2026-11-27T10:00:00Z');
const at = (m: number) => new Date(t0.getTime() + m * MIN);
const policy: NotificationPolicy = {
  unitHead: 'head@unit.test',
  ladders: {
    RELEASE: { ackMinutes: 24 * 60, repeatMinutes: 240, unitHeadAfterMinutes: 480 },
    RELEASE_IN_ERROR: { ackMinutes: 60, repeatMinutes: 15, unitHeadAfterMinutes: 30 },
  },
};
const vlo: Actor = { username: 'vlo', roles: ['VICTIM_LIAISON'], caseload: [] };
const fresh = (kind: 'RELEASE' | 'RELEASE_IN_ERROR' = 'RELEASE_IN_ERROR') =>
  newNotification(
    'VN-AAAAAAAA',
    { kind, prisonerNumber: 'A1234BC', prisonCode: 'MDI', releaseType: 'RELEASED' },
    { vloEmail: 'vlo@p.test', teamMailbox: 'team@p.test' },
    t0,
  );

/** Drives the ladder for `minutes`, returning each notice's minute, level and recipients. */
function ladder(minutes: number, state = fresh()) {
  const out: { minute: number; level: number; to: string[] }[] = [];
  for (let m = 0; m <= minutes; m++) {
    const due = dueNotice(state, at(m), policy);
    if (due.notice) {
      out.push({ minute: m, level: due.notice.level, to: due.notice.to });
      state = noticeDelivered(due.state, due.notice, due.notice.to, at(m));
    }
  }
  return { out, state };
}

describe('victim notification ladder', () => {
  it('release in error: the VLO at once and every 15 minutes, the team mailbox after an hour, the unit head 30 minutes later', () => {
    const { out, state } = ladder(100);
    expect(out.map((n) => [n.minute, n.level])).toEqual([
      [0, 1],
      [15, 1],
      [30, 1],
      [45, 1],
      [60, 2],
      [75, 2],
      [90, 3],
    ]);
    expect(out[0]!.to).toEqual(['vlo@p.test']);
    expect(out[4]!.to).toEqual(['vlo@p.test', 'team@p.test']);
    expect(out[6]!.to).toEqual(['vlo@p.test', 'team@p.test', 'head@unit.test']);
    expect(state.status).toBe('ESCALATED');
  });

  it('a normal release gives the VLO a day before the team mailbox hears', () => {
    const { out } = ladder(24 * 60, fresh('RELEASE'));
    expect(out.filter((n) => n.level === 1).map((n) => n.minute)).toEqual([0, 240, 480, 720, 960, 1200]);
    expect(out.at(-1)).toMatchObject({ minute: 1440, level: 2 });
  });

  it('a permanent refusal of the VLO address goes to the team mailbox at once and never retries the VLO', () => {
    const rejected = recipientRejected(fresh(), 'vlo@p.test', at(1));
    const due = dueNotice(rejected, at(1), policy);
    expect(due.notice).toEqual({ key: 'notice-1', level: 2, to: ['team@p.test'] });
    const both = recipientRejected(rejected, 'team@p.test', at(2));
    expect(both.status).toBe('FAILED');
  });

  it('acknowledgement stops every notice; twice is harmless; a used link is refused', () => {
    const acked = acknowledge(fresh(), vlo, at(5), 'notice-1:vlo@p.test');
    expect(nextNoticeAt(acked, policy)).toBeNull();
    expect(dueNotice(acked, at(500), policy).notice).toBeNull();
    expect(checkAcknowledge(acked, vlo)).toBeNull();
    expect(acknowledge(acked, vlo, at(6)).acknowledged).toEqual(acked.acknowledged);
    expect(checkAcknowledge(acked, vlo, 'notice-1:vlo@p.test')?.code).toBe('CONFLICT');
    expect(checkAcknowledge(fresh(), { username: 'p', roles: ['PRISON_STAFF'], caseload: ['MDI'] })?.code).toBe(
      'FORBIDDEN',
    );
  });
});
