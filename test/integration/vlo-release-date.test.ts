import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/actors.ts';
import { londonTime } from '../../src/domain/format.ts';
import type { CaughtMail } from '../../src/infra/mail-catcher.ts';
import { eventually, uniquePrisonerNumber } from '../helpers/urgent-query.ts';
import { startTimeSkippingSystem, type TimeSkippingSystem } from '../helpers/time-skipping.ts';

/**
 * Issue 24, part 4: the VLO hears of a planned release before it, not after. On Temporal's
 * time-skipping server, so the reminder ten working days before a date weeks away is seen in seconds.
 */
const VLO: Actor = { username: 'vlo', roles: ['VICTIM_LIAISON'], caseload: [] };
const SYNC: Actor = { username: 'prison-system-sync', roles: ['PRISON_SYNC'], caseload: [] };
const OFFICER: Actor = { username: 'desk-officer', roles: ['PRISON_STAFF'], caseload: ['MDI'] };

let sys: TimeSkippingSystem;
beforeAll(async () => {
  sys = await startTimeSkippingSystem({ cached: true });
}, 120_000);
afterAll(async () => {
  await sys?.stop();
});

const vloEmail = (pn: string) => `vlo.${pn.toLowerCase()}@probation.test`;
const toVlo = (pn: string) => (): Promise<CaughtMail[]> =>
  Promise.resolve(sys.mail.messages().filter((m) => m.to.includes(vloEmail(pn))));
/** 10:00 London, `days` days after the server's now, on a weekday. */
async function releaseIn(days: number): Promise<string> {
  let day = DateTime.fromMillis(await sys.env.currentTimeMs(), { zone: 'Europe/London' })
    .plus({ days })
    .set({ hour: 10, minute: 0, second: 0, millisecond: 0 });
  while (day.weekday > 5) day = day.plus({ days: 1 });
  return day.toISO()!;
}
const sleepUntil = async (at: Date) => {
  const now = await sys.env.currentTimeMs();
  if (at.getTime() > now) await sys.env.sleep(at.getTime() - now);
};
const sync = (pn: string, plannedRelease: string) =>
  sys.services.prisoners.write(
    SYNC,
    pn,
    {
      firstName: 'Test',
      lastName: 'Prisoner',
      dateOfBirth: '1980-01-01',
      prisonCode: 'MDI',
      status: 'IN_CUSTODY',
      aliases: [],
      plannedRelease,
    },
    new Date().toISOString(),
  );
const checklist = (pn: string) =>
  sys.services.gate.completeChecklist(OFFICER, pn, {
    movement: 'RELEASED',
    answers: sys.services.gate.checklists().movements.RELEASED!.map((i) => ({ item: i.item, answer: true })),
  });

describe('the VLO is told of a planned release, and again 10 working days before it', () => {
  it('sync sets a date: told at once; a changed date re-tells, the old reminder never goes; acknowledgement ticks VLO_TOLD', async () => {
    const pn = await sys.admit('MDI', uniquePrisonerNumber());
    await sys.services.victimContact.add(VLO, pn, {
      vloName: 'Vic Liaison',
      vloEmail: vloEmail(pn),
      teamMailbox: 'vlo-team@probation.test',
      probationRegion: 'Yorkshire and the Humber',
      eligibility: 'STATUTORY',
    });

    const first = await releaseIn(30);
    await sync(pn, first);
    const told = await eventually(toVlo(pn), (m) => m.length === 1);
    expect(told[0]!.subject).toMatch(/release .*planned/i);
    expect(told[0]!.subject).not.toContain(pn);
    expect(told[0]!.text).toContain(pn);

    // The same date written again (a retried sync) tells nobody again.
    await sync(pn, first);
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await toVlo(pn)()).length).toBe(1);
    const ackFirst = await sys.services.notifications.vloToldOfRelease(pn, first);
    for (const id of ackFirst.unacknowledged) await sys.services.notifications.acknowledge(id, { actor: VLO });

    // The date moves: told at once of the new one.
    const second = await releaseIn(45);
    await sync(pn, second);
    await eventually(toVlo(pn), (m) => m.length === 2);

    // Not yet acknowledged: the system answers VLO_TOLD no, and the checklist is refused at check.
    const before = await sys.services.notifications.vloToldOfRelease(pn, second);
    expect(before).toMatchObject({ told: false, note: 'VLO not yet told/acknowledged' });
    const refused = await checklist(pn);
    expect(refused.status).toBe('REFUSED_AT_CHECK');
    expect(refused.answers.find((a) => a.item === 'VLO_TOLD')).toMatchObject({
      answer: false,
      note: 'VLO not yet told/acknowledged',
    });

    // The VLO acknowledges: told of the second date. But that date is weeks away, and a release
    // today is not the one the victim was prepared for: still no, naming the day told.
    for (const id of before.unacknowledged) await sys.services.notifications.acknowledge(id, { actor: VLO });
    expect(await sys.services.notifications.vloToldOfRelease(pn, second)).toMatchObject({ told: true });
    const early = await checklist(pn);
    expect(early.status).toBe('REFUSED_AT_CHECK');
    expect(early.answers.find((a) => a.item === 'VLO_TOLD')).toMatchObject({
      answer: false,
      note: `VLO told of a release on another day (${DateTime.fromISO(second, { zone: 'Europe/London' }).toISODate()}), not ${DateTime.now().setZone('Europe/London').toISODate()}`,
    });

    // The first date's reminder time passes: nothing goes for a stale date.
    const mailsBefore = (await toVlo(pn)()).length;
    await sleepUntil(new Date(DateTime.fromISO(first).minus({ days: 13 }).toMillis()));
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await toVlo(pn)()).length).toBe(mailsBefore);

    // Ten working days before the second date, 09:00 London: the reminder, and not a minute before.
    const reminderDay = DateTime.fromISO(second, { zone: 'Europe/London' });
    const due = await eventually(
      async () => (await sys.services.notifications.releaseDateNotices(pn))?.reminderAt,
      (at) => at !== undefined,
    );
    expect(Math.round(reminderDay.diff(DateTime.fromISO(due!), 'days').days)).toBeGreaterThanOrEqual(14);
    await sleepUntil(new Date(new Date(due!).getTime() - 60_000));
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await toVlo(pn)()).length).toBe(mailsBefore);
    await sleepUntil(new Date(new Date(due!).getTime() + 60_000));
    const reminded = await eventually(toVlo(pn), (m) => m.length === mailsBefore + 1);
    expect(reminded.at(-1)!.subject).toMatch(/release .*planned/i);
    expect(reminded.at(-1)!.text).toContain(londonTime(second));
  }, 120_000);

  it('a prisoner with no registration: nobody is told, and VLO_TOLD is yes with a note', async () => {
    const pn = await sys.admit('MDI', uniquePrisonerNumber());
    await sync(pn, await releaseIn(20));
    expect(await sys.services.notifications.vloToldOfRelease(pn, await releaseIn(20))).toMatchObject({
      told: true,
      note: 'Not a Victim Contact Scheme case',
    });
    expect(await sys.services.notifications.releaseDateNotices(pn)).toBeNull();
  });
});
