// The household file journey of a neighbourhood team worker (demo.worker, Fatima Yilmaz, Buurtteam
// Oost): register an intake (after an empty and a half-wrong submit), land on the new household,
// become its contact person, record a home visit, add a member (after an invalid BSN), find the
// household again by a misspelt name without prefix or accent, and see it on the caseload.
//
// The journey makes its own household with a unique family name and address, so it does not depend
// on the demo households and still passes when they exist.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { launch, newPage, url, checkA11y, screenshot, screenshotPrefix, login, documentWidth, submit, notice } from '../lib.mjs';

screenshotPrefix('household');

const WORKER = 'demo.worker';
const WORKER_NAME = 'Fatima Yilmaz';

// ---------------------------------------------------------------- unique, fictitious test data

const pick = (letters) => letters[randomInt(letters.length)];
/** A pronounceable random suffix: consonant-vowel syllables, e.g. "tamoru". */
const syllables = (n) => Array.from({ length: n }, () => pick('bdfgklmnprt') + pick('aeiou')).join('');
/** A random BSN that passes the 11-proof (fictitious). */
function randomBsn() {
  for (;;) {
    const d = [1 + randomInt(9), ...Array.from({ length: 7 }, () => randomInt(10))];
    const last = d.reduce((sum, x, i) => sum + (9 - i) * x, 0) % 11;
    if (last < 10) return [...d, last].join('');
  }
}

const SUFFIX = syllables(3);
const FAMILY = `Çelik${SUFFIX}`; // e.g. "Çeliktamoru": a diacritic, one word
const PREFIX = 'van der';
/** The family name as someone would type it from memory: no Ç, no prefix, one letter wrong (i→e). */
const MISSPELT = `celek${SUFFIX}`;
const GIVEN = 'Noor';
const CHILD = 'Daan';
const HOUSE_NUMBER = String(100 + randomInt(900));
const ADDITION = pick('BCDFGHJKLMNPQRTVWXZ') + pick('BCDFGHJKLMNPQRTVWXZ');
const STREET = 'Oosterkade';
const POSTCODE = '3512 KX';
const CITY = 'Voorbeeldstad';
/** How the household page and lists show the address (Address::line). */
const ADDRESS = `${STREET} ${HOUSE_NUMBER} ${ADDITION}, ${POSTCODE} ${CITY}`;
const QUESTION = `Noor heeft schulden en is bang haar huis te verliezen (${SUFFIX}).`;
const VISIT = `Huisbezoek: samen de post geopend en de huurachterstand op een rij gezet (${SUFFIX}).`;
const BSN = randomBsn();

// ---------------------------------------------------------------- helpers

const pathOf = (page) => new URL(page.url()).pathname;
const h1 = (page) => page.locator('h1').innerText();
const nav = (page) => page.getByRole('navigation', { name: 'Hoofdmenu' });

/** Submits a form with its button and waits for the next page (a redirect or the form again). */

/** The error shown next to a field, checked to be announced with the field. */
async function fieldError(page, id) {
  const input = page.locator(`#${id}`);
  assert.equal(await input.getAttribute('aria-invalid'), 'true', `#${id} is marked invalid`);
  const describedBy = await input.getAttribute('aria-describedby');
  assert.equal(describedBy, `${id}-error`, `#${id} points to its message`);
  return (await page.locator(`#${describedBy}`).innerText()).trim();
}

/** Every visible input, select and textarea in `scope` has a label. */
async function unlabelled(page, scope) {
  return page.evaluate(
    (sel) =>
      [...document.querySelectorAll(`${sel} input:not([type=hidden]), ${sel} select, ${sel} textarea`)]
        .filter((i) => i.labels.length === 0)
        .map((i) => i.id || i.name),
    scope,
  );
}

