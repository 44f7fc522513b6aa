import { expect } from 'vitest';
import type { HttpResult } from './test-system.ts';
import {
  JUSTIFICATION,
  PRISON_PEOPLE,
  Step,
  UNIT_PEOPLE,
  inHours,
  isGovernorAt,
  sys,
  tokens,
  type Model,
  type Real,
} from './gate-model.ts';

/** The gate model's commands on the query side: raise, withdraw (asked, then confirmed), answer. */

export class Raise extends Step {
  constructor(
    user: string,
    readonly hours: number | null,
  ) {
    super(user);
  }
  send(model: Model, real: Real) {
    return real.call(this.user, 'POST', '/api/urgent-queries', {
      prisonerNumber: model.pn,
      category: 'WARRANT_MISSING',
      question: 'Is there a remand warrant?',
      ...(this.hours === null ? {} : { plannedRelease: inHours(this.hours) }),
    });
  }
  override async after(model: Model, res: HttpResult) {
    if (res.status !== 201) return;
    model.queries.push(res.body.reference);
    model.prisonRaised.add(res.body.reference);
    // The register's date counts: due within 24 hours, the query is CRITICAL and answered before he goes.
    if (
      this.hours === null &&
      model.registerRelease &&
      Date.parse(model.registerRelease) - Date.now() < 24 * 3_600_000
    ) {
      const query = await sys.http('GET', `/api/urgent-queries/${res.body.reference}`, { token: tokens.lead });
      expect(query.body.urgency, `a query raised ${model.registerRelease} is due: CRITICAL`).toBe('CRITICAL');
    }
  }
}

export class Withdraw extends Step {
  constructor(
    user: string,
    readonly pick: number,
    readonly reason: string,
  ) {
    super(user);
  }
  override grant(model: Model) {
    const ref = model.queries[this.pick % Math.max(1, model.queries.length)];
    if (!ref) return;
    if (this.user === 'lead' && this.reason === JUSTIFICATION) model.legit.add(`query-${ref}`);
    else if (
      model.prisonRaised.has(ref) &&
      PRISON_PEOPLE(model.prisonCode).includes(this.user) &&
      !model.askers.has(ref)
    )
      model.askers.set(ref, this.user);
  }
  send(model: Model, real: Real) {
    const ref = model.queries[this.pick % Math.max(1, model.queries.length)];
    return ref
      ? real.call(this.user, 'POST', `/api/urgent-queries/${ref}/withdraw`, { reason: this.reason })
      : Promise.resolve(null);
  }
}

export class ConfirmWithdrawal extends Step {
  constructor(
    user: string,
    readonly pick: number,
  ) {
    super(user);
  }
  override grant(model: Model) {
    const ref = model.queries[this.pick % Math.max(1, model.queries.length)];
    const asker = ref ? model.askers.get(ref) : undefined;
    if (ref && asker && asker !== this.user && isGovernorAt(this.user, model.prisonCode))
      model.legit.add(`query-${ref}`);
  }
  send(model: Model, real: Real) {
    const ref = model.queries[this.pick % Math.max(1, model.queries.length)];
    return ref
      ? real.call(this.user, 'POST', `/api/urgent-queries/${ref}/confirm-withdrawal`, { justification: JUSTIFICATION })
      : Promise.resolve(null);
  }
}

/** The queries still open as far as the test knows: the unit answers one of these. */
const openQueries = (model: Model) => model.queries.filter((q) => !model.finished.has(q));

export class Answer extends Step {
  constructor(
    user: string,
    readonly pick: number,
    readonly determination: string,
    readonly hours: number,
  ) {
    super(user);
  }
  ref(model: Model): string | undefined {
    const open = openQueries(model);
    return open[this.pick % Math.max(1, open.length)];
  }
  override grant(model: Model) {
    const ref = this.ref(model);
    if (ref && UNIT_PEOPLE.includes(this.user)) model.legit.add(`query-${ref}`);
  }
  override async after(model: Model, res: HttpResult) {
    if (res.status !== 200) return;
    model.finished.add(res.body.reference);
    if (this.determination !== 'RELEASE_DATE_CHANGED') return;
    model.notBefore.set(`not-before-${res.body.reference}`, Date.parse(res.body.resolution.newReleaseDate));
    model.registerRelease = res.body.resolution.newReleaseDate; // the answer moves the register's date too
  }
  async send(model: Model, real: Real) {
    const ref = this.ref(model);
    if (!ref) return null;
    await real.call(this.user, 'POST', `/api/urgent-queries/${ref}/claim`, {});
    const body: Record<string, unknown> = { determination: this.determination, evidence: 'WARRANT-1' };
    if (this.determination === 'DO_NOT_RELEASE') body.correctLegalStatus = 'REMAND';
    if (this.determination === 'RELEASE_DATE_CHANGED') body.newReleaseDate = inHours(this.hours);
    return real.call(this.user, 'POST', `/api/urgent-queries/${ref}/resolve`, body);
  }
}
