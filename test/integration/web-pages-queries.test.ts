import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { textOf, type PageClient } from '../helpers/pages.ts';
import { eventually } from '../helpers/urgent-query.ts';
import { startPagesTestSystem } from '../helpers/web-pages.ts';
import type { TestSystem } from '../helpers/test-system.ts';

/**
 * The pages over real HTTP, as a browser without JavaScript uses them: signed in through the
 * authorisation-code flow, each page's states and its form errors, and the same gate as the API.
 */
// Queries raised, answered and acknowledged, victim liaison and error pages; signing in and the desk are in web-pages-desk.test.ts.
let sys: TestSystem;
let as: Record<string, PageClient>;
startPagesTestSystem((started) => ({ sys, as } = started));
afterAll(() => sys?.stop());

describe('raising, answering and acknowledging a query in the pages', () => {
  it('goes from the prisoner to check your answers to the reference, then the gate holds him', async () => {
    const pn = await sys.admit('MDI');
    const officer = as['mdi-officer']!;
    const found = await officer.get(`/queries/new?prisonerNumber=${pn}`);
    expect(found.html).toContain(`/queries/new/details?prisonerNumber=${pn}`);
    const details = await officer.get(`/queries/new/details?prisonerNumber=${pn}`);
    expect(textOf(details.html)).toContain('What is the question?');

    const empty = await officer.post('/queries/new/details', { prisonerNumber: pn, question: '' });
    expect(empty.status).toBe(400);
    expect(empty.html).toMatch(/href="#category"/);
    expect(empty.html).toMatch(/href="#question"/);
    const badDate = await officer.post('/queries/new/details', {
      prisonerNumber: pn,
      category: 'WARRANT_MISSING',
      question: 'Is the warrant on file?',
      'plannedRelease-day': '31',
      'plannedRelease-month': '2',
      'plannedRelease-year': '2027',
    });
    expect(badDate.status).toBe(400);
    expect(badDate.html).toMatch(/href="#plannedRelease-day"/);

    const tomorrow = new Date(Date.now() + 20 * 3_600_000);
    const check = await officer.post('/queries/new/details', {
      prisonerNumber: pn,
      category: 'WARRANT_MISSING',
      question: 'Is the remand warrant on file?',
      'plannedRelease-day': String(tomorrow.getUTCDate()),
      'plannedRelease-month': String(tomorrow.getUTCMonth() + 1),
      'plannedRelease-year': String(tomorrow.getUTCFullYear()),
      'plannedRelease-hour': '10',
      'plannedRelease-minute': '00',
    });
    expect(textOf(check.html)).toContain('Check your answers before raising the query');
    expect(textOf(check.html)).toContain('Is the remand warrant on file?');
    const done = await officer.post('/queries/new/check', {});
    expect(textOf(done.html)).toContain('Query raised');
    const reference = /data-qa="reference">([^<]+)</.exec(done.html)![1]!;
    // Sent again from a fresh check page: the answers are gone, so it starts again rather than raising twice.
    expect((await officer.post('/queries/new/check', { submissionId: randomUUID() })).url).toMatch(/\/queries\/new$/);

    expect(textOf((await officer.get(`/release-check/${pn}`)).html)).toMatch(/Do not release 1 reason stands/);

    // The unit: the queue shows it; an expert claims and answers.
    const expert = as.expert!;
    // Other files' queries share the queue: look through its pages (25 to a page) for this one.
    const findInQueue = async () => {
      for (let page = 1; page <= 20; page++) {
        const found = await expert.get(`/queue?status=RAISED&page=${page}`);
        if (found.html.includes(reference) || !found.html.includes(`page=${page + 1}`)) return found;
      }
      return expert.get('/queue?status=RAISED');
    };
    const queue = await eventually(findInQueue, (p) => p.html.includes(reference));
    expect(queue.status).toBe(200);
    await expert.get(`/queries/${reference}`);
    const claimed = await expert.post(`/queries/${reference}/claim`, {});
    expect(textOf(claimed.html).slice(0, 3000)).toContain('You have claimed this query');
    const incomplete = await expert.post(`/queries/${reference}/resolve`, {
      determination: 'DO_NOT_RELEASE',
      evidence: 'Warrant WR-1',
    });
    expect(incomplete.status).toBe(400);
    expect(incomplete.html).toMatch(/href="#correctLegalStatus"/);
    const answered = await expert.post(`/queries/${reference}/resolve`, {
      determination: 'RELEASE_MAY_PROCEED',
      evidence: 'Warrant WR-2026-0042 on file',
    });
    expect(textOf(answered.html)).toContain('Query answered');

    // Another expert's claim now is refused on the page itself.
    // From a page the lead opened before the answer (its form, its own submission id).
    const late = await as.lead!.post(`/queries/${reference}/claim`, { submissionId: randomUUID() });
    expect(late.status).toBe(409);
    expect(textOf(late.html)).toMatch(/ANSWERED|answered/);

    expect(textOf((await officer.get(`/release-check/${pn}`)).html)).toContain('No holds');
    await officer.get(`/queries/${reference}`);
    const acknowledged = await officer.post(`/queries/${reference}/acknowledge`, {});
    expect(textOf(acknowledged.html)).toContain('Answer acknowledged');
    expect(acknowledged.html).toMatch(/data-qa="status">Closed</);
  });
});

