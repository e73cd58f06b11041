// Maatwerk from worker to MDT to plan: a contact worker (demo.worker) writes an exception request for
// a new household, calculates what it saves from an example and saves that with the request, is
// told that consent alone is no ground for Work & Income, and shares it on a legal task with the
// household's consent; the MDT member of Work & Income (demo.mdt) reads the summary and approves
// with a condition; the worker puts the outcome and the condition into the plan. axe clean.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { launch, newPage, url, checkA11y, screenshot, screenshotPrefix, login, registerIntake, documentWidth, submit, notice } from '../lib.mjs';

screenshotPrefix('maatwerk');

const pick = (letters) => letters[randomInt(letters.length)];
const SUFFIX = Array.from({ length: 3 }, () => pick('bdfgklmnprt') + pick('aeiou')).join('');
const GIVEN = 'Henk';
const FAMILY = `Bosman${SUFFIX}`;
const PROPOSAL = `Schuldhulp met behoud van de bus (${SUFFIX})`;
const CONDITION = 'Huur via automatische incasso';

const iso = (d) => d.toISOString().slice(0, 10);
const daysFromNow = (n) => iso(new Date(Date.now() + n * 86_400_000));

describe('maatwerk: worker → MDT → plan', () => {
  let browser;
  let worker;
  let mdt;
  let home = '';
  let request = '';

  before(async () => {
    browser = await launch();
    worker = await newPage(browser);
    await login(worker, 'demo.worker');
    const res = await registerIntake(worker, {
      given: GIVEN,
      family: FAMILY,
      born: '1969-02-03',
      street: 'Havenkade',
      number: String(100 + randomInt(900)),
      postcode: '3521 AZ',
      city: 'Voorbeeldstad',
      question: `Ik moet mijn bus verkopen voor de schuldhulp, maar ik werk ermee (${SUFFIX}).`,
    });
    assert.equal(res.status, 200);
    home = res.path;
    mdt = await newPage(browser);
    await login(mdt, 'demo.mdt');
  });

  after(async () => {
    await browser?.close();
  });

  it('the worker writes the request and calculates what it saves', async () => {
    await worker.goto(url(`${home}/maatwerk`));
    await worker.getByLabel('De situatie van het huishouden', { exact: false }).fill('Henk is zelfstandig schilder en heeft schulden. Zonder zijn bus kan hij niet werken.');
    await worker.getByLabel('Wet', { exact: true }).selectOption({ label: 'Wet gemeentelijke schuldhulpverlening' });
    await worker.getByLabel('Welke regel of welk artikel, in eigen woorden').fill('Toelating: eerst de bus verkopen');
    await worker.getByLabel('Welke organisatie past de regel toe').fill('Schuldhulpverlening Voorbeeldstad');
    await worker.getByLabel('Het voorstel: welke oplossing op maat').fill(PROPOSAL);
    await worker.getByLabel('Legitimiteit: op welke wettelijke grond mag het').fill('Wgs art. 3: integrale schuldhulp');
    await worker.getByLabel('Legitimiteit: welke beleidsruimte of hardheidsclausule gebruik je').fill('De bus is nodig om inkomen te verdienen');
    await worker.getByLabel('Betrokkenheid: wat doet het huishouden zelf').fill('Henk laat zijn budget beheren');
    const created = await submit(worker, worker.getByRole('button', { name: 'Verzoek aanmaken' }));
    assert.equal(created.status(), 200);
    request = new URL(worker.url()).pathname;
    assert.match(await notice(worker).innerText(), /aangemaakt als concept/);
    assert.match(await worker.locator('main').innerText(), /Nog niet alle kanten kloppen/);
    await checkA11y(worker, 'request-concept');

    await submit(worker, worker.getByRole('link', { name: 'Kosten en baten berekenen' }));
    await submit(worker, worker.getByRole('link', { name: 'Schulden zonder schuldhulp' }));
    for (const side of ['without', 'with']) {
      for (let i = 0; ; i++) {
        const label = worker.locator(`#${side}_${i}_label`);
        if ((await label.count()) === 0) break;
        const code = await worker.locator(`#${side}_${i}_code`).inputValue();
        if (!code && (await label.inputValue())) {
          await worker.locator(`#${side}_${i}_amount`).fill('1500');
          await worker.locator(`#${side}_${i}_unit`).selectOption('once');
          await worker.locator(`#${side}_${i}_stakeholder`).selectOption('gemeente_wgs');
        }
      }
    }
    const saved = await submit(worker, worker.getByRole('button', { name: 'Berekening bewaren bij het verzoek' }));
    assert.equal(saved.status(), 200);
    assert.match(await notice(worker).innerText(), /berekening is bewaard/);
    assert.match(await worker.locator('main').innerText(), /Alle drie de kanten kloppen/);
    assert.equal(await worker.locator('figure.chart svg[role=img]').count(), 1, 'the chart per party');
    await checkA11y(worker, 'request-with-analysis');
  });

  it('sharing names the ground per party; then the MDT approves with a condition', async () => {
    await worker.locator('#delen > summary').click();
    const wi = worker.getByRole('group', { name: 'Werk en Inkomen Voorbeeldstad' });
    await wi.getByLabel('Delen met Werk en Inkomen Voorbeeldstad').check();
    await wi.getByLabel('Soort partij').selectOption({ label: 'Werk en Inkomen' });
    await wi.getByLabel('Grondslag om te delen').selectOption({ label: 'Toestemming (AVG art. 6 lid 1a)' });
    await wi.getByLabel('Toestemming gegeven door').selectOption({ label: `${GIVEN} ${FAMILY}` });
    const refused = await submit(worker, worker.getByRole('button', { name: 'Verzoek delen' }));
    assert.equal(refused.status(), 422);
    const basisError = worker.getByRole('group', { name: 'Werk en Inkomen Voorbeeldstad' }).locator('.field-error');
    assert.match(await basisError.innerText(), /Alleen toestemming is geen grondslag/);
    await checkA11y(worker, 'share-refused');
    const group = worker.getByRole('group', { name: 'Werk en Inkomen Voorbeeldstad' });
    await group.getByLabel('Grondslag om te delen').selectOption({ label: 'Wettelijke taak (AVG art. 6 lid 1e)' });
    const shared = await submit(worker, worker.getByRole('button', { name: 'Verzoek delen' }));
    assert.equal(shared.status(), 200);
    assert.match(await notice(worker).innerText(), /gedeeld met het MDT/);

    await mdt.goto(url('/'));
    await submit(mdt, mdt.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Verzoeken MDT' }));
    await checkA11y(mdt, 'mdt-list');
    await submit(mdt, mdt.getByRole('link', { name: PROPOSAL }));
    const text = await mdt.locator('main').innerText();
    assert.match(text, /Wettelijke taak/);
    assert.match(text, /Wie betaalt, wie profiteert/);
    await checkA11y(mdt, 'mdt-request');
    await mdt.getByLabel('Besluit', { exact: true }).selectOption({ label: 'Goedgekeurd met voorwaarden' });
    const empty = await submit(mdt, mdt.getByRole('button', { name: 'Besluit vastleggen' }));
    assert.equal(empty.status(), 422);
    assert.match(await mdt.locator('#besluit-text-error').innerText(), /Schrijf de voorwaarden op/);
    await mdt.getByLabel('Voorwaarden (bij goedkeuren met voorwaarden) of de reden (bij afwijzen)').fill(CONDITION);
    const decided = await submit(mdt, mdt.getByRole('button', { name: 'Besluit vastleggen' }));
    assert.equal(decided.status(), 200);
    assert.match(await notice(mdt).innerText(), /besluit is vastgelegd/);
    await screenshot(mdt, 'mdt-decided');
  });

  it('the worker puts the outcome and the condition into the plan', async () => {
    await worker.goto(url(`${home}/plan`));
    await worker.locator('#doel > summary').click();
    const goalForm = worker.locator('#doel form');
    await goalForm.getByLabel('Leefgebied').selectOption({ label: 'financiën' });
    await goalForm.getByLabel('Van wie is het doel?').selectOption({ label: `${GIVEN} ${FAMILY}` });
    await goalForm.getByLabel('Het doel, in de woorden van het huishouden').fill('Van de schulden af en blijven werken');
    await goalForm.getByLabel('Wanneer is het doel bereikt?').fill('De schuldregeling loopt en de bus blijft');
    await goalForm.getByLabel('Klaar op').fill(daysFromNow(180));
    assert.equal((await submit(worker, goalForm.getByRole('button', { name: 'Doel toevoegen' }))).status(), 200);

    await worker.goto(url(request));
    assert.match(await worker.locator('main').innerText(), /goedgekeurd/);
    const into = worker.locator('#plan form');
    await into.getByLabel('Bij welk doel').selectOption({ label: 'Van de schulden af en blijven werken' });
    await into.getByLabel('Klaar op').fill(daysFromNow(60));
    const done = await submit(worker, into.getByRole('button', { name: 'In het plan zetten' }));
    assert.equal(done.status(), 200);
    assert.match(await notice(worker).innerText(), /afspraken staan in het plan/);
    await worker.goto(url(`${home}/plan`));
    const plan = await worker.locator('main').innerText();
    assert.match(plan, new RegExp(`Maatwerk uitvoeren: ${PROPOSAL.replace(/[()]/g, '\\$&')}`));
    assert.match(plan, /Voorwaarde van het MDT: Huur via automatische incasso/);
    await checkA11y(worker, 'plan-with-maatwerk');
  });

  it('the request and the MDT summary reflow at 320 px', async () => {
    for (const [who, path] of [['demo.worker', request], ['demo.mdt', null]]) {
      const narrow = await newPage(browser, { width: 320, height: 800 });
      await login(narrow, who);
      if (path) {
        await narrow.goto(url(path));
      } else {
        await narrow.goto(url('/mdt'));
        await submit(narrow, narrow.getByRole('link', { name: PROPOSAL }));
      }
      const w = await documentWidth(narrow);
      assert.ok(w <= 320, `${who}: the page is ${w}px wide at a 320px viewport`);
      await checkA11y(narrow, `narrow-${who}`);
      await narrow.context().close();
    }
  });
});
