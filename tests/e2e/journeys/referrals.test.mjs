// Closed-loop referral from a financial screening: a worker (demo.worker) asks a new household about
// money; three months of rent arrears make Eenplan suggest debt counselling and contact with the
// landlord; the worker dismisses one with a reason and accepts the other into a referral, which is
// refused until the consent and basis are chosen, then sent; the debt counsellor (demo.geldzorg)
// finds it in the inbox, sees only what was shared, accepts and completes it; the worker sees the
// outcome on the household page. axe clean; the pages reflow at 320 px.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { launch, newPage, url, checkA11y, screenshotPrefix, login, registerIntake, documentWidth, submit, notice, mainText } from '../lib.mjs';

screenshotPrefix('referrals');

const pick = (letters) => letters[randomInt(letters.length)];
const SUFFIX = Array.from({ length: 3 }, () => pick('bdfgklmnprt') + pick('aeiou')).join('');
const GIVEN = 'Jolanda';
const FAMILY = `Meijer${SUFFIX}`;
const OUTCOME = `Betalingsregeling met de verhuurder (${SUFFIX})`;


describe('referrals: screening → suggestion → referral → partner → outcome', () => {
  let browser;
  let worker;
  let partner;
  let home = '';
  let referral = '';

  before(async () => {
    browser = await launch();
    worker = await newPage(browser);
    await login(worker, 'demo.worker');
    const res = await registerIntake(worker, {
      given: GIVEN,
      family: FAMILY,
      born: '1984-06-12',
      street: 'Lijnbaan',
      number: String(100 + randomInt(900)),
      postcode: '3512 AB',
      city: 'Voorbeeldstad',
      question: `Ik kan de huur niet meer betalen (${SUFFIX}).`,
    });
    assert.equal(res.status, 200);
    home = res.path;
    partner = await newPage(browser);
    await login(partner, 'demo.geldzorg');
  });

  after(async () => {
    await browser?.close();
  });

  it('the demo shows an unanswered referral and a missing screening as alerts', async () => {
    await worker.goto(url('/'));
    const text = await mainText(worker);
    assert.match(text, /Een verwijzing is niet op tijd beantwoord/);
    assert.match(text, /Nog nooit naar geldzaken gevraagd/);
  });

  it('the screening suggests debt counselling, with the reason', async () => {
    await worker.goto(url(home));
    await submit(worker, worker.getByRole('navigation', { name: 'Onderdelen van het dossier' }).getByRole('link', { name: 'Financiën' }));
    await checkA11y(worker, 'screening-form');
    const f = (code) => worker.locator(`#uitvragen-${code}`);
    const yesNo = (code, yes) => worker.locator(`#uitvragen-${code}-${yes ? 'ja' : 'nee'}`).check();
    await f('income_source').selectOption('work');
    await yesNo('income_stable', false);
    await f('short_months').fill('2');
    await yesNo('application_pending', false);
    await yesNo('allowance_repayment', false);
    await yesNo('tax_question', false);
    await f('rent_arrears_months').fill('40');
    await yesNo('energy_arrears', false);
    await yesNo('water_arrears', false);
    await f('health_insurance_arrears_months').fill('0');
    await yesNo('tax_or_fine_arrears', false);
    await f('collection_stage').selectOption('reminders');
    await yesNo('keeps_overview', true);
    await f('money_help').selectOption('none');
    const bad = await submit(worker, worker.getByRole('button', { name: 'Opslaan en voorstellen bekijken' }));
    assert.equal(bad.status(), 422);
    assert.match(await worker.locator('#uitvragen-rent_arrears_months-error').innerText(), /Vul een getal in van 0 tot en met 36/);
    assert.equal(await f('money_help').inputValue(), 'none', 'the other answers are kept');
    await f('rent_arrears_months').fill('3');
    const saved = await submit(worker, worker.getByRole('button', { name: 'Opslaan en voorstellen bekijken' }));
    assert.equal(saved.status(), 200);
    const text = await mainText(worker);
    assert.match(text, /schuldhulpverlening/);
    assert.match(text, /contact met de verhuurder/);
    assert.match(text, /Twee maanden of meer huurachterstand/);
    assert.match(text, /budgetbeheer/, 'irregular income with arrears');
    await checkA11y(worker, 'screening-suggestions');
  });

  it('one suggestion is dismissed with a reason, the other becomes a referral', async () => {
    const landlord = worker.getByRole('article', { name: 'contact met de verhuurder' });
    const refused = await submit(worker, landlord.getByRole('button', { name: 'Niet overnemen' }));
    assert.equal(refused.status(), 422);
    assert.match(await mainText(worker), /Schrijf op waarom je dit voorstel niet overneemt/);
    await worker.getByRole('article', { name: 'contact met de verhuurder' }).getByLabel('Waarom niet overnemen?').fill('Jolanda belt de verhuurder zelf');
    const dismissed = await submit(worker, worker.getByRole('article', { name: 'contact met de verhuurder' }).getByRole('button', { name: 'Niet overnemen' }));
    assert.equal(dismissed.status(), 200);
    assert.match(await notice(worker).innerText(), /niet overgenomen/);

    const debt = worker.getByRole('article', { name: 'schuldhulpverlening' });
    await debt.getByLabel('Verwijzen naar').selectOption({ label: 'Schuldhulpverlening' });
    const made = await submit(worker, debt.getByRole('button', { name: 'Overnemen: verwijzing maken' }));
    assert.equal(made.status(), 200);
    referral = new URL(worker.url()).pathname;
    assert.match(await notice(worker).innerText(), /opgeslagen als concept/);

    // Not ready: the basis and the consent are missing.
    const notReady = await submit(worker, worker.getByRole('button', { name: 'Versturen' }));
    assert.equal(notReady.status(), 422);
    assert.match(await mainText(worker), /Kies wie van het huishouden toestemming gaf/);
    await checkA11y(worker, 'referral-not-ready');
    const form = worker.locator('form#verwijzing');
    await form.getByLabel('Waarom deze verwijzing').fill('Jolanda heeft drie maanden huurachterstand. Ze wil samen een regeling maken, zodat ze in haar huis kan blijven.');
    await form.getByLabel('Samenvatting geldzaken (uitvragen financiën)').check();
    await form.getByLabel('Grondslag om te delen').selectOption({ label: 'Toestemming (AVG art. 6 lid 1a)' });
    await form.getByLabel('Toestemming gegeven door').selectOption({ label: `${GIVEN} ${FAMILY}` });
    await form.getByLabel('Samen een eerste afspraak maken (warme overdracht)').check();
    assert.equal((await submit(worker, form.getByRole('button', { name: 'Wijzigingen opslaan' }))).status(), 200);
    const sent = await submit(worker, worker.getByRole('button', { name: 'Versturen' }));
    assert.equal(sent.status(), 200);
    assert.match(await notice(worker).innerText(), /verstuurd/);
    assert.match(await mainText(worker), /Antwoord uiterlijk/);
    await checkA11y(worker, 'referral-sent');
  });

  it('the debt counsellor accepts and completes it with the outcome', async () => {
    const id = referral.split('/').pop();
    await partner.goto(url('/'));
    await submit(partner, partner.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Verwijzingen' }));
    assert.equal(await partner.locator(`a[href="/partner/verwijzingen/${id}"]`).count(), 1, 'in the inbox');
    await checkA11y(partner, 'partner-inbox');
    await submit(partner, partner.locator(`a[href="/partner/verwijzingen/${id}"]`));
    const text = await mainText(partner);
    assert.match(text, /drie maanden huurachterstand/);
    assert.match(text, new RegExp(FAMILY));
    assert.match(text, /Hoeveel maanden huur/, 'the finances summary was shared');
    assert.doesNotMatch(text, /Samenstelling van het huishouden/, 'what was not chosen is not shown');
    await checkA11y(partner, 'partner-referral');
    await partner.getByLabel('Accepteren').check();
    const accepted = await submit(partner, partner.getByRole('button', { name: 'Antwoord versturen' }));
    assert.equal(accepted.status(), 200);
    assert.match(await notice(partner).innerText(), /antwoord is verstuurd/);
    await partner.getByLabel('Afronden').check();
    const noOutcome = await submit(partner, partner.getByRole('button', { name: 'Antwoord versturen' }));
    assert.equal(noOutcome.status(), 422);
    assert.match(await mainText(partner), /Kies of de hulp gelukt is/);
    await partner.getByLabel('Afronden').check();
    await partner.getByLabel('Gelukt', { exact: true }).check();
    await partner.getByLabel('Toelichting', { exact: false }).fill(OUTCOME);
    const completed = await submit(partner, partner.getByRole('button', { name: 'Antwoord versturen' }));
    assert.equal(completed.status(), 200);
    assert.match(await mainText(partner), /afgerond/);
  });

  it('the worker sees the outcome on the household page', async () => {
    await worker.goto(url(home));
    const text = await mainText(worker);
    assert.match(text, /afgerond/);
    assert.match(text, new RegExp(`Gelukt: ${OUTCOME.replace(/[()]/g, '\\$&')}`));
    assert.match(text, /Schuldhulpverlening/, 'the counsellor was an involved professional during the referral');
    await checkA11y(worker, 'household-with-outcome');
  });

  it('the screening, the referral and the inbox reflow at 320 px', async () => {
    for (const [who, path] of [
      ['demo.worker', `${home}/financien`],
      ['demo.worker', referral],
      ['demo.geldzorg', `/partner/verwijzingen/${referral.split('/').pop()}`],
    ]) {
      const narrow = await newPage(browser, { width: 320, height: 800 });
      await login(narrow, who);
      await narrow.goto(url(path));
      const w = await documentWidth(narrow);
      assert.ok(w <= 320, `${who} ${path}: the page is ${w}px wide at a 320px viewport`);
      await checkA11y(narrow, `narrow-${who}-${path.split('/')[3] || 'partner'}`);
      await narrow.context().close();
    }
  });
});
