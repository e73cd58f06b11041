// Early signals from queue to household: the demo's housing corporation and energy supplier reported
// rent and electricity arrears for the same address (one urgent melding); a worker (demo.worker)
// finds it in the queue, picks it up, records a phone call that did not reach anyone, is told that
// one call is not enough to give up, visits, and closes it with help accepted — which makes the
// household with the signals on its timeline. axe clean; the queue and the melding reflow at 320 px.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, url, checkA11y, screenshotPrefix, login, documentWidth, submit, notice, mainText } from '../lib.mjs';

screenshotPrefix('signals');


describe('early signals: queue → outreach → help accepted → household', () => {
  let browser;
  let worker;
  let melding = '';

  before(async () => {
    browser = await launch();
    worker = await newPage(browser);
    await login(worker, 'demo.worker');
  });

  after(async () => {
    await browser?.close();
  });

  it('the combined melding is in the queue, urgent', async () => {
    await submit(worker, worker.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Vroegsignalering' }));
    const link = worker.getByRole('link', { name: 'huurachterstand, achterstand elektriciteit' });
    assert.equal(await link.count(), 1);
    const row = worker.locator('tr', { has: link });
    assert.match(await row.innerText(), /met spoed/);
    await checkA11y(worker, 'queue');
    await submit(worker, link);
    melding = new URL(worker.url()).pathname;
    const text = await mainText(worker);
    assert.match(text, /Peter Smit/);
    assert.match(text, /Kastanjelaan 7/);
    assert.match(text, /Woonstichting Voorbeeldstad/);
    assert.match(text, /Energie Voorbeeldstad/);
    await checkA11y(worker, 'melding');
  });

  it('the worker picks it up, tries to call and cannot give up after one call', async () => {
    assert.equal((await submit(worker, worker.getByRole('button', { name: 'Ik pak dit op' }))).status(), 200);
    assert.match(await notice(worker).innerText(), /opgepakt/);
    const attempt = worker.locator('form#poging');
    await attempt.getByLabel('Hoe').selectOption({ label: 'telefoon' });
    await attempt.getByLabel('Resultaat').selectOption({ label: 'niet bereikt' });
    await attempt.getByLabel('Toelichting').fill('Voicemail ingesproken');
    assert.equal((await submit(worker, attempt.getByRole('button', { name: 'Contactpoging opslaan' }))).status(), 200);
    const close = worker.locator('form#afsluiten');
    await close.getByLabel('Uitkomst').selectOption({ label: 'geen contact gekregen' });
    const refused = await submit(worker, close.getByRole('button', { name: 'Afsluiten' }));
    assert.equal(refused.status(), 422);
    assert.match(await worker.locator('#afsluiten-outcome-error').innerText(), /twee contactpogingen/);
    await checkA11y(worker, 'close-refused');
  });

  it('after a home visit the resident accepts help: a household with the signals on its timeline', async () => {
    const attempt = worker.locator('form#poging');
    await attempt.getByLabel('Hoe').selectOption({ label: 'huisbezoek' });
    await attempt.getByLabel('Resultaat').selectOption({ label: 'contact gehad' });
    assert.equal((await submit(worker, attempt.getByRole('button', { name: 'Contactpoging opslaan' }))).status(), 200);
    const close = worker.locator('form#afsluiten');
    await close.getByLabel('Uitkomst').selectOption({ label: 'hulp aangenomen' });
    const done = await submit(worker, close.getByRole('button', { name: 'Afsluiten' }));
    assert.equal(done.status(), 200);
    assert.match(new URL(worker.url()).pathname, /^\/huishoudens\//);
    const text = await mainText(worker);
    assert.match(text, /Peter/);
    assert.match(text, /Vroegsignaal, hulp aangenomen/);
    assert.match(text, /huurachterstand: € 2\.310/);
    assert.match(text, /achterstand elektriciteit: € 412,80/);
    await checkA11y(worker, 'household-from-signal');
    await worker.goto(url(melding));
    assert.match(await mainText(worker), /afgesloten: hulp aangenomen/);
  });

  it('the queue and a melding reflow at 320 px', async () => {
    const narrow = await newPage(browser, { width: 320, height: 800 });
    await login(narrow, 'demo.worker');
    for (const path of ['/vroegsignalering', melding]) {
      await narrow.goto(url(path));
      const w = await documentWidth(narrow);
      assert.ok(w <= 320, `${path}: the page is ${w}px wide at a 320px viewport`);
      await checkA11y(narrow, `narrow${path.replaceAll('/', '-')}`);
    }
    await narrow.context().close();
  });
});