describe('victim liaison', () => {
  it('adds a registration (naming a bad address), and acknowledges the notification a release sends', async () => {
    const pn = await sys.admit('MDI');
    const vlo = as.vlo!;
    await vlo.get(`/victim-contact/${pn}`);
    const bad = await vlo.post(`/victim-contact/${pn}/registrations`, {
      vloName: 'Vic Liaison',
      vloEmail: 'not-an-address',
      teamMailbox: 'vlo-team@probation.test',
      probationRegion: 'Yorkshire',
      eligibility: 'STATUTORY',
    });
    expect(bad.status).toBe(400);
    expect(bad.html).toMatch(/href="#vloEmail"/);
    const added = await vlo.post(`/victim-contact/${pn}/registrations`, {
      vloName: 'Vic Liaison',
      vloEmail: `vlo.${pn.toLowerCase()}@probation.test`,
      teamMailbox: 'vlo-team@probation.test',
      probationRegion: 'Yorkshire',
      eligibility: 'STATUTORY',
    });
    expect(textOf(added.html)).toContain('Registration added');

    await sys.authoriseIfPossible(pn);
    await as['mdi-officer']!.get(`/release-check/${pn}`);
    await as['mdi-officer']!.post(`/release-check/${pn}/releases`, { reason: 'RELEASED' });
    // The release's notice, not the one of his planned release that authorising him needed acknowledged.
    const [mail] = await sys.mail.waitFor(
      (m) => m.to.includes(`vlo.${pn.toLowerCase()}@probation.test`) && !m.subject?.includes('RELEASE DATE'),
    );
    const id = mail!.headers['x-release-guard-reference']!;
    const list = await eventually(
      () => vlo.get('/notifications'),
      (p) => p.html.includes(id),
    );
    expect(list.status).toBe(200);
    await vlo.get(`/notifications/${id}`);
    const acknowledged = await vlo.post(`/notifications/${id}/acknowledge`, {});
    expect(textOf(acknowledged.html)).toContain('Notification acknowledged');
    expect(acknowledged.html).toMatch(/data-qa="status">Acknowledged</);
  });
});

describe('error pages', () => {
  it('answers an unknown page with a GOV.UK 404 page, and an unknown API path with a problem', async () => {
    const page = await as['mdi-officer']!.get('/no-such-page');
    expect(page.status).toBe(404);
    expect(textOf(page.html)).toContain('Page not found');
    const api = await sys.http('GET', '/api/no-such-thing', {
      token: await sys.issuer.token('team.lead', ['QUERY_UNIT_LEAD']),
    });
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toMatch(/problem\+json/);
  });
});
