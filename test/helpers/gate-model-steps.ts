import fc from 'fast-check';
import { expect } from 'vitest';
import type { HttpResult } from './test-system.ts';
import {
  COURT_PEOPLE,
  JUSTIFICATION,
  PEOPLE,
  PRISON_PEOPLE,
  Step,
  UNIT_PEOPLE,
  sys,
  type Hold,
  type Model,
  type Real,
  type Reason,
} from './gate-model.ts';
import { Answer, ConfirmWithdrawal, Raise, Withdraw } from './gate-model-query-steps.ts';

/** The gate model's commands (test/integration/gate-model.test.ts), and the weighted mix of them a sequence draws from. */

class Clear extends Step {
  constructor(
    user: string,
    readonly pick: number,
    readonly note: string,
  ) {
    super(user);
  }
  pickFrom(before: Hold | undefined): Reason[] {
    return before?.reasons ?? [];
  }
  override grant(model: Model, before: Hold | undefined) {
    const reasons = this.pickFrom(before);
    const reason = reasons[this.pick % Math.max(1, reasons.length)];
    if (!reason) return;
    const byLead = this.user === 'lead' && this.note === JUSTIFICATION;
    const owners = reason.ownedBy === 'QUERY_UNIT' ? UNIT_PEOPLE : PRISON_PEOPLE(model.prisonCode);
    const ok =
      reason.kind === 'CUSTODIAL_STATUS_CHANGE'
        ? COURT_PEOPLE.includes(this.user)
        : reason.kind === 'MANUAL'
          ? owners.includes(this.user) && reason.placedBy !== this.user
          : byLead;
    if (ok) model.legit.add(reason.key);
  }
  send(model: Model, real: Real, before: Hold | undefined) {
    const reasons = this.pickFrom(before);
    const reason = reasons[this.pick % Math.max(1, reasons.length)];
    return reason
      ? real.call(this.user, 'POST', `/api/prisoners/${model.pn}/holds/${reason.key}/clear`, { note: this.note })
      : Promise.resolve(null);
  }
}

/** The court's own clearing of one of its reasons (bailed): picked among the court reasons standing. */
class ClearCourt extends Clear {
  override pickFrom(before: Hold | undefined): Reason[] {
    return (before?.reasons ?? []).filter((r) => r.kind === 'CUSTODIAL_STATUS_CHANGE');
  }
}

class ManualHold extends Step {
  send(model: Model, real: Real) {
    return real.call(this.user, 'POST', `/api/prisoners/${model.pn}/holds`, { reason: 'Warrant not yet seen' });
  }
}

export class FlagCourt extends Step {
  constructor(
    user: string,
    readonly courtCase: string,
    readonly hearing: string | null,
  ) {
    super(user);
  }
  send(model: Model, real: Real) {
    return real.call(this.user, 'POST', `/api/prisoners/${model.pn}/custodial-status-changes`, {
      courtCode: 'SHEFCC',
      courtCaseReference: this.courtCase,
      ...(this.hearing ? { hearingId: this.hearing } : {}),
      detail: 'Remanded in custody',
    });
  }
  override async after(model: Model, res: HttpResult, hold: Hold | undefined) {
    if (res.status === 201) model.courtCases.add(this.courtCase);
    // I3: a flag with no hearing, or for a hearing not seen before, always leaves a reason on the case standing.
    if (res.status === 201 && !this.hearing) {
      expect(
        hold?.reasons.some((r) => (r.caseKey ?? r.key).startsWith(`court-SHEFCC-${this.courtCase}`)),
        `I3 the case ${this.courtCase} holds again`,
      ).toBe(true);
    }
  }
}

class Override extends Step {
  send(model: Model, real: Real) {
    return real.call(this.user, 'POST', `/api/prisoners/${model.pn}/overrides`, { justification: JUSTIFICATION });
  }
}

