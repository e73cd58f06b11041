// The household file beyond one worker: an intake from outside every team area waits in triage until
// the team lead (demo.teamlead) gives it a team; a worker of another team (demo.jeugd) is refused
// and breaks the glass with a reason; the contact worker edits a member and records a move.
//
// The journey makes its own household (unique name and address), so it does not depend on the demo
// households and leaves the other journeys' data alone.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { launch, newPage, url, checkA11y, screenshot, screenshotPrefix, login, registerIntake, submit, notice } from '../lib.mjs';

screenshotPrefix('team');

const pick = (letters) => letters[randomInt(letters.length)];
const SUFFIX = Array.from({ length: 3 }, () => pick('bdfgklmnprt') + pick('aeiou')).join('');
const FAMILY = `Brouwer${SUFFIX}`;
const GIVEN = 'Ilse';
const STREET = 'Zuiderdiep';
const NUMBER = String(100 + randomInt(900));
/** Groningen: outside both demo teams' area (3500–3549). */
const POSTCODE = '9711 AA';
const CITY = 'Groningen';
const ADDRESS = `${STREET} ${NUMBER}, ${POSTCODE} ${CITY}`;
const MOVED = `Oosterkade ${NUMBER}, 3512 KX Voorbeeldstad`;
const REASON = 'Politie belt: kind alleen thuis, contactpersoon onbereikbaar.';


let householdPath = '';

describe('triage, break the glass, edit a member and a move', () => {
  let browser;

  before(async () => {
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
  });

  it('an intake outside every team area goes to triage, not lost', async () => {
    const page = await newPage(browser);
    await login(page, 'demo.worker');
    const res = await registerIntake(page, {
      given: GIVEN,
      family: FAMILY,
      born: '1979-11-02',
      street: STREET,
      number: NUMBER,
      postcode: POSTCODE,
      city: CITY,
      question: `Ik kan de energierekening niet betalen (${SUFFIX}).`,
    });
    assert.equal(res.status, 200);
    assert.match(await notice(page).innerText(), /Geen team werkt op deze postcode: de teamleiders zien haar in de triage/);
    await page.close();
  });

  it('the team lead finds it in triage and gives it the social team', async () => {
    const page = await newPage(browser);
    await login(page, 'demo.teamlead');
    await Promise.all([page.waitForURL(url('/triage')), page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Triage' }).click()]);
    const link = page.getByRole('link', { name: ADDRESS, exact: true });
    assert.equal(await link.count(), 1, `${ADDRESS} waits in triage`);
    await checkA11y(page, 'triage');
    await Promise.all([page.waitForNavigation(), link.click()]);
    householdPath = new URL(page.url()).pathname;
    const form = page.locator('form#team');
    await form.getByLabel('Team', { exact: true }).selectOption({ label: 'Buurtteam Oost' });
    const res = await submit(page, form.getByRole('button', { name: 'Teams opslaan' }));
    assert.equal(res.status(), 200);
    assert.equal(await notice(page).innerText(), 'De teams zijn opgeslagen.');
    await page.goto(url('/triage'));
    assert.equal(await page.getByRole('link', { name: ADDRESS, exact: true }).count(), 0, 'no longer waiting');
    await page.close();
  });

  it("a worker of another team is refused and breaks the glass only with a reason", async () => {
    const page = await newPage(browser);
    await login(page, 'demo.jeugd');
    const refused = await page.goto(url(householdPath));
    assert.equal(refused.status(), 403);
    assert.match(await page.locator('main').innerText(), /Dit huishouden hoort niet bij je team/);
    assert.doesNotMatch(await page.locator('main').innerText(), new RegExp(FAMILY), 'no name of the household is shown');
    await checkA11y(page, 'break-glass');
    await page.getByLabel('Waarom heb je nu toegang nodig?', { exact: true }).fill('nodig');
    const short = await submit(page, page.getByRole('button', { name: 'Noodtoegang gebruiken' }));
    assert.equal(short.status(), 422);
    assert.match(await page.locator('#bg-reason-error').innerText(), /minstens 20 tekens/);
    assert.equal(await page.getByLabel('Waarom heb je nu toegang nodig?', { exact: true }).inputValue(), 'nodig', 'the reason is kept');
    await page.getByLabel('Waarom heb je nu toegang nodig?', { exact: true }).fill(REASON);
    const ok = await submit(page, page.getByRole('button', { name: 'Noodtoegang gebruiken' }));
    assert.equal(ok.status(), 200);
    const main = await page.locator('main').innerText();
    assert.match(main, new RegExp(`${GIVEN} ${FAMILY}`), 'the file is open');
    assert.ok(main.includes(REASON), 'the page says this is emergency access, and why');
    await screenshot(page, 'break-glass-open');
    await page.close();
  });

  it('the social team worker edits the member and records the move', async () => {
    const page = await newPage(browser);
    await login(page, 'demo.worker');
    await page.goto(url(householdPath));
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: `Gegevens van ${GIVEN} ${FAMILY} wijzigen` }).click()]);
    assert.equal(await page.locator('h1').innerText(), `Gegevens van ${GIVEN} ${FAMILY} wijzigen`);
    assert.equal(await page.getByLabel('Voornamen', { exact: true }).inputValue(), GIVEN, 'the form shows what is stored');
    await checkA11y(page, 'member-edit');
    await page.getByLabel('Geboortedatum', { exact: true }).fill('2999-01-01');
    const bad = await submit(page, page.getByRole('button', { name: 'Wijzigingen opslaan' }));
    assert.equal(bad.status(), 422);
    assert.ok((await page.locator('#lidwijzig-date_of_birth-error').innerText()).length > 0, 'the date of birth has a message');
    await page.getByLabel('Geboortedatum', { exact: true }).fill('1979-11-12');
    await page.getByLabel('Tolk nodig', { exact: true }).check();
    await page.getByLabel('Taal van de tolk', { exact: true }).fill('Pools');
    const ok = await submit(page, page.getByRole('button', { name: 'Wijzigingen opslaan' }));
    assert.equal(ok.status(), 200);
    assert.equal(await notice(page).innerText(), 'De gegevens van het lid zijn opgeslagen.');
    const row = page.locator('#leden tbody tr').filter({ hasText: `${GIVEN} ${FAMILY}` });
    assert.match(await row.innerText(), /12-11-1979|1979-11-12/);
    assert.match(await row.innerText(), /Pools/);

    const details = page.locator('details#adres');
    await details.locator('summary').click();
    assert.equal(await details.getByLabel('Straat', { exact: true }).inputValue(), STREET, 'the current address is filled in');
    await details.getByLabel('Straat', { exact: true }).fill('Oosterkade');
    await details.getByLabel('Postcode', { exact: true }).fill('3512 kx');
    await details.getByLabel('Plaats', { exact: true }).fill('Voorbeeldstad');
    const moved = await submit(page, details.getByRole('button', { name: 'Adres wijzigen' }));
    assert.equal(moved.status(), 200);
    assert.match(await notice(page).innerText(), /Het nieuwe adres is opgeslagen/);
    assert.ok((await page.locator('main').innerText()).includes(`${ADDRESS} → ${MOVED}`), 'the old address is in the timeline');
    await screenshot(page, 'moved');
    await checkA11y(page, 'household-after-move');
    await page.close();
  });
});
