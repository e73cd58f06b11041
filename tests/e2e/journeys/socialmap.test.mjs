// The social map for a worker (demo.worker): from the menu, search for debt counselling for a household in
// postcode 3511, open the service and read how to refer; a wrong postcode gets a message at its field.
// axe clean; reflows at 320 px.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, checkA11y, screenshotPrefix, login, documentWidth, submit } from '../lib.mjs';

screenshotPrefix('socialmap');


for (const width of [1280, 320]) {
  describe(`social map at ${width} px`, () => {
    let browser;
    let page;

    before(async () => {
      browser = await launch();
      page = await newPage(browser, { width, height: 900 });
      await login(page, 'demo.worker');
    });

    after(async () => {
      await browser?.close();
    });

    it('finds a service by need and postcode and shows how to refer', async () => {
      if (width === 320) {
        await page.goto(new URL('/sociale-kaart', page.url()).href);
      } else {
        await submit(page, page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Sociale kaart' }));
      }
      await page.getByLabel('Waarbij is hulp nodig?').selectOption({ label: 'schuldhulp' });
      await page.getByLabel('Postcode van het huishouden').fill('35');
      const bad = await submit(page, page.getByRole('button', { name: 'Zoeken' }));
      assert.equal(bad.status(), 422);
      assert.match(await page.locator('#kaart-postcode-error').innerText(), /postcode/);
      await checkA11y(page, `socialmap-error-${width}`);
      await page.getByLabel('Postcode van het huishouden').fill('3511 AB');
      const ok = await submit(page, page.getByRole('button', { name: 'Zoeken' }));
      assert.equal(ok.status(), 200);
      assert.match(await page.locator('main').innerText(), /1 gevonden/);
      await checkA11y(page, `socialmap-results-${width}`);
      await submit(page, page.getByRole('link', { name: 'Schuldhulpverlening' }));
      assert.match(await page.locator('main').innerText(), /Zo verwijs je/);
      await checkA11y(page, `socialmap-service-${width}`);
      if (width === 320) {
        const w = await documentWidth(page);
        assert.ok(w <= 320, `the service page is ${w}px wide at a 320px viewport`);
      }
    });
  });
}