class Checklist extends Step {
  constructor(
    user: string,
    readonly movement: string,
    readonly allYes: boolean,
  ) {
    super(user);
  }
  send(model: Model, real: Real) {
    const items = sys.services.gate.checklists().movements[this.movement as 'RELEASED'] ?? [];
    return real.call(this.user, 'POST', `/api/prisoners/${model.pn}/authorisations`, {
      movement: this.movement,
      answers: items.map((i, n) =>
        this.allYes || n > 0 ? { item: i.item, answer: true } : { item: i.item, answer: false, note: 'Not seen' },
      ),
    });
  }
}

class Verify extends Step {
  async send(model: Model, real: Real, before: Hold | undefined) {
    const waiting = before?.authorisations?.filter((a) => a.status === 'AWAITING_VERIFICATION').at(-1);
    return waiting
      ? real.call(this.user, 'POST', `/api/prisoners/${model.pn}/authorisations/${waiting.id}/verify`, {})
      : null;
  }
}

/** The desk's two steps back to back, by two people drawn at random (perhaps the same one). */
export class Authorise extends Step {
  constructor(
    user: string,
    readonly verifier: string,
    readonly movement: string,
  ) {
    super(user);
  }
  async send(model: Model, real: Real, before: Hold | undefined) {
    const completed = await new Checklist(this.user, this.movement, true).send(model, real);
    if (completed.status !== 201) return completed;
    return new Verify(this.verifier).send(model, real, {
      ...(before ?? { reasons: [], overrides: [], releases: [], audit: [] }),
      authorisations: [completed.body],
    });
  }
  override toString() {
    return `Authorise(${this.user}, ${this.verifier}, ${this.movement})`;
  }
}

export class Release extends Step {
  constructor(
    user: string,
    readonly movement: string,
  ) {
    super(user);
  }
  send(model: Model, real: Real) {
    return real.call(this.user, 'POST', `/api/prisoners/${model.pn}/releases`, {
      reason: this.movement,
      ...(this.movement === 'TRANSFERRED' ? { toPrisonCode: 'LEI' } : {}),
    });
  }
  override async after(model: Model, res: HttpResult) {
    if (res.status === 201 && this.movement === 'TRANSFERRED') model.prisonCode = 'LEI';
  }
}

class Movement extends Step {
  constructor(
    readonly type: 'RECEIVED' | 'TRANSFERRED',
    readonly prisonCode: string,
  ) {
    super('sync');
  }
  send(model: Model, real: Real) {
    return real.call('sync', 'POST', `/api/prisoners/${model.pn}/movements`, {
      type: this.type,
      prisonCode: this.prisonCode,
    });
  }
  override async after(model: Model, res: HttpResult) {
    if (res.status === 200) model.prisonCode = this.prisonCode;
  }
}

/** Time passing: long enough for a date a few seconds ahead to come, and its "not before" reason to lift. */
class Pass extends Step {
  constructor() {
    super('lead');
  }
  async send(model: Model, real: Real) {
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    return real.call('lead', 'GET', `/api/prisoners/${model.pn}/release-status`);
  }
}

class Returned extends Step {
  send(model: Model, real: Real) {
    return real.call(this.user, 'POST', `/api/prisoners/${model.pn}/returned-to-custody`, {});
  }
}

const person = fc.constantFrom(...PEOPLE);
const pick = fc.nat(5);
const mdiPerson = fc.constantFrom('officerA', 'officerB', 'governorA', 'governorB', 'officerGovernor');
const unitPerson = fc.constantFrom('expert', 'lead', 'leedsAndExpert');
/** Mostly someone with a part to play, sometimes anyone at all (other prisons, other roles, the same person twice). */
const mostly = (likely: fc.Arbitrary<string>) =>
  fc.oneof({ weight: 3, arbitrary: likely }, { weight: 1, arbitrary: person });
