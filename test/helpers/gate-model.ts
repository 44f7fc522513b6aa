import { readFileSync } from 'node:fs';
import type fc from 'fast-check';
import { expect } from 'vitest';
import type { Role } from '../../src/domain/actors.ts';
import { startTestSystem, type HttpResult, type TestSystem } from './test-system.ts';

/**
 * The gate model's world (test/integration/gate-model.test.ts): its actors, what the test knows of
 * a case, and the step every command is, which checks the invariants after each request. The
 * commands themselves are in gate-model-steps.ts.
 */

export const ACTORS: Record<string, [Role[], string[]]> = {
  officerA: [['PRISON_STAFF'], ['MDI']],
  officerB: [['PRISON_STAFF'], ['MDI']],
  governorA: [['DUTY_GOVERNOR'], ['MDI']],
  governorB: [['DUTY_GOVERNOR'], ['MDI']],
  officerGovernor: [['PRISON_STAFF', 'DUTY_GOVERNOR'], ['MDI']],
  leeds: [['PRISON_STAFF'], ['LEI']],
  leedsGovernor: [['DUTY_GOVERNOR'], ['LEI']],
  leedsAndExpert: [['PRISON_STAFF', 'COURT_EXPERT'], ['LEI']],
  expert: [['COURT_EXPERT'], []],
  lead: [['QUERY_UNIT_LEAD'], []],
  courts: [['COURT_RESULTS'], []],
  sync: [['PRISON_SYNC'], []],
  escort: [['ESCORT_CONTRACTOR'], ['MDI']],
  vlo: [['VICTIM_LIAISON'], []],
};
export const PEOPLE = Object.keys(ACTORS);
export const JUSTIFICATION = 'Checked with the court clerk and the warrant file in writing';

export let sys: TestSystem;
export const tokens: Record<string, string> = {};
/** Starts the system the steps run against, with a token for each actor. */
export async function startGateModelSystem(): Promise<TestSystem> {
  sys = await startTestSystem();
  for (const [user, [roles, caseload]] of Object.entries(ACTORS))
    tokens[user] = await sys.issuer.token(user, roles, caseload);
  return sys;
}

export interface Reason {
  key: string;
  kind: string;
  caseKey?: string;
  placedBy: string;
  ownedBy?: string;
  until?: string;
}
export interface Hold {
  reasons: Reason[];
  overrides: { id: string; by: string; covers: string[]; usedByRelease?: string; prisonCode?: string }[];
  releases: {
    id: string;
    reason: string;
    recordedBy: string;
    overrideId?: string;
    authorisationId?: string;
    releasedAt: string;
  }[];
  authorisations?: {
    id: string;
    status: string;
    completedBy: string;
    verifiedBy?: string;
    verifiedAt?: string;
    movement: string;
    prisonCode: string;
  }[];
  audit: { at: string; what: string; detail?: string }[];
}

/** What the test knows of one prisoner's case: his number, and what it sent (never what the system decided). */
export interface Model {
  pn: string;
  queries: string[];
  /** Queries the prison raised (its to withdraw, with a governor), and who asked to withdraw each. */
  prisonRaised: Set<string>;
  /** Court cases flagged in the sequence: at its end, each is remanded again (I3). */
  courtCases: Set<string>;
  /** Queries the test has seen answered or withdrawn: the unit answers the others. */
  finished: Set<string>;
  askers: Map<string, string>;
  /** Reasons seen standing, and the keys whose owner (or two people) has decided they may go. */
  seen: Map<string, Reason>;
  legit: Set<string>;
  /** The release dates the unit gave (RELEASE_DATE_CHANGED), by the reason that carries each: no release before one without an override, until the unit itself lifts it. */
  notBefore: Map<string, number>;
  /** Where the register holds him, as the movements the test sent left him. */
  prisonCode: string;
  registerRelease: string | null;
  /** When a reason was last placed, as seen after the step that placed it. */
  lastPlacedAt: number;
  steps: string[];
}

export const [PRISON_PEOPLE, UNIT_PEOPLE, COURT_PEOPLE] = [
  (prisonCode: string) =>
    PEOPLE.filter(
      (p) =>
        ACTORS[p]![1].includes(prisonCode) && ACTORS[p]![0].some((r) => r === 'PRISON_STAFF' || r === 'DUTY_GOVERNOR'),
    ),
  PEOPLE.filter((p) => ACTORS[p]![0].some((r) => r === 'COURT_EXPERT' || r === 'QUERY_UNIT_LEAD')),
  PEOPLE.filter((p) =>
    ACTORS[p]![0].some((r) => r === 'COURT_RESULTS' || r === 'COURT_EXPERT' || r === 'QUERY_UNIT_LEAD'),
  ),
];
export const isGovernorAt = (user: string, prisonCode: string) =>
  ACTORS[user]![0].includes('DUTY_GOVERNOR') && ACTORS[user]![1].includes(prisonCode);
export interface Real {
  hold(): Promise<Hold | undefined>;
  call(user: string, method: string, path: string, body?: unknown): Promise<HttpResult>;
}

const GATED = [
  'RELEASED',
  'RELEASED_FROM_COURT',
  'TEMPORARY_ABSENCE_RELEASE',
  'RELEASED_TO_HOSPITAL',
  'HANDED_TO_IMMIGRATION',
];
export const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

