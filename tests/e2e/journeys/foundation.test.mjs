// The foundation journey of a neighbourhood team worker: log in (after one wrong password), find the
// way by keyboard, switch language, look at the account page, log out. Every page gets an axe check.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, url, checkA11y, screenshot, DEMO_PASSWORD } from '../lib.mjs';

const WORKER = 'demo.worker';

/** The path of the page's URL (without query). */
const pathOf = (page) => new URL(page.url()).pathname;
const h1 = (page) => page.locator('h1').innerText();

describe('foundation: a worker logs in, finds their way and logs out', () => {
  let browser;
  let page;

  before(async () => {
    browser = await launch();
    page = await newPage(browser);
  });

  after(async () => {
    await browser?.close();
  });

  it('shows the Dutch login page, which passes axe', async () => {
    const res = await page.goto(url('/login'));
    assert.equal(res.status(), 200);
    assert.equal(await page.locator('html').getAttribute('lang'), 'nl');
    assert.equal(await h1(page), 'Inloggen');
    await checkA11y(page, 'login');
  });

  it('explains a wrong password in Dutch and keeps the username', async () => {
    await page.getByLabel('Gebruikersnaam').fill(WORKER);
    await page.getByLabel('Wachtwoord').fill('dit-is-niet-het-wachtwoord');
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.waitForLoadState();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /Je gebruikersnaam of wachtwoord klopt niet/);
    assert.equal(await page.getByLabel('Gebruikersnaam').inputValue(), WORKER);
    assert.equal(await page.getByLabel('Wachtwoord').inputValue(), '', 'the password is not sent back');
    await screenshot(page, 'login-wrong-password');
    await checkA11y(page, 'login-error');
  });

  it('logs the worker in to their caseload', async () => {
    await page.getByLabel('Wachtwoord').fill(DEMO_PASSWORD);
    await Promise.all([page.waitForURL(url('/')), page.getByRole('button', { name: 'Inloggen' }).click()]);
    assert.equal(pathOf(page), '/');
    assert.equal(await h1(page), 'Mijn huishoudens');
    assert.ok(await page.getByText('Fatima Yilmaz').first().isVisible(), 'the worker sees their own name');
    await checkA11y(page, 'home');
  });

  it('offers the skip link as the first stop for the keyboard', async () => {
    await page.goto(url('/'));
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => {
      const el = document.activeElement;
      return { tag: el.tagName, text: el.textContent.trim(), href: el.getAttribute('href'), visible: el.getBoundingClientRect().left >= 0 };
    });
    assert.deepEqual(first, { tag: 'A', text: 'Naar de inhoud', href: '#inhoud', visible: true });
    await screenshot(page, 'skip-link-focused');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'inhoud', 'the skip link moves focus to the main content');
  });

  it('switches to English and back to Dutch', async () => {
    await Promise.all([page.waitForURL(url('/')), page.getByRole('link', { name: 'English', exact: true }).click()]);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.equal(await h1(page), 'My households');
    await checkA11y(page, 'home-en');
    await Promise.all([page.waitForURL(url('/')), page.getByRole('link', { name: 'Nederlands', exact: true }).click()]);
    assert.equal(await page.locator('html').getAttribute('lang'), 'nl');
    assert.equal(await h1(page), 'Mijn huishoudens');
  });

  it('has a labelled password form on "Mijn account"', async () => {
    await Promise.all([page.waitForURL(url('/account')), page.getByRole('link', { name: 'Mijn account' }).click()]);
    assert.equal(await h1(page), 'Mijn account');
    assert.equal(await page.getByRole('link', { name: 'Mijn account' }).getAttribute('aria-current'), 'page');
    for (const label of ['Huidig wachtwoord', 'Nieuw wachtwoord (minstens 12 tekens)', 'Nieuw wachtwoord nog een keer']) {
      const input = page.getByLabel(label, { exact: true });
      assert.equal(await input.count(), 1, `one field labelled "${label}"`);
      assert.equal(await input.getAttribute('type'), 'password');
    }
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll('main input:not([type=hidden])')].filter((i) => i.labels.length === 0).map((i) => i.name),
    );
    assert.deepEqual(unlabelled, [], 'every visible input has a label');
    await checkA11y(page, 'account');
  });

  it('logs out with the "Uitloggen" button', async () => {
    await Promise.all([page.waitForURL(/\/login/), page.getByRole('button', { name: 'Uitloggen' }).click()]);
    assert.equal(pathOf(page), '/login');
    assert.equal(await h1(page), 'Inloggen');
    assert.equal(await page.getByRole('status').innerText(), 'Je bent uitgelogd.');
    await checkA11y(page, 'logged-out');
  });

  it('sends a logged-out visitor of "/" to the login page', async () => {
    await page.goto(url('/'));
    assert.equal(pathOf(page), '/login');
    assert.equal(await h1(page), 'Inloggen');
  });
});

describe('small screens (320 CSS pixels, WCAG 1.4.10 reflow)', () => {
  let browser;

  before(async () => {
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
  });

  it('shows the login page without horizontal scrolling', async () => {
    const page = await newPage(browser, { width: 320, height: 640 });
    await page.goto(url('/login'));
    await screenshot(page, 'login-320px');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 320, `login page is ${width}px wide at a 320px viewport`);
    await page.context().close();
  });

  it('shows the start page of a logged-in worker without horizontal scrolling', async () => {
    const page = await newPage(browser, { width: 320, height: 640 });
    await page.goto(url('/login'));
    await page.getByLabel('Gebruikersnaam').fill(WORKER);
    await page.getByLabel('Wachtwoord').fill(DEMO_PASSWORD);
    await Promise.all([page.waitForURL(url('/')), page.getByRole('button', { name: 'Inloggen' }).click()]);
    await screenshot(page, 'home-320px');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 320, `start page is ${width}px wide at a 320px viewport`);
    await page.context().close();
  });
});
