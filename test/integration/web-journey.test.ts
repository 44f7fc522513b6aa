import { DateTime } from 'luxon';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, launchChromium, screenshot, tabTo } from '../helpers/browser.ts';
import { EVENT_TYPES, domainEvent } from '../../src/domain/events.ts';
import { startTestSystem, type TestSystem } from '../helpers/test-system.ts';

/**
 * The whole journey in a real Chromium, by keyboard alone (Tab to each control, then type, Space or
 * Enter), with axe run against WCAG 2.2 AA on every page it passes: a prison raises a CRITICAL
 * query, the release check says "Do not release", an expert claims and answers, the release check
 * says "No holds", the prison records the release, and the VLO sees and acknowledges the notice.
 */
let sys: TestSystem;
let browser: Browser;
const violations: string[] = [];

beforeAll(async () => {
  sys = await startTestSystem();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await sys?.stop();
});

/** axe on the page as it stands, and a screenshot when it is one of those in docs/screenshots/. */
async function check(page: Page, name?: string) {
  violations.push(...(await accessibilityViolations(page)));
  if (name) await screenshot(page, name);
}

async function press(page: Page, target: Locator, key: 'Enter' | 'Space' = 'Enter') {
  await tabTo(page, target);
  await page.keyboard.press(key);
}

async function type(page: Page, target: Locator, text: string) {
  await tabTo(page, target);
  await page.keyboard.type(text);
}

/** A radio chosen as a keyboard user does: Tab into its group, then the arrow keys. */
async function choose(page: Page, name: string, value: string) {
  const group = page.locator(`input[type=radio][name="${name}"]`);
  const target = page.locator(`input[type=radio][name="${name}"][value="${value}"]`);
  await tabTo(page, group.first());
  for (let i = 0; i < 20; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) break;
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Space');
  expect(await target.isChecked()).toBe(true);
}

