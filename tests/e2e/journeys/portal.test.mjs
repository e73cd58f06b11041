// Mijn plan, the household's own voice: the contact worker (demo.worker) invites Ayşe Çelik (demo:
// the single mother with rent arrears, a draft plan) and gets a one-time link; Ayşe turns it into an
// account, sets up the second step with an authenticator code, reads her plan in plain Dutch, agrees
// to it with the keyboard only, and sees on "who looked at my file" that her contact worker opened it.
// The link does not work twice. Ruud van der Linden (demo: his maatwerk request is with Work and
// Income on his consent) withdraws that consent, and the MDT member is refused his request at once.
// axe clean; the portal pages do not scroll sideways at 320 px.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomInt } from 'node:crypto';
import { launch, newPage, url, checkA11y, screenshotPrefix, submit, mainText, login, documentWidth, notice } from '../lib.mjs';

screenshotPrefix('portal');

const pick = (letters) => letters[randomInt(letters.length)];
const USERNAME = `ayse.${Array.from({ length: 3 }, () => pick('bdfgklmnprt') + pick('aeiou')).join('')}`;
const PASSWORD = 'mijn-eigen-lange-wachtwoord';

/** The current 6-digit code (RFC 6238: SHA-1, 30 s) for a base32 secret, as an authenticator app makes it. */
function totp(secret) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/[\s=]/g, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 1000 / 30)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const at = mac[mac.length - 1] & 0xf;
  return String((mac.readUInt32BE(at) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/** The contact worker opens the member's page through search and makes an invitation; returns the link. */
async function invite(browser, search, name) {
  const page = await newPage(browser);
  await login(page, 'demo.worker');
  await page.goto(url(`/zoeken?name=${encodeURIComponent(search)}`));
  await submit(page, page.getByRole('region', { name: 'Gevonden huishoudens' }).getByRole('link').first());
  await submit(page, page.getByRole('link', { name: `Gegevens van ${name} wijzigen` }));
  await submit(page, page.getByRole('button', { name: 'Uitnodiging maken' }));
  assert.match(await mainText(page), /Je ziet de link maar één keer/);
  const link = (await page.locator('main code').innerText()).trim();
  assert.match(link, /\/uitnodiging\/[A-Za-z0-9_-]+$/);
  await checkA11y(page, 'invited');
  await page.context().close();
  return link;
}

/** The member turns the link into an account, logs in and sets up the second step; returns the page on /portaal. */
async function makeAccount(browser, link, username) {
  const page = await newPage(browser);
  await page.goto(link);
  await page.getByLabel('Gebruikersnaam', { exact: true }).fill(username);
  await page.getByLabel('Wachtwoord', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Wachtwoord nog een keer', { exact: true }).fill(PASSWORD);
  await submit(page, page.getByRole('button', { name: 'Account maken' }));
  assert.match(await notice(page).innerText(), /Uw account is klaar/);
  await page.getByLabel('Gebruikersnaam').fill(username);
  await page.getByLabel('Wachtwoord').fill(PASSWORD);
  await submit(page, page.getByRole('button', { name: 'Inloggen' }));
  assert.equal(new URL(page.url()).pathname, '/account/tweestaps');
  const secret = (await page.locator('code.secret').innerText()).trim();
  await page.getByLabel('Code van 6 cijfers').fill(totp(secret));
  await submit(page, page.getByRole('button', { name: 'Code bevestigen' }));
  await page.goto(url('/portaal'));
  assert.equal(new URL(page.url()).pathname, '/portaal');
  return page;
}

describe('Mijn plan: invited, account, plan agreed, access seen', () => {
  let browser;
  let link = '';
  /** Ayşe's logged-in page (a second login within the same 30 seconds would reuse the code). */
  let member;

  before(async () => {
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
  });

  it('the contact worker invites Ayşe and gets a one-time link', async () => {
    link = await invite(browser, 'Ayse Celik', 'Ayşe Çelik');
  });

  it('Ayşe chooses a username and password, then sets up the second step', async () => {
    const form = await newPage(browser);
    await form.goto(link);
    await checkA11y(form, 'account-form');
    await form.getByLabel('Gebruikersnaam', { exact: true }).fill(USERNAME);
    await form.getByLabel('Wachtwoord', { exact: true }).fill('kort');
    await form.getByLabel('Wachtwoord nog een keer', { exact: true }).fill('kort');
    const refused = await submit(form, form.getByRole('button', { name: 'Account maken' }));
    assert.equal(refused.status(), 422);
    assert.equal(await form.getByLabel('Gebruikersnaam', { exact: true }).inputValue(), USERNAME, 'what she typed is kept');
    await form.context().close();
    member = await makeAccount(browser, link, USERNAME);

    // The link works once.
    const again = await newPage(browser);
    const res = await again.goto(link);
    assert.equal(res.status(), 410);
    assert.match(await mainText(again), /Deze link is al gebruikt/);
    await again.context().close();
  });

  it('she reads her plan, agrees with the keyboard only, and sees who looked at her file', async () => {
    const page = member;
    const text = await mainText(page);
    assert.match(text, /Welkom, Ayşe Çelik/);
    assert.match(text, /In ons huis blijven wonen/);
    assert.match(text, /Betalingsregeling met Woonstichting Voorbeeldstad regelen/);
    assert.match(text, /Uw contactpersoon\s+Fatima Yilmaz/);
    assert.match(text, /Dit is een nieuwe versie van het plan/);
    await checkA11y(page, 'mijn-plan');
    // Keyboard only: Tab until the agree button has the focus, then Enter.
    const agree = page.getByRole('button', { name: 'Ik ben het eens met dit plan' });
    for (let i = 0; i < 60 && !(await agree.evaluate((el) => el === document.activeElement)); i += 1) {
      await page.keyboard.press('Tab');
    }
    assert.ok(await agree.evaluate((el) => el === document.activeElement), 'the agree button is reachable with Tab');
    await Promise.all([page.waitForURL(/klaar=akkoord/), page.keyboard.press('Enter')]);
    assert.match(await notice(page).innerText(), /U heeft gezegd dat u het eens bent/);
    assert.match(await mainText(page), /Ayşe Çelik heeft op \d{4}-\d{2}-\d{2} gezegd: ik ben het eens met dit plan/);

    await submit(page, page.getByRole('link', { name: /Wie heeft mijn dossier bekeken/ }));
    assert.equal(new URL(page.url()).pathname, '/portaal/inzage');
    const log = await mainText(page);
    assert.match(log, /Fatima Yilmaz/, 'her contact worker opened her file');
    assert.doesNotMatch(log, new RegExp(USERNAME), 'her own visits are not listed');
    await checkA11y(page, 'inzage');
    for (const path of ['/portaal/inzage', '/portaal']) {
      await page.goto(url(path));
      await page.setViewportSize({ width: 320, height: 800 });
      assert.ok((await documentWidth(page)) <= 320, `${path}: ${await documentWidth(page)} px wide at 320`);
      await page.setViewportSize({ width: 1280, height: 900 });
    }
    await page.context().close();
  });

  it('Ruud withdraws his consent for Work and Income, which loses access at once', async () => {
    const mdtBefore = await newPage(browser);
    await login(mdtBefore, 'demo.mdt');
    await mdtBefore.goto(url('/mdt'));
    const ruudRequest = mdtBefore.getByRole('link', { name: /Schuldhulp met behoud van de auto/ });
    assert.equal(await ruudRequest.count(), 1, 'W&I sees Ruud\'s request');
    await submit(mdtBefore, ruudRequest);
    const requestPath = new URL(mdtBefore.url()).pathname;

    const ruudLink = await invite(browser, 'Ruud van der Linden', 'Ruud van der Linden');
    const page = await makeAccount(browser, ruudLink, `${USERNAME}.ruud`);
    await submit(page, page.getByRole('link', { name: 'Aan wie heeft u toestemming gegeven?' }));
    assert.match(await mainText(page), /Werk en Inkomen Voorbeeldstad/);
    assert.match(await mainText(page), /omdat het haar taak is volgens de wet/);
    await checkA11y(page, 'toestemming');
    await submit(page, page.getByRole('button', { name: /Toestemming intrekken voor Werk en Inkomen/ }));
    assert.match(await notice(page).innerText(), /U heeft de toestemming ingetrokken/);
    assert.match(await mainText(page), /U heeft de toestemming ingetrokken op \d{4}-\d{2}-\d{2}/);
    await page.context().close();

    const refused = await mdtBefore.goto(url(requestPath));
    assert.equal(refused.status(), 403, 'the MDT member is refused from now on');
    await mdtBefore.context().close();
  });
});
