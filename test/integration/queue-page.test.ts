import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, launchChromium } from '../helpers/browser.ts';
import { signedIn, textOf } from '../helpers/pages.ts';
import { eventually, uniquePrisonerNumber } from '../helpers/urgent-query.ts';
import { startTestSystem, type TestSystem } from '../helpers/test-system.ts';

/**
 * The unit's start page, the queue: open queries unless asked otherwise, a table that fits beside
 * the filter at 1,280 px, and GOV.UK pagination that keeps the filters.
 */
let sys: TestSystem;
let browser: Browser;
const tokens: Record<string, string> = {};
const PN = uniquePrisonerNumber();
/** Reference of the query in each status, raised for PN. */
const byStatus: Record<string, string> = {};
const JUSTIFICATION = 'Court clerk confirmed by phone that the warrant was withdrawn';

beforeAll(async () => {
  sys = await startTestSystem();
  browser = await launchChromium();
  await sys.admit('MDI', PN);
  tokens.mdi = await sys.issuer.token('mdi.officer', ['PRISON_STAFF'], ['MDI']);
  tokens.governor = await sys.issuer.token('mdi.governor', ['DUTY_GOVERNOR'], ['MDI']);
  tokens.expert = await sys.issuer.token('court.expert', ['COURT_EXPERT']);
  const post = (token: string, path: string, body: unknown = {}) => sys.http('POST', path, { token, body });
  for (const status of ['RAISED', 'IN_PROGRESS', 'ANSWERED', 'CLOSED', 'WITHDRAWN']) {
    const raised = await post(tokens.mdi!, '/api/urgent-queries', {
      prisonerNumber: PN,
      category: 'WARRANT_MISSING',
      question: `No remand warrant on file (${status})`,
    });
    expect(raised.status).toBe(201);
    const ref = (byStatus[status] = raised.body.reference as string);
    if (status === 'WITHDRAWN') {
      expect(
        (await post(tokens.mdi!, `/api/urgent-queries/${ref}/withdraw`, { reason: 'Raised in error' })).status,
      ).toBe(200);
      expect(
        (
          await post(tokens.governor!, `/api/urgent-queries/${ref}/confirm-withdrawal`, {
            justification: JUSTIFICATION,
          })
        ).status,
      ).toBe(200);
    }
    if (['IN_PROGRESS', 'ANSWERED', 'CLOSED'].includes(status))
      expect((await post(tokens.expert!, `/api/urgent-queries/${ref}/claim`)).status).toBe(200);
    if (['ANSWERED', 'CLOSED'].includes(status)) {
      expect(
        (
          await post(tokens.expert!, `/api/urgent-queries/${ref}/resolve`, {
            determination: 'RELEASE_MAY_PROCEED',
            evidence: 'Warrant found',
          })
        ).status,
      ).toBe(200);
    }
    if (status === 'CLOSED')
      expect((await post(tokens.mdi!, `/api/urgent-queries/${ref}/acknowledge`)).status).toBe(200);
  }
  // Visibility is a second or so behind: wait until the queue knows each in its status.
  await eventually(
    () => sys.http('GET', `/api/urgent-queries?prisonerNumber=${PN}`, { token: tokens.expert }),
    (r) =>
      Object.entries(byStatus).every(([status, ref]) =>
        r.body.items?.some((i: { reference: string; status: string }) => i.reference === ref && i.status === status),
      ),
  );
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await sys?.stop();
});

const referencesOn = (html: string) =>
  Object.entries(byStatus)
    .filter(([, ref]) => html.includes(`>${ref}<`))
    .map(([status]) => status)
    .sort();