/** One step: a request as a person, then every invariant checked against what the system answered and holds. */
export abstract class Step implements fc.AsyncCommand<Model, Real> {
  constructor(readonly user: string) {}
  check(): boolean {
    return true;
  }
  /** The request, or null when there is nothing for it to act on (no query yet, nothing standing). */
  abstract send(model: Model, real: Real, before: Hold | undefined): Promise<HttpResult | null>;
  /** What this step, by the model's own rules, lets go: a reason its owner (or two people) decided to remove. */
  grant(_model: Model, _before: Hold | undefined): void {}
  async run(model: Model, real: Real): Promise<void> {
    const before = await real.hold();
    const auditLines = auditCount();
    this.grant(model, before);
    const res = await this.send(model, real, before);
    if (!res) return;
    model.steps.push(`${this.toString()} → ${res.status}`);
    expect(res.status, `${this.toString()}: no 5xx (${JSON.stringify(res.body)})`).toBeLessThan(500);
    // I4: every request is on the audit trail (read before this test's own read of the hold adds lines).
    expect(auditCount(), `${this.toString()}: on the audit trail`).toBeGreaterThan(auditLines);
    const after = await real.hold();
    const placed = after?.reasons.some((r) => !before?.reasons.some((b) => b.key === r.key));
    if (placed) model.lastPlacedAt = Date.now();
    checkReleases(model, before, after);
    checkRemovals(model, after);
    // I4: a change of what stands, or a new release, has its line in the hold's audit; every request in the trail.
    const keys = (hold: Hold | undefined) => JSON.stringify(hold?.reasons.map((r) => r.key) ?? []);
    const changed = keys(after) !== keys(before) || (after?.releases.length ?? 0) !== (before?.releases.length ?? 0);
    if (changed)
      expect(after!.audit.length, `${this.toString()}: audited in the hold`).toBeGreaterThan(before?.audit.length ?? 0);
    await this.after(model, res, after);
  }
  async after(_model: Model, _res: HttpResult, _hold: Hold | undefined): Promise<void> {}
  toString(): string {
    const args = Object.entries(this)
      .filter(([k]) => k !== 'user')
      .map(([, v]) => JSON.stringify(v));
    return `${this.constructor.name}(${[this.user, ...args].join(', ')})`;
  }
}

const auditCount = (): number => {
  try {
    return readFileSync(sys.auditFile, 'utf8').split('\n').filter(Boolean).length;
  } catch {
    return 0;
  }
};

/** I2, for reasons: every reason gone went by its owner's decision, two people, or its own date. */
function checkRemovals(model: Model, after: Hold | undefined): void {
  for (const reason of after?.reasons ?? []) if (!model.seen.has(reason.key)) model.seen.set(reason.key, reason);
  for (const [key, reason] of model.seen) {
    if (after?.reasons.some((r) => r.key === key)) continue;
    model.seen.delete(key);
    const lapsed = reason.kind === 'NOT_BEFORE' && reason.until !== undefined && Date.parse(reason.until) <= Date.now();
    expect(
      model.legit.has(key) || lapsed,
      `I2 ${reason.kind} ${key} went without its owner's decision:\n  ${model.steps.join('\n  ')}`,
    ).toBe(true);
    model.notBefore.delete(key); // its owner (the unit) lifted it, or its date came
  }
}

/** I1 and I2, for every release the step recorded. */
function checkReleases(model: Model, before: Hold | undefined, after: Hold | undefined): void {
  const known = new Set(before?.releases.map((r) => r.id));
  for (const release of after?.releases.filter((r) => !known.has(r.id) && GATED.includes(r.reason)) ?? []) {
    const where = `${model.steps.join('\n  ')}\n  release ${JSON.stringify(release)}`;
    // Only the holding prison (or its escort) records a release, whatever other roles a person has.
    expect(
      ACTORS[release.recordedBy]?.[1].includes(model.prisonCode),
      `I1 recorded by someone outside ${model.prisonCode}:\n  ${where}`,
    ).toBe(true);
    // Not before the date the unit gave, unless a governor's override covered it.
    if ([...model.notBefore.values()].some((date) => Date.now() < date))
      expect(release.overrideId, `I1 released before the unit's date:\n  ${where}`).toBeDefined();
    const standing = before?.reasons ?? [];
    const override = release.overrideId ? after!.overrides.find((o) => o.id === release.overrideId) : undefined;
    // I1: nothing stood, or the override used covered everything that stood.
    expect(
      standing.every((r) => override?.covers.includes(r.key)),
      `I1 reasons stood uncovered:\n  ${where}`,
    ).toBe(true);
    const authorisation = after!.authorisations?.find((a) => a.id === release.authorisationId);
    expect(authorisation?.status, `I1 no authorisation used:\n  ${where}`).toBe('USED');
    expect(authorisation?.movement, `I1 authorisation for another movement:\n  ${where}`).toBe(release.reason);
    for (const who of [authorisation?.completedBy, authorisation?.verifiedBy])
      expect(
        PRISON_PEOPLE(model.prisonCode),
        `I1 checked by someone outside ${model.prisonCode}:\n  ${where}`,
      ).toContain(who);
    // I2: another person verified it after the last reason was placed, and gave any override.
    expect(authorisation?.verifiedBy, `I2 the verifier recorded the release:\n  ${where}`).not.toBe(release.recordedBy);
    expect(
      Date.parse(authorisation!.verifiedAt!),
      `I2 verified before the last reason was placed:\n  ${where}`,
    ).toBeGreaterThanOrEqual(model.lastPlacedAt - 1_000);
    if (override)
      expect(override.by, `I2 the governor who overrode recorded the release:\n  ${where}`).not.toBe(
        release.recordedBy,
      );
  }
}
