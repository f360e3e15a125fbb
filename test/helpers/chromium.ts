/**
 * A real Chromium for browser tests: launched headless from Debian's package, signed in to the
 * newsroom as a person would, and axe-core run on a page (evaluated, as the CSP forbids inline script).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT } from './server.js';

export const CHROMIUM = '/usr/bin/chromium';
/** Why browser tests are skipped here, or false. */
export const noChromium = existsSync(CHROMIUM) ? false : `Chromium is not installed at ${CHROMIUM}`;
/**
 * Why the screenshots written for people to look at are not taken in this run, or false. They are
 * for review, not assertions, and a hundred full-page PNGs cost minutes of both cores, so `npm test`
 * leaves them to `npm run screenshots` (which sets SCREENSHOTS=1).
 */
export const noScreenshots = process.env.SCREENSHOTS === '1' ? false : 'screenshots are for review: npm run screenshots';

/**
 * How long a page action or navigation may take before it fails. Playwright's 30 s is too short
 * for an image upload on a loaded 2-core machine (resizing runs beside other test files); a broken
 * feature still fails, only later.
 */
export const ACTION_TIMEOUT_MS = 120_000;

/** Chromium whose every new page and context waits up to {@link ACTION_TIMEOUT_MS}. */
export async function launch(): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    context.setDefaultTimeout(ACTION_TIMEOUT_MS);
    return context;
  };
  const newPage = browser.newPage.bind(browser);
  browser.newPage = async (options) => {
    const page = await newPage(options);
    page.context().setDefaultTimeout(ACTION_TIMEOUT_MS);
    page.setDefaultTimeout(ACTION_TIMEOUT_MS);
    return page;
  };
  return browser;
}

/** Signs in on the newsroom's sign-in page and waits for the dashboard. */
export async function signInAs(page: Page, base: string, email: string, password: string): Promise<void> {
  await page.goto(base + '/admin/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await Promise.all([page.waitForURL(/\/admin\/$/), page.getByRole('button', { name: /sign in/i }).click()]);
}

const AXE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/** Serious or critical axe-core violations on the page, as `rule: targets`. */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }> };
      }
    ).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

/** Pastes `html` (and optional plain text) into the focused element as the clipboard would. */
export async function paste(page: Page, html: string, text = ''): Promise<void> {
  await page.evaluate(
    ([h, t]) => {
      const data = new DataTransfer();
      data.setData('text/html', h);
      data.setData('text/plain', t);
      const target = document.activeElement ?? document.body;
      target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    },
    [html, text],
  );
}