describe('the queue lists open queries unless asked otherwise', () => {
  it('shows raised, in progress and awaiting the prison by default; Closed, Answered and Withdrawn only when asked', async () => {
    const expert = await signedIn(sys, 'expert');
    const open = await expert.get(`/queue?prisonerNumber=${PN}`);
    expect(open.status).toBe(200);
    expect(referencesOn(open.html)).toEqual(['IN_PROGRESS', 'RAISED']);
    // The filter says what it shows.
    expect(open.html).toMatch(/<option value="" selected>Open/);
    expect(referencesOn((await expert.get(`/queue?prisonerNumber=${PN}&status=ANY`)).html)).toEqual([
      'ANSWERED',
      'CLOSED',
      'IN_PROGRESS',
      'RAISED',
      'WITHDRAWN',
    ]);
    expect(referencesOn((await expert.get(`/queue?prisonerNumber=${PN}&status=CLOSED`)).html)).toEqual(['CLOSED']);
    expect((await expert.get('/queue?status=LOST')).status).toBe(400);
  });

  it('pages with GOV.UK pagination: page 2 shows the next rows, and its links keep the filters', async () => {
    const expert = await signedIn(sys, 'expert');
    const first = await expert.get(`/queue?prisonerNumber=${PN}&status=ANY&pageSize=2`);
    const second = await expert.get(`/queue?prisonerNumber=${PN}&status=ANY&pageSize=2&page=2`);
    const third = await expert.get(`/queue?prisonerNumber=${PN}&status=ANY&pageSize=2&page=3`);
    const pages = [first, second, third].map((p) => referencesOn(p.html));
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(new Set(pages.flat()).size).toBe(5);
    expect(second.html).toContain('class="govuk-pagination"');
    expect(textOf(second.html)).toMatch(/Showing 3 to 4 of 5 queries/);
    // Previous, next and each page's link carry the filters.
    const links = [
      ...second.html.matchAll(/class="govuk-link govuk-pagination__link" href="([^"]+)"/g),
      ...second.html.matchAll(/<a class="govuk-link govuk-pagination__link" href="([^"]+)" rel="(?:prev|next)"/g),
    ].map((m) => m[1]!.replaceAll('&amp;', '&'));
    expect(links.length).toBeGreaterThan(0);
    for (const link of links)
      expect(link).toMatch(
        new RegExp(`^/queue\\?(?=.*prisonerNumber=${PN})(?=.*status=ANY)(?=.*pageSize=2)(?=.*page=\\d)`),
      );
    expect(second.html).toMatch(/govuk-pagination__item--current[^>]*>\s*<a[^>]*aria-current="page"[^>]*>\s*2/);
    // A page past the end is the last page's neighbour, not an error.
    expect((await expert.get(`/queue?prisonerNumber=${PN}&status=ANY&pageSize=2&page=9`)).status).toBe(200);
    expect((await expert.get(`/queue?prisonerNumber=${PN}&page=0`)).status).toBe(400);
  });
});

describe('the queue in Chromium at 1,280 px', () => {
  async function signInAs(persona: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: 'Europe/London' });
    const page = await context.newPage();
    await page.goto(`${sys.baseUrl}/sign-in`);
    await page.locator(`input[type=radio][name="persona"][value="${persona}"]`).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${sys.baseUrl}/`);
    return page;
  }

  it('fits its table beside the filter: the last column is inside the viewport and not cut off, with no accessibility violations', async () => {
    const expert = await signInAs('expert');
    await expert.goto(`${sys.baseUrl}/queue?prisonerNumber=${PN}&status=ANY`);
    await expert.locator('[data-qa=queries]').waitFor();
    const box = await expert.evaluate(() => {
      const last = [...document.querySelectorAll('[data-qa=queries] thead th')].at(-1)!;
      // The right edge of everything that would cut the column off: the viewport, and each ancestor that clips.
      const clips = [document.documentElement.clientWidth];
      for (let el = last.parentElement; el; el = el.parentElement) {
        if (getComputedStyle(el).overflowX !== 'visible') clips.push(el.getBoundingClientRect().right);
      }
      const content = document.querySelector('.moj-filter-layout__content')!;
      return {
        text: last.textContent!.trim(),
        right: last.getBoundingClientRect().right,
        within: Math.min(...clips),
        contentScrolls: content.scrollWidth > content.clientWidth,
      };
    });
    expect(box.text).toBe('Assigned to');
    expect(box.right).toBeLessThanOrEqual(box.within);
    expect(box.contentScrolls).toBe(false); // nothing hidden to scroll sideways for
    expect(await accessibilityViolations(expert)).toEqual([]);
  });
});