/** Fills the intake form; `postcode` may be wrong on purpose. */
async function fillIntake(page, postcode) {
  await page.getByLabel('Wie meldt aan', { exact: true }).selectOption({ label: 'huisarts' });
  await page.getByLabel('De vraag, in de woorden van het huishouden', { exact: true }).fill(QUESTION);
  await page.getByLabel('financiën', { exact: true }).check();
  await page.getByLabel('wonen', { exact: true }).check();
  await page.getByLabel('Urgentie', { exact: true }).selectOption({ label: 'hoog' });
  await page.getByLabel('Straat', { exact: true }).fill(STREET);
  await page.getByLabel('Huisnummer', { exact: true }).fill(HOUSE_NUMBER);
  await page.getByLabel('Toevoeging', { exact: true }).fill(ADDITION);
  await page.getByLabel('Postcode', { exact: true }).fill(postcode);
  await page.getByLabel('Plaats', { exact: true }).fill(CITY);
  await page.getByLabel('Voornamen', { exact: true }).fill(GIVEN);
  await page.getByLabel('Tussenvoegsel', { exact: true }).fill(PREFIX);
  await page.getByLabel('Achternaam', { exact: true }).fill(FAMILY);
  await page.getByLabel('Geboortedatum', { exact: true }).fill('1988-04-12');
  await page.getByLabel('Talen', { exact: true }).fill('Nederlands, Turks');
}

// ---------------------------------------------------------------- the journey

let householdPath = '';

