import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

/** Debian's Chromium (apt-get install chromium): Playwright's own download is not possible here. */
export const CHROMIUM_PATH =
  process.env.CHROMIUM_PATH ??
  ['/usr/bin/chromium', '/usr/bin/chromium-headless-shell', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

export const SCREENSHOTS_DIR = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));

export async function launchChromium(): Promise<Browser> {
  if (!CHROMIUM_PATH)
    throw new Error(
      'No Chromium: run `apt-get install chromium` (scripts/ensure-installed does when it can), or set CHROMIUM_PATH',
    );
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  // --no-sandbox: CI runs as root, where Chromium's sandbox cannot start.
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox'] });
}

/** What axe found on a page against WCAG 2.2 AA, one line per violation and element. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'])
    .analyze();
  return results.violations.flatMap((v) =>
    v.nodes.map(
      (n) =>
        `${new URL(page.url()).pathname}: ${v.id} (${v.impact}) at ${n.target.join(' ')}: ${v.help}: ${n.html.slice(0, 300)}`,
    ),
  );
}

export const screenshot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(SCREENSHOTS_DIR, `${name}.png`), fullPage: true });

/**
 * Moves focus with the Tab key alone until `target` has it, as a keyboard user would, and fails if
 * it never does (the control is not reachable by keyboard).
 */
export async function tabTo(page: Page, target: Locator, maxPresses = 150): Promise<void> {
  const handle = await target.elementHandle();
  if (!handle) throw new Error('tabTo: no such element');
  for (let i = 0; i < maxPresses; i++) {
    if (await handle.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`tabTo: not reachable by Tab within ${maxPresses} presses`);
}
