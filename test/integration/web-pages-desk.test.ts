import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { signedIn, textOf, type PageClient } from '../helpers/pages.ts';
import { startPagesTestSystem } from '../helpers/web-pages.ts';
import type { TestSystem } from '../helpers/test-system.ts';

/**
 * The pages over real HTTP, as a browser without JavaScript uses them: signed in through the
 * authorisation-code flow, each page's states and its form errors, and the same gate as the API.
 */
// Signing in, the discharge desk, the release check and another prison; queries, victim liaison and errors are in web-pages-queries.test.ts.
let sys: TestSystem;
let as: Record<string, PageClient>;
startPagesTestSystem((started) => ({ sys, as } = started));
afterAll(() => sys?.stop());

describe('signing in', () => {
  it('sends a visitor to sign in, and back to where they were going', async () => {
    const res = await fetch(`${sys.baseUrl}/queue`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/sign-in?returnTo=%2Fqueue');
    const signIn = await fetch(`${sys.baseUrl}/sign-in?returnTo=%2Fqueue`, { redirect: 'manual' });
    const target = new URL(signIn.headers.get('location')!);
    expect(target.pathname).toBe('/test-auth/authorize');
    expect(Object.fromEntries(target.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'release-guard-test',
      redirect_uri: `${sys.baseUrl}/sign-in/callback`,
      state: expect.stringMatching(/^[\w-]{20,}$/),
    });
    // The session cookie is httpOnly and lax.
    expect(signIn.headers.getSetCookie()[0]).toMatch(/HttpOnly; SameSite=Lax/i);
  });

  it('refuses a callback whose state it did not issue', async () => {
    const res = await fetch(`${sys.baseUrl}/sign-in/callback?code=x&state=forged`);
    expect(res.status).toBe(400);
    expect(textOf(await res.text())).toContain('Sign-in failed');
  });

  it('shows who is signed in, and signs out', async () => {
    const home = await as['mdi-officer']!.get('/');
    expect(textOf(home.html)).toMatch(/mdi\.officer \(Prison staff, MDI\)/);
    const client = await signedIn(sys, 'expert');
    const out = await client.post('/sign-out', {});
    expect(textOf(out.html)).toContain('You have signed out');
    expect((await client.get('/queue')).url).toContain('/test-auth/authorize');
  });

  it('refuses a form without its CSRF token', async () => {
    const pn = await sys.admit('MDI');
    const res = await as['mdi-officer']!.post(
      `/release-check/${pn}/releases`,
      { reason: 'RELEASED' },
      { withoutCsrf: true },
    );
    expect(res.status).toBe(403);
    expect(
      (
        await sys.http('GET', `/api/prisoners/${pn}/hold`, {
          token: await sys.issuer.token('o', ['PRISON_STAFF'], ['MDI']),
        })
      ).status,
    ).toBe(404);
  });
});

describe('the discharge desk', () => {
  it('lists today’s and tomorrow’s releases with where each stands, and takes the checklist and its verification by two people', async () => {
    const soon = await sys.admit('MDI');
    const tomorrow = await sys.admit('MDI');
    const nextWeek = await sys.admit('MDI');
    const atLeeds = await sys.admit('LEI');
    const at = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();
    for (const [pn, hours] of [
      [soon, 0.5],
      [tomorrow, 26],
      [nextWeek, 24 * 7],
      [atLeeds, 1],
    ] as const)
      await sys.register.setPlannedRelease(pn, at(hours), 'test');
    const officer = await sys.issuer.token('desk.other', ['PRISON_STAFF'], ['MDI']);
    await sys.http('POST', `/api/prisoners/${tomorrow}/holds`, {
      token: officer,
      body: { reason: 'Awaiting the remand warrant' },
    });
    const desk = await as['mdi-officer']!.get('/discharge-desk');
    expect(desk.status).toBe(200);
    const text = textOf(desk.html);
    expect(text).toContain(soon);
    expect(text).toContain(tomorrow);
    expect(text).not.toContain(nextWeek);
    expect(text).not.toContain(atLeeds);
    expect(text.indexOf(soon)).toBeLessThan(text.indexOf(tomorrow)); // in the order they leave
    expect(textOf(desk.html.split(`desk-row-${soon}`)[1]!.split('</tr>')[0]!)).toMatch(/Awaiting checklist/);
    expect(textOf(desk.html.split(`desk-row-${tomorrow}`)[1]!.split('</tr>')[0]!)).toMatch(/Held Manual \(Prison\)/);

    // One officer completes the checklist; he cannot verify it; a governor does.
    const page = await as['mdi-officer']!.get(`/release-check/${soon}`);
    expect(page.html).toContain('data-qa="checklist"');
    const items = sys.services.gate.checklists().movements.RELEASED!;
    const completed = await as['mdi-officer']!.post(`/release-check/${soon}/authorisations`, {
      movement: 'RELEASED',
      ...Object.fromEntries(items.map((i) => [`item-${i.item}`, 'yes'])),
    });
    expect(textOf(completed.html)).toContain('Checklist completed');
    expect(completed.html).not.toContain('Verify: authorise');
    const forGovernor = await as['mdi-governor']!.get(`/release-check/${soon}`);
    const id = /authorisations\/(AUTH-[\w-]+)\/verify/.exec(forGovernor.html)![1]!;
    const verified = await as['mdi-governor']!.post(`/release-check/${soon}/authorisations/${id}/verify`, {});
    expect(textOf(verified.html)).toContain('Release authorised for today');
    expect(
      textOf((await as['mdi-officer']!.get('/discharge-desk')).html.split(`desk-row-${soon}`)[1]!.split('</tr>')[0]!),
    ).toMatch(/Authorised/);
    await as['mdi-officer']!.get(`/release-check/${soon}`);
    expect(
      textOf((await as['mdi-officer']!.post(`/release-check/${soon}/releases`, { reason: 'RELEASED' })).html),
    ).toMatch(/Release recorded/);
    expect(
      textOf((await as['mdi-officer']!.get('/discharge-desk')).html.split(`desk-row-${soon}`)[1]!.split('</tr>')[0]!),
    ).toMatch(/Released/);

    // Another prison's desk is not found; a role without the desk is refused.
    expect((await as['lei-officer']!.get('/discharge-desk?prison=MDI')).status).toBe(404);
    expect((await as['vlo']!.get('/discharge-desk')).status).toBe(403);
  });

  it('refuses at check a checklist with a no, and needs every item answered', async () => {
    const pn = await sys.admit('MDI');
    const items = sys.services.gate.checklists().movements.RELEASED!;
    await as['mdi-officer']!.get(`/release-check/${pn}`);
    const missing = await as['mdi-officer']!.post(`/release-check/${pn}/authorisations`, { movement: 'RELEASED' });
    expect(missing.status).toBe(400);
    expect(textOf(missing.html)).toContain('Answer yes or no');
    await as['mdi-officer']!.get(`/release-check/${pn}`);
    const answers = Object.fromEntries(items.map((i, n) => [`item-${i.item}`, n === 0 ? 'no' : 'yes']));
    const refused = await as['mdi-officer']!.post(`/release-check/${pn}/authorisations`, {
      movement: 'RELEASED',
      ...answers,
      [`note-${items[0]!.item}`]: 'The date in the record is next week',
    });
    expect(textOf(refused.html)).toContain('Refused at check');
  });
});

describe('the release check', () => {
  it('says "No holds" for a prisoner with nothing standing, and records his release', async () => {
    const pn = await sys.admit('MDI');
    const page = await as['mdi-officer']!.get(`/release-check/${pn}`);
    expect(page.status).toBe(200);
    expect(textOf(page.html)).toMatch(
      /Not yet authorised No holds; the discharge checklist is not yet completed today/,
    );
    await sys.authoriseIfPossible(pn);
    expect(textOf((await as['mdi-officer']!.get(`/release-check/${pn}`)).html)).toContain('Authorised to leave today');
    const released = await as['mdi-officer']!.post(`/release-check/${pn}/releases`, { reason: 'RELEASED' });
    expect(textOf(released.html)).toMatch(/Release recorded/);
    expect(textOf(released.html)).toMatch(/Released Released at/);
  });

  it('says "Do not release" with each reason and its owner; a refused release is the same panel, on the record', async () => {
    const pn = await sys.admit('MDI');
    const officer = await sys.issuer.token('other.officer', ['PRISON_STAFF'], ['MDI']);
    expect(
      (
        await sys.http('POST', `/api/prisoners/${pn}/holds`, {
          token: officer,
          body: { reason: 'Awaiting the remand warrant from Sheffield' },
        })
      ).status,
    ).toBe(201);
    const page = await as['mdi-officer']!.get(`/release-check/${pn}`);
    expect(textOf(page.html)).toMatch(/Do not release 1 reason stands/);
    expect(textOf(page.html)).toContain('Awaiting the remand warrant from Sheffield');
    const refused = await as['mdi-officer']!.post(`/release-check/${pn}/releases`, { reason: 'RELEASED' });
    expect(refused.status).toBe(409);
    expect(textOf(refused.html)).toMatch(/Release refused: 1 reason\(s\) stand/);
    expect(textOf(refused.html)).toContain('Do not release');
    const hold = await sys.http('GET', `/api/prisoners/${pn}/hold`, { token: officer });
    expect(hold.body.refusals).toHaveLength(1);
    expect(hold.body.releases).toEqual([]);
  });

  it('asks which movement, and names the field when it is missing', async () => {
    const pn = await sys.admit('MDI');
    const res = await as['mdi-officer']!.post(`/release-check/${pn}/releases`, {});
    expect(res.status).toBe(400);
    expect(res.html).toContain('govuk-error-summary');
    expect(res.html).toMatch(/href="#reason"/);
    expect(textOf(res.html)).toContain('Error: Release check');
  });

  it('lets a duty governor override, with a justification long enough to mean something', async () => {
    const pn = await sys.admit('MDI');
    await sys.http('POST', `/api/prisoners/${pn}/holds`, {
      token: await sys.issuer.token('other.officer', ['PRISON_STAFF'], ['MDI']),
      body: { reason: 'Check the warrant' },
    });
    expect(textOf((await as['mdi-officer']!.get(`/release-check/${pn}`)).html)).not.toContain('Override the hold');
    const governor = as['mdi-governor']!;
    expect(textOf((await governor.get(`/release-check/${pn}`)).html)).toContain('Override the hold');
    const short = await governor.post(`/release-check/${pn}/overrides`, { justification: 'Seen it' });
    expect(short.status).toBe(400);
    expect(short.html).toMatch(/href="#justification"/);
    const granted = await governor.post(`/release-check/${pn}/overrides`, {
      justification: 'Warrant seen and the court confirmed by telephone',
    });
    expect(textOf(granted.html)).toContain('Override granted');
    expect(textOf(granted.html)).toMatch(/Not yet authorised The override granted by mdi\.governor covers what stands/);
  });

  it('finds people by name and date of birth, with their aliases, and only in the caseload', async () => {
    const search = await as['mdi-officer']!.get('/release-check?lastName=Smith');
    expect(search.status).toBe(200);
    expect(textOf(search.html)).toMatch(/found/);
    const bad = await as['mdi-officer']!.get('/release-check?prisonerNumber=&lastName=');
    expect(bad.status).toBe(200);
    expect(bad.html).toContain('govuk-error-summary');
  });
});

describe('another prison', () => {
  it('cannot reach any page of an MDI prisoner: not found, as if he did not exist', async () => {
    const pn = await sys.admit('MDI');
    const officer = await sys.issuer.token('prison.officer', ['PRISON_STAFF'], ['MDI']);
    const { body } = await sys.http('POST', '/api/urgent-queries', {
      token: officer,
      body: { prisonerNumber: pn, category: 'WARRANT_MISSING', question: 'Another prison must not see this' },
    });
    const leeds = as['lei-officer']!;
    for (const path of [
      `/release-check/${pn}`,
      `/queries/${body.reference}`,
      `/queries/new/details?prisonerNumber=${pn}`,
    ]) {
      const page = await leeds.get(path);
      expect({ path, status: page.status }).toEqual({ path, status: 404 });
      expect(textOf(page.html)).toContain('Page not found');
      expect(page.html).not.toContain(pn);
    }
    // A form posted without ever seeing the page (with an id of its own making) is refused as not found too.
    const refused = await leeds.post(`/release-check/${pn}/releases`, {
      reason: 'RELEASED',
      submissionId: randomUUID(),
    });
    expect(refused.status).toBe(404);
    expect((await sys.http('GET', `/api/prisoners/${pn}/release-status`, { token: officer })).body.releasable).toBe(
      false,
    );
  });

  it('shows roles only their pages: a VLO has no queue, a prison officer no notifications', async () => {
    expect((await as.vlo!.get('/queue')).status).toBe(403);
    expect((await as['mdi-officer']!.get('/notifications')).status).toBe(403);
    expect(textOf((await as.vlo!.get('/queue')).html)).toContain('You cannot do that');
    expect((await as['mdi-officer']!.get('/triage')).status).toBe(403);
  });

  it('shows the unit what waits for triage: an email naming no one, and a court result that could not be read', async () => {
    await sys.services.inbox.receive(
      Buffer.from('From: clerk@court.example\r\nSubject: Papers for triage page\r\n\r\nPlease see attached.'),
    );
    const [id] = (
      await sys.stores.db.query<{ id: string }>(
        `SELECT id FROM inbox_messages WHERE subject = 'Papers for triage page'`,
      )
    ).map((r) => r.id);
    await sys.client.workflow.getHandle(`IM-${id}`).result();
    await sys.services.courtResults.receiveMalformed(
      { username: 'court-feed', roles: ['COURT_RESULTS'], caseload: [] },
      '{"hearing":1}',
      [{ field: 'body.hearing', message: 'must be an object' }],
    );
    const page = await as.expert!.get('/triage');
    expect(page.status).toBe(200);
    const text = textOf(page.html);
    expect(text).toMatch(/Papers for triage page.*No identifiers/);
    expect(text).toContain('body.hearing must be an object');
    expect(textOf((await as.expert!.get('/')).html)).toMatch(/emails and court results waiting for triage/);
  });
});