describe('household file: a worker registers an intake and works on the household', () => {
  let browser;
  let page;

  before(async () => {
    browser = await launch();
    page = await newPage(browser);
    await login(page, WORKER);
  });

  after(async () => {
    await browser?.close();
  });

  it('opens "Aanmelding" from the main menu', async () => {
    await Promise.all([page.waitForURL(url('/aanmelding')), nav(page).getByRole('link', { name: 'Aanmelding', exact: true }).click()]);
    assert.equal(await h1(page), 'Nieuwe aanmelding');
    assert.equal(await nav(page).getByRole('link', { name: 'Aanmelding', exact: true }).getAttribute('aria-current'), 'page');
    assert.deepEqual(await unlabelled(page, 'main form'), [], 'every field of the intake form has a label');
    await checkA11y(page, 'intake');
  });

  it('explains every missing field in Dutch when the empty form is sent', async () => {
    const res = await submit(page, page.getByRole('button', { name: 'Aanmelding opslaan' }));
    assert.equal(res.status(), 422);
    assert.equal(pathOf(page), '/aanmelding');
    assert.match(await page.getByRole('alert').innerText(), /Niet alles is goed ingevuld/);
    for (const id of ['intake-referrer', 'intake-question', 'intake-street', 'intake-city', 'intake-given_names', 'intake-family_name']) {
      assert.equal(await fieldError(page, id), 'Vul dit in.', `message for ${id}`);
    }
    assert.match(await fieldError(page, 'intake-house_number'), /^Vul een huisnummer in/);
    assert.equal(await fieldError(page, 'intake-postcode'), 'Vul een postcode in zoals 1234 AB.');
    assert.equal((await page.locator('#intake-domains-error').innerText()).trim(), 'Kies minstens één leefgebied.');
    // Optional fields get no message.
    for (const id of ['intake-house_addition', 'intake-name_prefix', 'intake-date_of_birth', 'intake-bsn']) {
      assert.equal(await page.locator(`#${id}-error`).count(), 0, `no message for optional ${id}`);
    }
    await screenshot(page, 'intake-empty-errors');
    await checkA11y(page, 'intake-errors');
  });

  it('keeps everything typed when only the postcode is wrong', async () => {
    await fillIntake(page, '35 12');
    const res = await submit(page, page.getByRole('button', { name: 'Aanmelding opslaan' }));
    assert.equal(res.status(), 422);
    assert.equal(await fieldError(page, 'intake-postcode'), 'Vul een postcode in zoals 1234 AB.');
    assert.equal(await page.locator('main .field-error').count(), 1, 'only the postcode has a message');
    // Nothing is lost.
    assert.equal(await page.getByLabel('Wie meldt aan', { exact: true }).inputValue(), 'gp');
    assert.equal(await page.getByLabel('De vraag, in de woorden van het huishouden', { exact: true }).inputValue(), QUESTION);
    assert.ok(await page.getByLabel('financiën', { exact: true }).isChecked());
    assert.ok(await page.getByLabel('wonen', { exact: true }).isChecked());
    assert.ok(!(await page.getByLabel('opvoeding', { exact: true }).isChecked()));
    assert.equal(await page.getByLabel('Urgentie', { exact: true }).inputValue(), 'high');
    assert.equal(await page.getByLabel('Straat', { exact: true }).inputValue(), STREET);
    assert.equal(await page.getByLabel('Huisnummer', { exact: true }).inputValue(), HOUSE_NUMBER);
    assert.equal(await page.getByLabel('Toevoeging', { exact: true }).inputValue(), ADDITION);
    assert.equal(await page.getByLabel('Postcode', { exact: true }).inputValue(), '35 12', 'the wrong value stays, to correct it');
    assert.equal(await page.getByLabel('Plaats', { exact: true }).inputValue(), CITY);
    assert.equal(await page.getByLabel('Voornamen', { exact: true }).inputValue(), GIVEN);
    assert.equal(await page.getByLabel('Tussenvoegsel', { exact: true }).inputValue(), PREFIX);
    assert.equal(await page.getByLabel('Achternaam', { exact: true }).inputValue(), FAMILY);
    assert.equal(await page.getByLabel('Geboortedatum', { exact: true }).inputValue(), '1988-04-12');
    assert.equal(await page.getByLabel('Talen', { exact: true }).inputValue(), 'Nederlands, Turks');
    await screenshot(page, 'intake-postcode-error-kept');
  });

  it('saves the intake as a new household in the social team and opens it', async () => {
    await page.getByLabel('Postcode', { exact: true }).fill('3512kx');
    const res = await submit(page, page.getByRole('button', { name: 'Aanmelding opslaan' }));
    assert.equal(res.status(), 200);
    assert.match(pathOf(page), /^\/huishoudens\/[^/]+$/);
    assert.equal(new URL(page.url()).searchParams.get('aanmelding'), 'new');
    householdPath = pathOf(page);
    assert.equal(await h1(page), ADDRESS, 'the heading is the address, postcode written as 1234 AB');
    assert.equal(await notice(page).innerText(), 'De aanmelding is opgeslagen als nieuw huishouden.');
    const facts = page.locator('main dl.facts');
    assert.equal(await facts.locator('.status').innerText(), 'aanmelding');
    // A question about debts and housing goes to the social team, whoever is in the household.
    assert.match(await facts.innerText(), /Buurtteam Oost/);
    assert.doesNotMatch(await facts.innerText(), /Jeugd en Gezin/);
    assert.match(await page.locator('section.attention').innerText(), /Nog geen contactpersoon/);
    const members = page.locator('#leden tbody');
    assert.match(await members.innerText(), new RegExp(`${GIVEN} ${PREFIX} ${FAMILY}`));
    assert.match(await members.innerText(), /ouder of verzorger/);
    assert.match(await page.locator('#aanmeldingen').innerText(), /huisarts · financiën, wonen · hoog/);
    assert.match(await page.locator('#aanmeldingen').innerText(), new RegExp(QUESTION.replace(/[().]/g, '\\$&')));
    assert.deepEqual(await unlabelled(page, 'main'), [], 'every field on the household page has a label');
    await checkA11y(page, 'household-new');
  });

  it('makes Fatima Yilmaz the contact person, which makes the household active', async () => {
    const select = page.getByLabel('Contactpersoon', { exact: true });
    await select.selectOption({ label: WORKER_NAME });
    const res = await submit(page, page.getByRole('button', { name: 'Contactpersoon toewijzen' }));
    assert.equal(res.status(), 200);
    assert.equal(pathOf(page), householdPath);
    assert.equal(await notice(page).innerText(), 'De contactpersoon is toegewezen.');
    const facts = page.locator('main dl.facts');
    assert.equal(await facts.locator('.status').innerText(), 'actief');
    assert.match(await facts.innerText(), new RegExp(`Contactpersoon\\s+${WORKER_NAME}`));
    // Active now, so nobody-is-the-contact-person is gone; what remains is the money question nobody asked yet.
    const attention = await page.locator('section.attention li').allInnerTexts();
    assert.deepEqual(attention, ['Nog nooit naar geldzaken gevraagd. Doe het uitvragen van financiën.']);
    await screenshot(page, 'household-contact-person');
  });

  it('records a home visit, which appears in the timeline', async () => {
    const details = page.locator('details#contact');
    assert.equal(await details.getAttribute('open'), null, 'the form starts folded');
    await details.locator('summary').click();
    await details.getByLabel('Soort contact', { exact: true }).selectOption({ label: 'huisbezoek' });
    const date = details.getByLabel('Datum', { exact: true });
    const today = await date.getAttribute('max');
    assert.match(today, /^\d{4}-\d{2}-\d{2}$/, 'a date field that stops at today');
    assert.equal(await date.inputValue(), today, 'the date is today unless changed');
    await details.getByLabel('financiën', { exact: true }).check();
    await details.getByLabel('wonen', { exact: true }).check();
    await details.getByLabel('Over', { exact: true }).selectOption({ label: `${GIVEN} ${PREFIX} ${FAMILY}` });
    await details.getByLabel('Verslag', { exact: true }).fill(VISIT);
    const res = await submit(page, details.locator('button[type=submit]'));
    assert.equal(res.status(), 200);
    assert.equal(await notice(page).innerText(), 'Het contactmoment is vastgelegd.');
    const entry = page.locator('#tijdlijn ol.timeline li').filter({ hasText: VISIT });
    assert.equal(await entry.count(), 1);
    const meta = await entry.locator('.meta').innerText();
    for (const part of [today, 'huisbezoek', WORKER_NAME, `${GIVEN} ${PREFIX} ${FAMILY}`, 'financiën, wonen']) {
      assert.ok(meta.includes(part), `the timeline entry shows "${part}" (${meta})`);
    }
    await screenshot(page, 'household-timeline');
  });

  it('opens "Lid toevoegen" with the keyboard and refuses an invalid BSN in Dutch, keeping the name', async () => {
    const details = page.locator('details#lid');
    const summary = details.locator('summary');
    assert.equal(await summary.innerText(), 'Lid toevoegen');
    assert.equal(await details.getAttribute('open'), null);
    // The summary is the next stop after the members table's last "Wijzigen" link.
    await page.locator('#leden tbody tr').last().getByRole('link', { name: /wijzigen$/ }).focus();
    await page.keyboard.press('Tab');
    assert.equal(await summary.evaluate((el) => el === document.activeElement), true, 'Tab reaches the "Lid toevoegen" summary');
    await page.keyboard.press('Enter');
    assert.equal(await details.getAttribute('open'), '', 'Enter opens it');
    await screenshot(page, 'member-form-opened-by-keyboard');
    // And on into the form with the keyboard.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'lid-given_names', 'Tab goes on to the first field');
    await page.keyboard.type(CHILD);
    await details.getByLabel('Tussenvoegsel', { exact: true }).fill(PREFIX);
    await details.getByLabel('Achternaam', { exact: true }).fill(FAMILY);
    await details.getByLabel('Geboortedatum', { exact: true }).fill('2016-09-03');
    await details.getByLabel('Plaats in het huishouden', { exact: true }).selectOption({ label: 'kind' });
    await details.getByLabel('BSN', { exact: true }).fill('123456789');
    // Enter in a text field sends the form.
    const [res] = await Promise.all([page.waitForNavigation(), details.getByLabel('BSN', { exact: true }).press('Enter')]);
    assert.equal(res.status(), 422);
    const again = page.locator('details#lid');
    assert.equal(await again.getAttribute('open'), '', 'the form is open again after the error');
    assert.match(await fieldError(page, 'lid-bsn'), /^Dit is geen geldig BSN/);
    assert.equal(await again.getByLabel('Voornamen', { exact: true }).inputValue(), CHILD, 'the typed name is kept');
    assert.equal(await again.getByLabel('Tussenvoegsel', { exact: true }).inputValue(), PREFIX);
    assert.equal(await again.getByLabel('Achternaam', { exact: true }).inputValue(), FAMILY);
    assert.equal(await again.getByLabel('Geboortedatum', { exact: true }).inputValue(), '2016-09-03');
    assert.equal(await again.getByLabel('Plaats in het huishouden', { exact: true }).inputValue(), 'child');
    assert.equal(await again.getByLabel('BSN', { exact: true }).inputValue(), '123456789');
    assert.equal(await page.locator('main .field-error').count(), 1, 'only the BSN has a message');
    assert.equal(await page.locator('#leden tbody tr').count(), 1, 'nobody was added');
    await screenshot(page, 'member-invalid-bsn');
    await checkA11y(page, 'household-member-error');

    await again.getByLabel('BSN', { exact: true }).fill(BSN);
    const ok = await submit(page, again.locator('button[type=submit]'));
    assert.equal(ok.status(), 200);
    assert.equal(await notice(page).innerText(), 'Het lid is toegevoegd.');
    const row = page.locator('#leden tbody tr').filter({ hasText: `${CHILD} ${PREFIX} ${FAMILY}` });
    assert.equal(await row.count(), 1);
    assert.match(await row.innerText(), /kind/);
    assert.match(await row.innerText(), /bekend/, 'the BSN is known but not shown');
    assert.doesNotMatch(await page.locator('main').innerText(), new RegExp(BSN), 'the BSN itself is never on the page');
  });

  it('keeps what was typed when someone else changed the household in the meantime', async () => {
    // A second tab opens the household; the first tab then changes it (the version moves on).
    const other = await page.context().newPage();
    await other.goto(url(householdPath));
    await page.getByLabel('Contactpersoon', { exact: true }).selectOption({ label: WORKER_NAME });
    await submit(page, page.getByRole('button', { name: 'Contactpersoon toewijzen' }));
    assert.equal(await notice(page).innerText(), 'De contactpersoon is toegewezen.');
    // The stale tab adds a member: refused with a message, nothing typed is lost.
    const details = other.locator('details#lid');
    await details.locator('summary').click();
    await details.getByLabel('Voornamen', { exact: true }).fill('Sem');
    await details.getByLabel('Achternaam', { exact: true }).fill(FAMILY);
    await details.getByLabel('Plaats in het huishouden', { exact: true }).selectOption({ label: 'kind' });
    const res = await submit(other, details.locator('button[type=submit]'));
    assert.equal(res.status(), 422);
    const again = other.locator('details#lid');
    assert.equal(await again.getAttribute('open'), '');
    assert.match(await again.getByRole('alert').innerText(), /Iemand anders heeft dit huishouden intussen gewijzigd/);
    assert.equal(await again.getByLabel('Voornamen', { exact: true }).inputValue(), 'Sem');
    assert.equal(await again.getByLabel('Achternaam', { exact: true }).inputValue(), FAMILY);
    assert.equal(await other.locator('#leden tbody tr').filter({ hasText: 'Sem ' }).count(), 0, 'not added');
    await screenshot(other, 'member-conflict');
    // The page now carries the new version: sending again works.
    const ok = await submit(other, again.locator('button[type=submit]'));
    assert.equal(ok.status(), 200);
    assert.equal(await notice(other).innerText(), 'Het lid is toegevoegd.');
    assert.equal(await other.locator('#leden tbody tr').filter({ hasText: `Sem ${FAMILY}` }).count(), 1);
    await other.close();
  });

  it('finds the household by a misspelt family name without prefix or accent', async () => {
    await Promise.all([page.waitForURL(url('/zoeken')), nav(page).getByRole('link', { name: 'Zoeken', exact: true }).click()]);
    assert.equal(await h1(page), 'Zoeken');
    await page.getByLabel('Naam', { exact: true }).fill(MISSPELT);
    const res = await submit(page, page.getByRole('button', { name: 'Zoeken', exact: true }));
    assert.equal(res.status(), 200);
    assert.equal(await page.getByLabel('Naam', { exact: true }).inputValue(), MISSPELT, 'the search stays in the field');
    const results = page.getByRole('region', { name: 'Gevonden huishoudens' });
    const link = results.getByRole('link', { name: ADDRESS, exact: true });
    assert.equal(await link.count(), 1, `"${MISSPELT}" finds ${ADDRESS}`);
    assert.equal(await link.getAttribute('href'), householdPath);
    const row = results.locator('tbody tr').filter({ has: page.getByRole('link', { name: ADDRESS, exact: true }) });
    assert.match(await row.innerText(), new RegExp(`${GIVEN} ${PREFIX} ${FAMILY}`));
    assert.match(await row.innerText(), /actief/);
    await checkA11y(page, 'search-results');
  });

  it('finds it by BSN, and by postcode with house number', async () => {
    await page.goto(url(`/zoeken?bsn=${BSN}`));
    let results = page.getByRole('region', { name: 'Gevonden huishoudens' });
    assert.deepEqual(await results.getByRole('link').allInnerTexts(), [ADDRESS], 'the BSN finds exactly this household');
    await page.goto(url(`/zoeken?postcode=${encodeURIComponent('3512kx')}&house_number=${HOUSE_NUMBER}`));
    results = page.getByRole('region', { name: 'Gevonden huishoudens' });
    assert.ok((await results.getByRole('link').allInnerTexts()).includes(ADDRESS), 'postcode and house number find it');
    await screenshot(page, 'search-postcode');
  });

  it('lists the household on the caseload "Mijn huishoudens"', async () => {
    await Promise.all([page.waitForURL(url('/')), nav(page).getByRole('link', { name: 'Start', exact: true }).click()]);
    assert.equal(await h1(page), 'Mijn huishoudens');
    const caseload = page.getByRole('region', { name: 'Mijn huishoudens' });
    const link = caseload.getByRole('link', { name: ADDRESS, exact: true });
    assert.equal(await link.count(), 1);
    const row = caseload.locator('tbody tr').filter({ has: page.getByRole('link', { name: ADDRESS, exact: true }) });
    const text = await row.innerText();
    assert.ok(text.includes(`${GIVEN} ${PREFIX} ${FAMILY}`) && text.includes(`${CHILD} ${PREFIX} ${FAMILY}`), `both members listed: ${text}`);
    assert.match(text, /actief/);
    assert.match(text, new RegExp(WORKER_NAME));
    await checkA11y(page, 'caseload');
  });
});

