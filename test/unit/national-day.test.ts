import { describe, expect, it } from 'vitest';
import { ASSUMPTIONS, nationalVolumes } from '../../tools/bench/national-day/figures.ts';
import {
  evaluate,
  firstBreak,
  headroom,
  type Counters,
  type Level,
  type Samples,
} from '../../tools/bench/national-day/levels.ts';
import { allocate, planDay, windowOf, type DayEvent } from '../../tools/bench/national-day/plan.ts';

const HOUR = 3_600;
const releases = (events: DayEvent[]) =>
  events.filter((e): e is Extract<DayEvent, { kind: 'release' }> => e.kind === 'release');

describe('the national day’s plan', () => {
  it('splits a total by weights into whole parts that always sum to it', () => {
    expect(allocate(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(allocate(7, [0.5, 0.25, 0.25]).reduce((a, b) => a + b, 0)).toBe(7);
    expect(allocate(0, [1, 2])).toEqual([0, 0]);
    for (const total of [1, 13, 224, 449])
      expect(allocate(total, Object.values(ASSUMPTIONS.releasesByHour)).reduce((a, b) => a + b, 0)).toBe(total);
  });

  it('releases every one of the day’s releases once, each a different person, in the hours the profile gives', () => {
    const plan = planDay({ day: 'weekday', share: 1, registerSize: 85_000, seed: 27 });
    const day = releases(plan.events);
    expect(day).toHaveLength(nationalVolumes('weekday').releases);
    expect(new Set(day.map((e) => e.person)).size).toBe(day.length);
    const byHour = new Map<number, number>();
    for (const e of day) byHour.set(Math.floor(e.at / HOUR), (byHour.get(Math.floor(e.at / HOUR)) ?? 0) + 1);
    const expected = allocate(day.length, Object.values(ASSUMPTIONS.releasesByHour));
    Object.keys(ASSUMPTIONS.releasesByHour).forEach((hour, i) =>
      expect(byHour.get(Number(hour)) ?? 0).toBe(expected[i]),
    );
    // Bunched in the morning: more than half gone by ten.
    expect(day.filter((e) => e.at < 10 * HOUR).length / day.length).toBeGreaterThan(0.5);
  });

  it('gives a Friday about twice a weekday’s releases (weekend dates are brought forward)', () => {
    expect(nationalVolumes('friday').releases / nationalVolumes('weekday').releases).toBeCloseTo(2, 0);
  });

  it('sets each release’s date in the morning sync before it, and registers each VCS case before that', () => {
    const plan = planDay({ day: 'weekday', share: 0.2, registerSize: 85_000, seed: 3 });
    for (const r of releases(plan.events)) {
      const sync = plan.events.find((e) => e.kind === 'sync-release-date' && e.person === r.person)!;
      expect(sync.at).toBeLessThan(r.at);
      const registration = plan.events.find((e) => e.kind === 'vcs-register' && e.person === r.person);
      expect(!!registration).toBe(r.vcs);
      if (registration) expect(registration.at).toBeLessThan(sync.at);
    }
    expect(
      releases(plan.events)
        .filter((r) => r.inError)
        .every((r) => r.vcs),
    ).toBe(true);
  });

  it('never gives two parts of the day the same person', () => {
    const plan = planDay({ day: 'friday', share: 1, registerSize: 85_000, seed: 9 });
    const owner = new Map<number, string>();
    for (const e of plan.events) {
      const people =
        e.kind === 'court-batch'
          ? e.custodial
          : 'person' in e &&
              e.person !== null &&
              e.kind !== 'sync-release-date' &&
              !(e.kind === 'vcs-register' && e.forRelease)
            ? [e.person]
            : [];
      for (const p of people) {
        expect(owner.get(p), `person ${p} in ${e.kind} and ${owner.get(p)}`).toBeUndefined();
        owner.set(p, e.kind);
      }
    }
  });

  it('runs every part at least once at a small share, and is the same day for the same seed', () => {
    const plan = planDay({ day: 'weekday', share: 0.01, registerSize: 85_000, seed: 5 });
    for (const kind of ['release', 'query', 'court-batch', 'inbox', 'reception', 'transfer', 'vcs-register', 'page'])
      expect(
        plan.events.some((e) => e.kind === kind),
        kind,
      ).toBe(true);
    expect(planDay({ day: 'weekday', share: 0.01, registerSize: 85_000, seed: 5 })).toEqual(plan);
  });

  it('plays a window’s events, with what its releases need from before it as untimed setup', () => {
    const plan = planDay({ day: 'weekday', share: 0.1, registerSize: 85_000, seed: 1 });
    const { setup, timed } = windowOf(plan, 8, 10);
    expect(timed.every((e) => e.at >= 8 * HOUR && e.at < 10 * HOUR)).toBe(true);
    const inWindow = new Set(releases(timed).map((r) => r.person));
    expect(setup.every((e) => e.kind !== 'release' && 'person' in e && inWindow.has(e.person as number))).toBe(true);
    expect(setup.filter((e) => e.kind === 'sync-release-date')).toHaveLength(inWindow.size);
  });
});

const none: Samples = {
  gate: [],
  releaseToMail: [],
  raiseToHold: [],
  courtToHold: [],
  pages: [],
  escalationLateness: [],
};
const quiet: Counters = {
  workflowScheduleToStartP95: 20,
  activityScheduleToStartP95: 30,
  failedWorkflows: 0,
  lostNotices: 0,
};
const byName = (levels: Level[], name: string) => levels.find((l) => l.name === name)!;

describe('the national day’s service levels', () => {
  it('holds a level at its limit and breaks it above; nothing measured is reported as such, not as held', () => {
    const gate = Array.from({ length: 100 }, (_, i) => (i < 99 ? 10 : 100));
    expect(byName(evaluate({ ...none, gate }, quiet), 'gate p99')).toMatchObject({ value: 10, status: 'held' });
    const slow = Array.from({ length: 100 }, (_, i) => (i < 98 ? 10 : 101));
    expect(byName(evaluate({ ...none, gate: slow }, quiet), 'gate p99')).toMatchObject({
      value: 101,
      status: 'broken',
    });
    expect(byName(evaluate(none, quiet), 'release-to-VLO-mail p95').status).toBe('unmeasured');
    expect(
      byName(evaluate(none, { ...quiet, workflowScheduleToStartP95: null }), 'workflow schedule-to-start p95').status,
    ).toBe('unmeasured');
  });

  it('judges escalations by the latest one, and any failed workflow or lost notice as broken', () => {
    const levels = evaluate(
      { ...none, escalationLateness: [-500, 2_000, 61_000] },
      { ...quiet, failedWorkflows: 1, lostNotices: 2 },
    );
    expect(byName(levels, 'escalations on time')).toMatchObject({ value: 61_000, status: 'broken' });
    expect(byName(levels, 'failed or terminated workflows').status).toBe('broken');
    expect(byName(levels, 'lost notices')).toMatchObject({ value: 2, status: 'broken' });
  });

  it('names the first level to break by the earliest hour it broke in', () => {
    const held = evaluate({ ...none, gate: [5] }, quiet);
    const gateBroke = evaluate({ ...none, gate: [500] }, quiet);
    const pagesBroke = evaluate({ ...none, pages: [5_000] }, quiet);
    expect(
      firstBreak([
        { hour: 9, levels: gateBroke },
        { hour: 8, levels: pagesBroke },
        { hour: 7, levels: held },
      ]),
    ).toMatchObject({ hour: 8, level: { name: 'pages p95' } });
    expect(firstBreak([{ hour: 7, levels: held }])).toBeNull();
  });

  it('finds the headroom: the largest N held below the smallest N that broke, and the level that broke there', () => {
    const held = evaluate({ ...none, gate: [5] }, quiet);
    const broke = evaluate({ ...none, gate: [500] }, quiet);
    const runs = [
      { compress: 100, levels: held, firstBroken: null },
      { compress: 400, levels: broke, firstBroken: 'gate p99' as const },
      { compress: 200, levels: held, firstBroken: null },
      { compress: 800, levels: held, firstBroken: null },
    ];
    expect(headroom(runs)).toEqual({ held: 200, knee: { compress: 400, level: 'gate p99' } });
    expect(headroom(runs.slice(0, 1))).toEqual({ held: 100, knee: null });
  });
});