async function signInAs(persona: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${sys.baseUrl}/sign-in`);
  await choose(page, 'persona', persona);
  await press(page, page.getByRole('button', { name: 'Sign in' }));
  await page.waitForURL(`${sys.baseUrl}/`);
  await check(page);
  return page;
}

describe('the journey, in Chromium, by keyboard', () => {
  it('raises, holds, answers, releases and notifies, with no accessibility violations on any page', async () => {
    const pn = await sys.admit('MDI');
    // Due out this afternoon: he is on today's discharge desk.
    await sys.register.setPlannedRelease(pn, new Date(Date.now() + 4 * 3_600_000).toISOString(), 'test');
    const vloEmail = `vlo.${pn.toLowerCase()}@probation.test`;

    // The VLO registers a victim's VLO for him.
    const vlo = await signInAs('vlo');
    await vlo.goto(`${sys.baseUrl}/victim-contact`);
    await check(vlo);
    await type(vlo, vlo.getByLabel('Prison number'), pn);
    await vlo.keyboard.press('Enter');
    await vlo.waitForURL(`**/victim-contact/${pn}`);
    await type(vlo, vlo.getByLabel("VLO's name"), 'Vic Liaison');
    await type(vlo, vlo.getByLabel("VLO's email address"), vloEmail);
    await type(vlo, vlo.getByLabel('Team mailbox'), 'vlo-team@probation.test');
    await type(vlo, vlo.getByLabel('Probation region'), 'Yorkshire and the Humber');
    await choose(vlo, 'eligibility', 'STATUTORY');
    await press(vlo, vlo.getByRole('button', { name: 'Add registration' }));
    await vlo.getByText('Registration added').waitFor();
    await check(vlo, 'victim-contact');

    // The prison raises a CRITICAL query: his release is this afternoon.
    const prison = await signInAs('mdi-officer');
    await prison.goto(`${sys.baseUrl}/queries/new`);
    await check(prison);
    await type(prison, prison.getByLabel('Prison number'), pn);
    await prison.keyboard.press('Enter');
    await press(prison, prison.getByRole('link', { name: /Prisoner, Test|Test Prisoner|,/ }).first());
    await prison.waitForURL(/\/queries\/new\/details/);
    await check(prison);
    await choose(prison, 'category', 'WARRANT_MISSING');
    await type(
      prison,
      prison.getByLabel('Your question for the query unit'),
      'No remand warrant on file for the case at Sheffield Crown Court',
    );
    const release = DateTime.now().setZone('Europe/London').plus({ hours: 3 });
    await type(prison, prison.getByLabel('Day', { exact: true }), String(release.day));
    await type(prison, prison.getByLabel('Month', { exact: true }), String(release.month));
    await type(prison, prison.getByLabel('Year', { exact: true }), String(release.year));
    await type(prison, prison.getByLabel('Hour', { exact: true }), String(release.hour));
    await type(prison, prison.getByLabel('Minute', { exact: true }), String(release.minute));
    await press(prison, prison.getByRole('button', { name: 'Continue' }));
    await prison.waitForURL(/\/queries\/new\/check/);
    await check(prison, 'raise-check-your-answers');
    await press(prison, prison.getByRole('button', { name: 'Raise query' }));
    await prison.waitForURL(/\/queries\/new\/done/);
    await check(prison, 'raise-done');
    const reference = (await prison.locator('[data-qa=reference]').textContent())!.trim();
    expect(await prison.locator('.govuk-tag', { hasText: 'Critical' }).count()).toBeGreaterThan(0);

    // The discharge desk: do not release.
    await prison.goto(`${sys.baseUrl}/release-check`);
    await type(prison, prison.getByLabel('Prison number'), pn);
    await prison.keyboard.press('Enter');
    await prison.waitForURL(`**/release-check/${pn}`);
    await expect(prison.locator('[data-qa=gate-answer]').textContent()).resolves.toMatch(/Do not release/);
    await check(prison, 'release-check-do-not-release');

    // The unit: the queue, claim, answer.
    const expert = await signInAs('expert');
    // Other files' queries share the queue (25 to a page): the expert pages through it, as a person would.
    for (let page = 1; page <= 20; page++) {
      await expert.goto(`${sys.baseUrl}/queue?page=${page}`);
      if ((await expert.getByRole('link', { name: reference }).count()) > 0) break;
    }
    await expert.getByRole('link', { name: reference }).waitFor();
    await check(expert, 'queue');
    await press(expert, expert.getByRole('link', { name: reference }));
    await expert.waitForURL(`**/queries/${reference}`);
    await check(expert);
    await press(expert, expert.getByRole('button', { name: 'Claim this query' }));
    await expert.getByText('You have claimed this query').waitFor();
    await press(expert, expert.locator('summary', { hasText: 'Answer the query' }));
    await choose(expert, 'determination', 'RELEASE_MAY_PROCEED');
    await check(expert, 'query-answer-form');
    await type(expert, expert.getByLabel('Evidence'), 'Remand warrant WR-2026-0042 received from the court');
    await press(expert, expert.getByRole('button', { name: 'Answer the query' }));
    await expert.getByText('Query answered').waitFor();
    await check(expert, 'query-answered');

    // His VLO has been told of the date and acknowledged it (the checklist's VLO item is the system's).
    await sys.vlosToldOfRelease(pn);
    // The discharge desk: nothing holds him now, but nobody has authorised his release yet.
    await prison.goto(`${sys.baseUrl}/discharge-desk`);
    await prison.locator(`[data-qa=desk-row-${pn}]`).waitFor();
    await expect(prison.locator(`[data-qa=desk-row-${pn}]`).textContent()).resolves.toMatch(/Awaiting checklist/);
    await check(prison, 'discharge-desk');
    await press(prison, prison.locator(`[data-qa=desk-row-${pn}] a`));
    await prison.waitForURL(`**/release-check/${pn}`);
    await expect(prison.locator('[data-qa=gate-answer]').textContent()).resolves.toMatch(/Not yet authorised/);
    // One officer answers the checklist, by keyboard; a duty governor verifies it.
    for (const { item } of sys.services.gate.checklists().movements.RELEASED!)
      await choose(prison, `item-${item}`, 'yes');
    await check(prison, 'discharge-checklist');
    await press(prison, prison.getByRole('button', { name: 'Complete the checklist' }));
    await prison.getByText('Checklist completed').waitFor();
    const governor = await signInAs('mdi-governor');
    await governor.goto(`${sys.baseUrl}/release-check/${pn}`);
    await check(governor, 'discharge-verify');
    await press(governor, governor.getByRole('button', { name: /Verify: authorise/ }));
    await governor.getByText('Release authorised for today').waitFor();
    // The officer records the release: no holds, and authorised by two people.
    await prison.reload();
    await expect(prison.locator('[data-qa=gate-answer]').textContent()).resolves.toMatch(/Authorised to leave today/);
    await check(prison, 'release-check-no-holds');
    await choose(prison, 'reason', 'RELEASED');
    await press(prison, prison.getByRole('button', { name: 'Record release' }));
    await prison.getByText('Release recorded').waitFor();
    await check(prison);

    // The VLO sees the notice and acknowledges it.
    const [mail] = await sys.mail.waitFor((m) => m.to.includes(vloEmail) && !m.subject?.includes('RELEASE DATE'));
    const notificationId = mail!.headers['x-release-guard-reference']!;
    await vlo.goto(`${sys.baseUrl}/notifications`);
    for (let i = 0; i < 20 && (await vlo.getByRole('link', { name: notificationId }).count()) === 0; i++) {
      await new Promise((r) => setTimeout(r, 500)); // lists come from visibility: eventually consistent
      await vlo.reload();
    }
    await check(vlo, 'notifications');
    await press(vlo, vlo.getByRole('link', { name: notificationId }));
    await vlo.waitForURL(`**/notifications/${notificationId}`);
    await press(vlo, vlo.getByRole('button', { name: 'Acknowledge this notification' }));
    await vlo.getByText('Notification acknowledged').waitFor();
    await expect(vlo.locator('[data-qa=status]').textContent()).resolves.toMatch(/Acknowledged/);
    await check(vlo);

    // Another prison's officer reaches none of it.
    const leeds = await signInAs('lei-officer');
    await leeds.goto(`${sys.baseUrl}/release-check/${pn}`);
    await expect(leeds.locator('h1').textContent()).resolves.toMatch(/Page not found/);
    await leeds.goto(`${sys.baseUrl}/queries/${reference}`);
    await expect(leeds.locator('h1').textContent()).resolves.toMatch(/Page not found/);
    await check(leeds);

    // The unit's triage page, with an email waiting on it.
    const { id } = await sys.services.inbox.receive(
      Buffer.from('From: clerk@court.example\r\nSubject: Bundle sent in error\r\n\r\nPlease see attached.'),
    );
    await sys.client.workflow.getHandle(`IM-${id}`).result();
    await expert.goto(`${sys.baseUrl}/triage`);
    await expert.getByText('Bundle sent in error').waitFor();
    await expert.locator('h1', { hasText: 'Triage' }).waitFor();
    await check(expert, 'triage');

    expect(violations).toEqual([]);
  });

  it('shows form errors with a summary that links to each field, with no accessibility violations', async () => {
    const pn = await sys.admit('MDI');
    const prison = await signInAs('mdi-officer');
    await prison.goto(`${sys.baseUrl}/queries/new/details?prisonerNumber=${pn}`);
    await press(prison, prison.getByRole('button', { name: 'Continue' }));
    await prison.locator('.govuk-error-summary').waitFor();
    await check(prison, 'raise-errors');
    // The summary takes focus, and its links lead to the fields.
    await press(prison, prison.locator('.govuk-error-summary a[href="#question"]'));
    expect(await prison.evaluate(() => document.activeElement?.id)).toBe('question');
    expect(violations).toEqual([]);
  });

  it('shows the lead the figures, each chart with its table, with no accessibility violations', async () => {
    // A year of releases in error and gate decisions across three prisons, so the charts have shape.
    const months = [
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
    ];
    const causes = [
      'WARRANT_MISSING_OR_MISPLACED',
      'COURT_RESULT_CONFLICT',
      'SENTENCE_CALCULATION_ERROR',
      'ALIAS_OUTSTANDING_MATTERS',
    ];
    for (const [i, month] of months.entries()) {
      for (let n = 0; n < 3 + ((i * 7) % 9); n++) {
        const prison = ['MDI', 'LEI', 'BWI'][(i + n) % 3]!;
        const at = `${month}-${String(2 + n).padStart(2, '0')}T11:00:00.000Z`;
        await sys.events.append(
          `shot-rie:${i}:${n}`,
          domainEvent(EVENT_TYPES.releaseInError, 'A0000AA', at, 'seeded', {
            prisonId: prison,
            incidentId: `RIE-SHOT-${i}-${n}`,
            releasedAt: at,
          }),
        );
        if (n % 4 !== 3)
          await sys.events.append(
            `shot-closed:${i}:${n}`,
            domainEvent(EVENT_TYPES.releaseInErrorClosed, 'A0000AA', at, 'seeded', {
              prisonId: prison,
              incidentId: `RIE-SHOT-${i}-${n}`,
              cause: causes[(i + n) % 4],
            }),
          );
        const raisedAt = `${month}-${String(2 + n).padStart(2, '0')}T09:00:00.000Z`;
        const answeredAt = new Date(Date.parse(raisedAt) + (40 + ((i * 37 + n * 53) % 300)) * 60_000).toISOString();
        await sys.events.append(
          `shot-query:${i}:${n}`,
          domainEvent(EVENT_TYPES.queryFinished, 'A0000AA', at, 'seeded', {
            reference: `UQ-SHOT-${i}-${n}`,
            prisonId: prison,
            prisonCode: prison,
            category: 'WARRANT_MISSING',
            urgency: n % 3 ? 'URGENT' : 'CRITICAL',
            status: 'CLOSED',
            raisedAt,
            firstResponseAt: raisedAt,
            firstResponseDue: answeredAt,
            answeredAt,
            answerDue: `${month}-${String(2 + n).padStart(2, '0')}T13:00:00.000Z`,
            plannedRelease: `${month}-${String(2 + n).padStart(2, '0')}T14:00:00.000Z`,
            breachLevels: '',
          }),
        );
        await sys.events.append(
          `shot-prevented:${i}:${n}`,
          domainEvent(EVENT_TYPES.releasePrevented, 'A0000AA', at, 'seeded', {
            prisonId: prison,
            movement: 'RELEASED',
            reasonKinds: n % 2 ? 'URGENT_QUERY' : 'CUSTODIAL_STATUS_CHANGE',
          }),
        );
      }
    }
    const lead = await signInAs('lead');
    await press(lead, lead.getByRole('link', { name: 'Figures' }));
    await lead.waitForURL(`${sys.baseUrl}/reports`);
    await tabTo(lead, lead.getByLabel('From month'));
    await lead.keyboard.press('Control+A'); // the field holds the default period's first month
    await lead.keyboard.type('2025-12');
    await press(lead, lead.getByRole('button', { name: 'Show figures' }));
    await lead.waitForURL('**/reports?from=2025-12*');
    await lead.locator('[data-qa=chart-rie]').waitFor();
    await check(lead, 'figures');
    for (const name of ['Releases in error', 'Urgent queries', 'Discharge gate']) {
      await press(lead, lead.getByRole('link', { name, exact: true }));
      await lead.locator('h1').waitFor();
      await check(lead, name === 'Releases in error' ? 'figures-releases-in-error' : undefined);
    }
    expect(violations).toEqual([]);
  });
});
