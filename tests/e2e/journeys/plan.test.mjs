// The plan cycle of a contact worker (demo.worker) with a new household: assess the life domains,
// set a goal in the household's words (after a refused one), add an action, record that the
// household agrees, change the goal's status (a new version with what changed), download the PDF,
// and assess again to see the progress in words and in the chart.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { launch, newPage, url, checkA11y, screenshot, screenshotPrefix, login, registerIntake, documentWidth, submit, notice } from '../lib.mjs';

screenshotPrefix('plan');

const pick = (letters) => letters[randomInt(letters.length)];
const SUFFIX = Array.from({ length: 3 }, () => pick('bdfgklmnprt') + pick('aeiou')).join('');
const GIVEN = 'Sevda';
const FAMILY = `Aydın${SUFFIX}`;
const GOAL = `Weer rondkomen van mijn loon (${SUFFIX})`;
const ACTION = 'Samen een budgetplan maken';

const iso = (d) => d.toISOString().slice(0, 10);
const daysFromNow = (n) => iso(new Date(Date.now() + n * 86_400_000));

describe('plan cycle: assess, plan, agree, PDF, assess again', () => {
  let browser;
  let page;
  let home = '';

  before(async () => {
    browser = await launch();
    page = await newPage(browser);
    await login(page, 'demo.worker');
    const res = await registerIntake(page, {
      given: GIVEN,
      family: FAMILY,
      born: '1984-05-06',
      street: 'Plantsoen',
      number: String(100 + randomInt(900)),
      postcode: '3521 AZ',
      city: 'Voorbeeldstad',
      question: `Ik heb beslag op mijn loon en houd niets over (${SUFFIX}).`,
    });
    assert.equal(res.status, 200);
    home = res.path;
  });

  after(async () => {
    await browser?.close();
  });

  async function assess(finances, housing) {
    await page.goto(url(`${home}/leefgebieden/nieuw`));
    await page.getByLabel('Wie deden mee?', { exact: true }).fill(`${GIVEN} en Fatima`);
    await page.locator(`#meting-score_finances-${finances}`).check();
    await page.locator('#domein-finances').getByLabel('Waarom deze score? (kort)').fill('Beslag op het loon');
    await page.locator(`#meting-score_housing-${housing}`).check();
    await page.getByLabel('Wat is voor jullie het belangrijkst?', { exact: true }).fill('Dat de huur betaald blijft.');
    return submit(page, page.getByRole('button', { name: 'Meting opslaan' }));
  }

  it('assesses the life domains; the form explains the scale and refuses an empty assessment', async () => {
    await page.goto(url(home));
    await Promise.all([page.waitForNavigation(), page.getByRole('navigation', { name: 'Onderdelen van het dossier' }).getByRole('link', { name: 'Leefgebieden' }).click()]);
    assert.match(await page.locator('main').innerText(), /Er is nog geen meting/);
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Nieuwe meting' }).click()]);
    await checkA11y(page, 'assessment-form');
    await page.getByLabel('Wie deden mee?', { exact: true }).fill(`${GIVEN} en Fatima`);
    const empty = await submit(page, page.getByRole('button', { name: 'Meting opslaan' }));
    assert.equal(empty.status(), 422);
    assert.match(await page.getByRole('alert').last().innerText(), /Geef minstens één leefgebied een score/);
    assert.equal(await page.getByLabel('Wie deden mee?', { exact: true }).inputValue(), `${GIVEN} en Fatima`, 'the input is kept');
    const res = await assess(1, 3);
    assert.equal(res.status(), 200);
    assert.equal(await notice(page).innerText(), 'De meting is opgeslagen.');
    const chart = page.locator('svg[role=img]').first();
    assert.ok(await chart.count(), 'a chart is drawn');
    assert.match(await chart.locator('desc').textContent(), /Financiën/i, 'the chart has a text alternative');
    await checkA11y(page, 'assessments');
  });

  it('refuses a goal without owner and with a date in the past, then adds it in the household\'s words', async () => {
    await page.goto(url(`${home}/plan`));
    assert.match(await page.locator('main').innerText(), /Er is nog geen plan/);
    const details = page.locator('details#doel');
    await details.locator('summary').click();
    await details.getByLabel('Leefgebied', { exact: true }).selectOption({ label: 'financiën' });
    await details.getByLabel('Het doel, in de woorden van het huishouden', { exact: true }).fill(GOAL);
    await details.getByLabel('Wanneer is het doel bereikt?', { exact: true }).fill('Drie maanden geen nieuwe achterstand');
    await details.getByLabel('Klaar op', { exact: true }).fill('2020-01-01');
    const refused = await submit(page, details.getByRole('button', { name: 'Doel toevoegen' }));
    assert.equal(refused.status(), 422);
    assert.match(await page.locator('#doel-owner_member_id-error').innerText(), /Kies iemand uit het huishouden/);
    assert.match(await page.locator('#doel-due_on-error').innerText(), /in het verleden/);
    const again = page.locator('details#doel');
    assert.equal(await again.getByLabel('Het doel, in de woorden van het huishouden', { exact: true }).inputValue(), GOAL);
    await checkA11y(page, 'plan-goal-error');
    await again.getByLabel('Van wie is het doel?', { exact: true }).selectOption({ label: `${GIVEN} ${FAMILY}` });
    await again.getByLabel('Klaar op', { exact: true }).fill(daysFromNow(120));
    const ok = await submit(page, again.getByRole('button', { name: 'Doel toevoegen' }));
    assert.equal(ok.status(), 200);
    assert.equal(await notice(page).innerText(), 'Het doel is toegevoegd.');
    assert.equal(await page.getByRole('heading', { name: GOAL }).count(), 1);
  });

  it('adds an action and records that the household agrees (version 1)', async () => {
    const details = page.locator('details#actie');
    await details.locator('summary').click();
    await details.getByLabel('Voor welk doel?', { exact: true }).selectOption({ label: GOAL });
    await details.getByLabel('Wie doet het?', { exact: true }).selectOption({ label: 'de contactpersoon' });
    await details.getByLabel('Naam (van de persoon of organisatie)', { exact: true }).fill('Fatima Yilmaz');
    await details.getByLabel('Wat', { exact: true }).fill(ACTION);
    await details.getByLabel('Klaar op', { exact: true }).fill(daysFromNow(14));
    assert.equal((await submit(page, details.getByRole('button', { name: 'Actie toevoegen' }))).status(), 200);
    assert.equal(await page.getByRole('cell', { name: ACTION }).count(), 1);
    const agree = page.locator('form#akkoord');
    await agree.getByLabel('Wie is akkoord?', { exact: true }).selectOption({ label: `${GIVEN} ${FAMILY}` });
    await agree.getByLabel('Hoe?', { exact: true }).selectOption({ label: 'in een gesprek' });
    assert.equal((await submit(page, agree.getByRole('button', { name: 'Akkoord vastleggen' }))).status(), 200);
    assert.match(await page.locator('.plan-state').innerText(), new RegExp(`Versie 1 — afgesproken op .* met ${GIVEN} ${FAMILY} \\(in een gesprek\\)`));
    await screenshot(page, 'plan-agreed');
    await checkA11y(page, 'plan-agreed');
  });

  it('a status change after agreement becomes version 2, with what changed in words', async () => {
    const details = page.locator('details#status');
    await details.locator('summary').click();
    await details.getByLabel('Van welk doel of welke actie?', { exact: true }).selectOption({ index: 0 });
    await details.getByLabel('Nieuwe status', { exact: true }).selectOption({ label: 'bezig' });
    assert.equal((await submit(page, details.getByRole('button', { name: 'Status wijzigen' }))).status(), 200);
    assert.match(await page.locator('.plan-state').innerText(), /Versie 2 — concept/);
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: /^Versie 2/ }).click()]);
    assert.match(await page.locator('ul.diff').innerText(), /status was "nog niet begonnen", is nu "bezig"/);
    await checkA11y(page, 'plan-version-diff');
  });

  it('downloads the plan as a PDF', async () => {
    await page.goto(url(`${home}/plan`));
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Plan downloaden als PDF/ }).click()]);
    assert.match(download.suggestedFilename(), /^plan-versie-2\.pdf$/);
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    const bytes = readFileSync(path);
    assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.ok(bytes.toString('latin1').includes('Weer rondkomen van mijn loon'), 'the goal is in the PDF as text');
  });

  it('a second assessment shows the progress in words', async () => {
    const res = await assess(3, 3);
    assert.equal(res.status(), 200);
    const table = page.getByRole('region', { name: /Vergelijking per leefgebied/ });
    const finances = table.getByRole('row', { name: /Financiën/ });
    assert.match(await finances.innerText(), /1\s+1\s+3\s+▲ beter|1\s+1\s+3.*beter/);
    assert.match(await table.getByRole('row', { name: /Wonen/ }).innerText(), /gelijk/);
    await checkA11y(page, 'assessments-compared');
  });
});

describe('assessments and plan on a small screen (320 CSS pixels, WCAG 1.4.10 reflow)', () => {
  let browser;
  let page;

  before(async () => {
    browser = await launch();
    page = await newPage(browser, { width: 320, height: 640 });
    await login(page, 'demo.worker');
  });

  after(async () => {
    await browser?.close();
  });

  it('shows a demo household\'s life domains, plan and an earlier version without horizontal scrolling', async () => {
    // Ruud van der Linden (demo): assessed twice, a plan in two versions.
    await page.goto(url('/zoeken?name=Ruud%20van%20der%20Linden'));
    const link = page.getByRole('region', { name: 'Gevonden huishoudens' }).getByRole('link').first();
    await Promise.all([page.waitForNavigation(), link.click()]);
    const home = new URL(page.url()).pathname;
    for (const path of [`${home}/leefgebieden`, `${home}/leefgebieden/nieuw`, `${home}/plan`, `${home}/plan/versies/1`]) {
      await page.goto(url(path));
      const width = await documentWidth(page);
      await screenshot(page, `320px-${path.split('/').slice(3).join('-')}`);
      assert.ok(width <= 320, `${path} is ${width}px wide at a 320px viewport`);
    }
  });
});
