import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileAuditLog, reliableAudit, type AuditEvent } from '../../src/infra/audit-log.ts';
import { signedIn, textOf } from '../helpers/pages.ts';
import { eventually } from '../helpers/urgent-query.ts';
import { startTestSystem, type TestSystem } from '../helpers/test-system.ts';

/**
 * The pages are the same door as the API: the same roles from the same table, the same audit
 * trail (and the same refusal when it cannot be written), forms that act once, and limits.
 */
const JUSTIFICATION = 'Warrant seen and the court confirmed by telephone';

describe('pages under the operation table', () => {
  let sys: TestSystem;
  let failing = false;
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'rg-audit-')), 'audit.jsonl');
  const inner = fileAuditLog(file);
  const lines = (): AuditEvent[] =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as AuditEvent);
  let pn = '';
  let reference = '';
  let officerToken = '';

  beforeAll(async () => {
    const flaky = {
      record: (e: AuditEvent) =>
        failing ? Promise.reject(new Error('ENOSPC: no space left on device, write')) : inner.record(e),
    };
    sys = await startTestSystem({ audit: reliableAudit(flaky, [5, 5]) });
    pn = await sys.admit('MDI');
    officerToken = await sys.issuer.token('prison.officer', ['PRISON_STAFF'], ['MDI']);
    reference = (
      await sys.http('POST', '/api/urgent-queries', {
        token: officerToken,
        body: { prisonerNumber: pn, category: 'WARRANT_MISSING', question: 'Is the remand warrant on file?' },
      })
    ).body.reference;
  });
  afterAll(() => sys?.stop());

  it('gives the Victim Liaison Officer no hold, no register search and no query: the API gives them none', async () => {
    const vlo = await signedIn(sys, 'vlo');
    for (const page of [
      `/release-check/${pn}`,
      `/release-check?prisonerNumber=${pn}`,
      '/release-check?lastName=Dent&firstName=Arthur&dateOfBirth-day=1&dateOfBirth-month=1&dateOfBirth-year=1980',
      `/queries/${reference}`,
    ]) {
      const res = await vlo.get(page);
      expect({ page, status: res.status }).toEqual({ page, status: 403 });
      expect(res.html).not.toContain('Is the remand warrant on file?');
    }
  });

  it('gives the escort contractor the gate’s answer but neither the hold nor the query behind it', async () => {
    const escort = await signedIn(sys, 'escort');
    expect((await escort.get(`/queries/${reference}`)).status).toBe(403);
    const check = await escort.get(`/release-check/${pn}`);
    expect(check.status).toBe(200);
    const read = lines()
      .filter((l) => l.who === 'escort.officer' && l.phase === 'REQUEST' && l.subjectId === pn)
      .map((l) => l.operation);
    expect(read).toEqual(expect.arrayContaining(['getPrisoner', 'getReleaseStatus']));
    expect(read).not.toContain('getHold');
  });

  it('puts every page on the audit trail under its operation: a search for a person, a prisoner read, a release', async () => {
    const officer = await signedIn(sys, 'mdi-officer');
    await officer.get(
      '/release-check?lastName=Nobody&firstName=Known&dateOfBirth-day=2&dateOfBirth-month=3&dateOfBirth-year=1981',
    );
    const search = lines().find(
      (l) => l.who === 'mdi.officer' && l.operation === 'searchPrisoners' && l.phase === 'REQUEST',
    );
    expect(search).toMatchObject({
      what: 'GET /release-check',
      subjectType: 'PRISONER',
      query: { lastName: 'Nobody', firstName: 'Known' },
    });
    await officer.get(`/release-check/${pn}`);
    // RESPONSE lines follow the response: wait for them.
    const readLines = async () =>
      lines().filter(
        (l) => l.who === 'mdi.officer' && l.subjectId === pn && l.what === 'GET /release-check/:prisonerNumber',
      );
    const read = await eventually(readLines, (ls) => ls.filter((l) => l.phase === 'RESPONSE').length === 3);
    expect(
      read
        .filter((l) => l.phase === 'REQUEST')
        .map((l) => l.operation)
        .sort(),
    ).toEqual(['getHold', 'getPrisoner', 'getReleaseStatus']);
    expect(read.filter((l) => l.phase === 'RESPONSE').map((l) => l.status)).toEqual([200, 200, 200]);
    await officer.post(`/release-check/${pn}/releases`, { reason: 'RELEASED' });
    const released = await eventually(
      async () => lines().filter((l) => l.who === 'mdi.officer' && l.operation === 'recordRelease'),
      (ls) => ls.length === 2,
    );
    expect(released.map((l) => [l.phase, l.status])).toEqual([
      ['REQUEST', undefined],
      ['RESPONSE', 409],
    ]);
  });

  it('refuses a page it cannot audit with a 503 page, and changes nothing', async () => {
    const governor = await signedIn(sys, 'mdi-governor');
    await governor.get(`/release-check/${pn}`);
    failing = true;
    try {
      const refused = await governor.post(`/release-check/${pn}/overrides`, { justification: JUSTIFICATION });
      expect(refused.status).toBe(503);
      expect(textOf(refused.html)).toContain('Sorry, the service is unavailable');
      expect((await governor.get(`/release-check/${pn}`)).status).toBe(503);
    } finally {
      failing = false;
    }
    expect(
      (
        await sys.http('GET', `/api/prisoners/${pn}/hold`, {
          token: await sys.issuer.token('mdi.governor', ['DUTY_GOVERNOR'], ['MDI']),
        })
      ).body.overrides,
    ).toEqual([]);
  });

  it('grants one override for a double-submitted form, sent one after the other or both at once', async () => {
    const governor = await signedIn(sys, 'mdi-governor');
    const governorToken = await sys.issuer.token('mdi.governor', ['DUTY_GOVERNOR'], ['MDI']);
    for (const together of [false, true]) {
      const held = await sys.admit('MDI');
      await sys.http('POST', `/api/prisoners/${held}/holds`, {
        token: officerToken,
        body: { reason: 'Awaiting the remand warrant' },
      });
      await governor.get(`/release-check/${held}`);
      const form = { justification: JUSTIFICATION, submissionId: governor.submissionId() };
      const sent = together
        ? await Promise.all([
            governor.post(`/release-check/${held}/overrides`, form),
            governor.post(`/release-check/${held}/overrides`, form),
          ])
        : [
            await governor.post(`/release-check/${held}/overrides`, form),
            await governor.post(`/release-check/${held}/overrides`, form),
          ];
      expect(sent.map((s) => s.status)).toEqual([200, 200]);
      const hold = await sys.http('GET', `/api/prisoners/${held}/hold`, { token: governorToken });
      expect({ together, overrides: hold.body.overrides.length }).toEqual({ together, overrides: 1 });
    }
  });
});

describe('page rate limits, as the API’s', () => {
  let sys: TestSystem;
  afterAll(() => sys?.stop());

  it('limits each client address, signed in or not, so anonymous requests cannot flood the sessions', async () => {
    sys = await startTestSystem({ withWorker: false, rateLimitPerMinute: 5 });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await fetch(`${sys.baseUrl}/sign-in`, { redirect: 'manual' })).status);
    expect(statuses).toEqual([302, 302, 302, 302, 302, 429, 429]);
    await sys.stop();
  });

  it('limits each signed-in user, and no one else by it', async () => {
    sys = await startTestSystem({ withWorker: false, rateLimitPerMinute: 100, rateLimitPerUserPerMinute: 3 });
    // Signing in lands on / twice (after the callback, and the helper's own look): two of the three.
    const lead = await signedIn(sys, 'lead');
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await lead.get('/reports')).status);
    expect(statuses).toEqual([200, 429, 429]);
    expect((await (await signedIn(sys, 'expert')).get('/queue')).status).toBe(200);
  });
});