describe('household file on a small screen (320 CSS pixels, WCAG 1.4.10 reflow)', () => {
  let browser;
  let page;

  before(async () => {
    browser = await launch();
    page = await newPage(browser, { width: 320, height: 640 });
    await login(page, WORKER);
  });

  after(async () => {
    await browser?.close();
  });

  it('shows the intake form without horizontal scrolling', async () => {
    await page.goto(url('/aanmelding'));
    await screenshot(page, 'intake-320px');
    const width = await documentWidth(page);
    assert.ok(width <= 320, `intake page is ${width}px wide at a 320px viewport`);
  });

  it('shows the household page without horizontal scrolling', async (t) => {
    if (!householdPath) {
      t.skip('the journey above made no household');
      return;
    }
    await page.goto(url(householdPath));
    assert.equal(await h1(page), ADDRESS);
    await screenshot(page, 'household-320px');
    const width = await documentWidth(page);
    assert.ok(width <= 320, `household page is ${width}px wide at a 320px viewport`);
  });

  it('shows search results without horizontal scrolling', async () => {
    await page.goto(url(`/zoeken?name=${encodeURIComponent(MISSPELT)}`));
    await screenshot(page, 'search-320px');
    const width = await documentWidth(page);
    assert.ok(width <= 320, `search page is ${width}px wide at a 320px viewport`);
  });
});
