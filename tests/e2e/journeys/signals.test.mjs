// Early signals from queue to household: the demo's housing corporation and energy supplier reported
// rent and electricity arrears for the same address (one urgent melding); a worker (demo.worker)
// finds it in the queue, picks it up, records a phone call that did not reach anyone, is told that
// one call is not enough to give up, visits, and closes it with help accepted — which makes the
// household with the signals on its timeline. axe clean; the queue and the melding reflow at 320 px.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, url, checkA11y, screenshotPrefix, documentWidth, submit, notice, mainText, login, loggedInSession } from '../lib.mjs';

screenshotPrefix('signals');


describe('early signals: queue → outreach → help accepted → household', () => {
  const session = loggedInSession('demo.worker');
  let melding = '';

  it('the combined melding is in the queue, urgent', async () => {
    await submit(session.page, session.page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Vroegsignalering' }));
    const link = session.page.getByRole('link', { name: 'huurachterstand, achterstand elektriciteit' });
    assert.equal(await link.count(), 1);
    const row = session.page.locator('tr', { has: link });
    assert.match(await row.innerText(), /met spoed/);
    await checkA11y(session.page, 'queue');
    await submit(session.page, link);
    melding = new URL(session.page.url()).pathname;
    const text = await mainText(session.page);
    assert.match(text, /Peter Smit/);
    assert.match(text, /Kastanjelaan 7/);
    assert.match(text, /Woonstichting Voorbeeldstad/);
    assert.match(text, /Energie Voorbeeldstad/);
    await checkA11y(session.page, 'melding');
  });

  it('the worker picks it up, tries to call and cannot give up after one call', async () => {
    assert.equal((await submit(session.page, session.page.getByRole('button', { name: 'Ik pak dit op' }))).status(), 200);
    assert.match(await notice(session.page).innerText(), /opgepakt/);
    const attempt = session.page.locator('form#poging');
    await attempt.getByLabel('Hoe').selectOption({ label: 'telefoon' });
    await attempt.getByLabel('Resultaat').selectOption({ label: 'niet bereikt' });
    await attempt.getByLabel('Toelichting').fill('Voicemail ingesproken');
    assert.equal((await submit(session.page, attempt.getByRole('button', { name: 'Contactpoging opslaan' }))).status(), 200);
    const close = session.page.locator('form#afsluiten');
    await close.getByLabel('Uitkomst').selectOption({ label: 'geen contact gekregen' });
    const refused = await submit(session.page, close.getByRole('button', { name: 'Afsluiten' }));
    assert.equal(refused.status(), 422);
    assert.match(await session.page.locator('#afsluiten-outcome-error').innerText(), /twee contactpogingen/);
    await checkA11y(session.page, 'close-refused');
  });

  it('after a home visit the resident accepts help: a household with the signals on its timeline', async () => {
    const attempt = session.page.locator('form#poging');
    await attempt.getByLabel('Hoe').selectOption({ label: 'huisbezoek' });
    await attempt.getByLabel('Resultaat').selectOption({ label: 'contact gehad' });
    assert.equal((await submit(session.page, attempt.getByRole('button', { name: 'Contactpoging opslaan' }))).status(), 200);
    const close = session.page.locator('form#afsluiten');
    await close.getByLabel('Uitkomst').selectOption({ label: 'hulp aangenomen' });
    const done = await submit(session.page, close.getByRole('button', { name: 'Afsluiten' }));
    assert.equal(done.status(), 200);
    assert.match(new URL(session.page.url()).pathname, /^\/huishoudens\//);
    const text = await mainText(session.page);
    assert.match(text, /Peter/);
    assert.match(text, /Vroegsignaal, hulp aangenomen/);
    assert.match(text, /huurachterstand: € 2\.310/);
    assert.match(text, /achterstand elektriciteit: € 412,80/);
    await checkA11y(session.page, 'household-from-signal');
    await session.page.goto(url(melding));
    assert.match(await mainText(session.page), /afgesloten: hulp aangenomen/);
  });

  it('the queue and a melding reflow at 320 px', async () => {
    const narrow = await newPage(session.browser, { width: 320, height: 800 });
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
