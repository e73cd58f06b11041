// Shared helpers for the browser journeys: Debian's chromium through playwright-core (no browser
// download), an axe-core accessibility check, and a screenshot per step in artifacts/.
import { readFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { before, after } from 'node:test';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = join(here, 'artifacts');

/** The running server (started by run.sh). */
export const BASE_URL = (process.env.EENPLAN_URL || '').replace(/\/+$/, '');
/** The password of every demo user (EENPLAN_DEMO_PASSWORD given to `eenplan serve --demo`). */
export const DEMO_PASSWORD = process.env.EENPLAN_DEMO_PASSWORD || '';

if (!BASE_URL || !DEMO_PASSWORD) {
  throw new Error('EENPLAN_URL and EENPLAN_DEMO_PASSWORD must be set: run the journeys through tests/e2e/run.sh');
}

/** A full URL for a path on the server under test. */
export function url(path) {
  return BASE_URL + path;
}

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}

/**
 * A fresh browser context (own cookies). The app sends `script-src 'self'`, which would block the
 * injected axe-core script, so the context bypasses CSP; the app itself runs no script at all.
 * The browser asks for Dutch, like most users of Eenplan.
 */
export async function newPage(browser, { width = 1280, height = 900 } = {}) {
  const context = await browser.newContext({
    bypassCSP: true,
    locale: 'nl-NL',
    viewport: { width, height },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.setDefaultNavigationTimeout(15_000);
  return page;
}

let shotCount = 0;
let shotPrefix = '';

/**
 * Prefixes this journey's screenshot names (artifacts/PREFIX-NN-label.png), so journeys that run in
 * their own processes do not number over each other's screenshots.
 */
export function screenshotPrefix(prefix) {
  shotPrefix = prefix ? `${prefix.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}-` : '';
}

/** Saves a full-page screenshot as artifacts/NN-label.png and returns its path. */
export async function screenshot(page, label) {
  mkdirSync(ARTIFACTS, { recursive: true });
  shotCount += 1;
  const name = `${shotPrefix}${String(shotCount).padStart(2, '0')}-${label.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`;
  const path = join(ARTIFACTS, name);
  await page.screenshot({ path, fullPage: true });
  return path;
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const BLOCKING = new Set(['serious', 'critical']);

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the current page, saves a screenshot, and throws
 * when a violation is serious or critical. Minor and moderate ones are printed, not failed.
 */
export async function checkA11y(page, label) {
  await screenshot(page, `a11y-${label}`);
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.addScriptTag({ content: AXE_SOURCE });
  }
  const violations = await page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  }, AXE_TAGS);
  const describe = (v) => `  [${v.impact}] ${v.id}: ${v.help}\n${v.targets.map((t) => `      at ${t}`).join('\n')}`;
  const blocking = violations.filter((v) => BLOCKING.has(v.impact));
  const other = violations.filter((v) => !BLOCKING.has(v.impact));
  if (other.length > 0) {
    console.log(`axe (${label}, ${page.url()}): non-blocking findings:\n${other.map(describe).join('\n')}`);
  }
  if (blocking.length > 0) {
    throw new Error(`axe (${label}, ${page.url()}): ${blocking.length} serious/critical violation(s):\n${blocking.map(describe).join('\n')}`);
  }
}

/**
 * Logs a demo user in through the login form (with the demo password) and waits for the start page.
 * For roles without two-step verification (worker, team lead).
 */
export async function login(page, username) {
  await page.goto(url('/login'));
  await page.getByLabel('Gebruikersnaam').fill(username);
  await page.getByLabel('Wachtwoord').fill(DEMO_PASSWORD);
  await Promise.all([page.waitForURL(url('/')), page.getByRole('button', { name: 'Inloggen' }).click()]);
}

/** The width of the whole document in CSS pixels (more than the viewport means horizontal scrolling). */
export async function documentWidth(page) {
  return page.evaluate(() => document.documentElement.scrollWidth);
}

/**
 * Registers an intake through the form as the logged-in worker and returns the path the app sent
 * the browser to (the new household, or "/" when it went to triage).
 */
export async function registerIntake(page, { given, family, born, street, number, postcode, city, question }) {
  await page.goto(url('/aanmelding'));
  await page.getByLabel('Wie meldt aan', { exact: true }).selectOption({ label: 'de persoon zelf' });
  await page.getByLabel('De vraag, in de woorden van het huishouden', { exact: true }).fill(question);
  await page.getByLabel('financiën', { exact: true }).check();
  await page.getByLabel('Urgentie', { exact: true }).selectOption({ label: 'normaal' });
  await page.getByLabel('Straat', { exact: true }).fill(street);
  await page.getByLabel('Huisnummer', { exact: true }).fill(number);
  await page.getByLabel('Postcode', { exact: true }).fill(postcode);
  await page.getByLabel('Plaats', { exact: true }).fill(city);
  await page.getByLabel('Voornamen', { exact: true }).fill(given);
  await page.getByLabel('Achternaam', { exact: true }).fill(family);
  await page.getByLabel('Geboortedatum', { exact: true }).fill(born);
  const [res] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Aanmelding opslaan' }).click()]);
  return { status: res.status(), path: new URL(page.url()).pathname };
}

/** Clicks a button (or link) that navigates and returns the navigation's response. */
export async function submit(page, button) {
  const [res] = await Promise.all([page.waitForNavigation(), button.click()]);
  return res;
}

/** The page's flash message (the notice after a saved form). */
export const notice = (page) => page.locator('main .notice[role=status]');

/** The text of the page's main content. */
export const mainText = (page) => page.locator('main').innerText();

/** For a suite: a browser with one page logged in as `username` before its tests, closed after them. */
export function loggedInSession(username) {
  const session = { browser: null, page: null };
  before(async () => {
    session.browser = await launch();
    session.page = await newPage(session.browser);
    await login(session.page, username);
  });
  after(async () => {
    await session.browser?.close();
  });
  return session;
}