/**
 * Every kind of step by anyone, and the paths that reach the gate's yes weighted up (the desk's
 * authorisation and release, the prison's queries, the court's remands, the unit's answers), so a
 * few dozen sequences reach a release often enough to try the gate.
 */
export const STEP = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(mostly(mdiPerson), fc.option(fc.constantFrom(6, 30, 100), { nil: null, freq: 3 }))
      .map(([u, h]) => new Raise(u, h)),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(mostly(mdiPerson), pick, fc.constantFrom('x', JUSTIFICATION))
      .map(([u, p, r]) => new Withdraw(u, p, r)),
  },
  { weight: 2, arbitrary: fc.tuple(mostly(mdiPerson), pick).map(([u, p]) => new ConfirmWithdrawal(u, p)) },
  // A date moved into the past, a month ahead, or a few seconds ahead (so that it comes within the sequence).
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        mostly(unitPerson),
        pick,
        fc.constantFrom('RELEASE_MAY_PROCEED', 'DO_NOT_RELEASE', 'RELEASE_DATE_CHANGED', 'RELEASE_DATE_CHANGED'),
        fc.constantFrom(-48, 30 * 24, 30 * 24, 3 / 3600),
      )
      .map(([u, p, d, n]) => new Answer(u, p, d, n)),
  },
  // The unit moves a release a month later: the answer the gate once forgot to enforce.
  {
    weight: 3,
    arbitrary: fc.tuple(unitPerson, pick).map(([u, p]) => new Answer(u, p, 'RELEASE_DATE_CHANGED', 30 * 24)),
  },
  { weight: 1, arbitrary: fc.constant(new Pass()) },
  {
    weight: 4,
    arbitrary: fc
      .tuple(mostly(fc.constantFrom('courts', 'expert', 'lead')), pick, fc.constantFrom('x', JUSTIFICATION))
      .map(([u, p, n]) => new Clear(u, p, n)),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(mostly(fc.constantFrom('courts', 'expert')), pick)
      .map(([u, p]) => new ClearCourt(u, p, 'Bailed by the Crown Court')),
  },
  { weight: 1, arbitrary: person.map((u) => new ManualHold(u)) },
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        mostly(fc.constant('courts')),
        fc.constantFrom('T20260117', 'T20260117', 'T20260118'),
        fc.option(fc.constantFrom('h1', 'h2'), { nil: null, freq: 2 }),
      )
      .map(([u, c, h]) => new FlagCourt(u, c, h)),
  },
  { weight: 1, arbitrary: person.map((u) => new Override(u)) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(person, fc.constantFrom('RELEASED', 'RELEASED_FROM_COURT', 'TEMPORARY_ABSENCE_RELEASE'), fc.boolean())
      .map(([u, m, y]) => new Checklist(u, m, y)),
  },
  { weight: 1, arbitrary: person.map((u) => new Verify(u)) },
  {
    weight: 5,
    arbitrary: fc
      .tuple(mostly(mdiPerson), mostly(mdiPerson), fc.constantFrom('RELEASED', 'RELEASED', 'RELEASED_FROM_COURT'))
      .map(([u, v, m]) => new Authorise(u, v, m)),
  },
  {
    weight: 6,
    arbitrary: fc
      .tuple(
        mostly(fc.constantFrom('officerA', 'officerB', 'governorA', 'officerGovernor', 'escort', 'leedsAndExpert')),
        fc.constantFrom(
          'RELEASED',
          'RELEASED',
          'RELEASED_FROM_COURT',
          'TEMPORARY_ABSENCE_RELEASE',
          'SENT_TO_COURT',
          'TRANSFERRED',
        ),
      )
      .map(([u, m]) => new Release(u, m)),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom<'RECEIVED' | 'TRANSFERRED'>('RECEIVED', 'TRANSFERRED'), fc.constantFrom('MDI', 'LEI'))
      .map(([t, p]) => new Movement(t, p)),
  },
  { weight: 1, arbitrary: person.map((u) => new Returned(u)) },
);
