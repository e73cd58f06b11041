// The cost-benefit calculator of a worker (demo.worker): start from the "benefits without work"
// example, give the tailored solution its own amount, calculate, read who pays and who benefits and
// how certain it is; a wrong probability gets a message at its field. axe clean; reflows at 320 px.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, checkA11y, screenshot, screenshotPrefix, login, documentWidth, submit } from '../lib.mjs';

screenshotPrefix('costs');


/** Gives every row that has a description but no price-list code an amount of its own: once, paid by the municipality. */
async function priceUnpricedRows(page) {
  for (const side of ['without', 'with']) {
    for (let i = 0; ; i++) {
      const label = page.locator(`#${side}_${i}_label`);
      if ((await label.count()) === 0) break;
      const code = await page.locator(`#${side}_${i}_code`).inputValue();
      if (!code && (await label.inputValue())) {
        const n = i + 1;
        await page.locator(`#${side}_${i}_amount`).fill('1500');
        await page.locator(`#${side}_${i}_unit`).selectOption({ label: 'eenmalig' });
        await page.locator(`#${side}_${i}_stakeholder`).selectOption({ label: 'Gemeente (overig)' });
        assert.equal(await page.locator(`#${side}_${i}_unit`).getAttribute('aria-label'), `Eenheid ${n}`);
        assert.equal(await page.locator(`#${side}_${i}_stakeholder`).getAttribute('aria-label'), `Wie betaalt ${n}`);
      }
    }
  }
}

for (const width of [1280, 320]) {
  describe(`cost-benefit calculator at ${width} px`, () => {
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

    it('calculates an example and names a wrong field', async () => {
      if (width === 320) {
        await page.goto(new URL('/kosten-baten', page.url()).href);
      } else {
        await Promise.all([page.waitForNavigation(), page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Kosten en baten' }).click()]);
      }
      await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Uitkering zonder werk' }).click()]);
      assert.equal(await page.locator('#without_0_code').inputValue(), 'bijstand_alleenstaande');
      await priceUnpricedRows(page);
      const res = await submit(page, page.getByRole('button', { name: 'Uitrekenen' }));
      assert.equal(res.status(), 200);
      const table = page.getByRole('table', { name: 'Wie betaalt, wie profiteert' });
      assert.match(await table.innerText(), /Gemeente \(Participatiewet\)/);
      assert.match(await page.locator('main').innerText(), /In 80 % van de berekeningen bespaart het/);
      await checkA11y(page, `costs-result-${width}`);
      if (width === 320) {
        const w = await documentWidth(page);
        assert.ok(w <= 320, `the calculator is ${w}px wide at a 320px viewport`);
      }
      await page.locator('#without_0_probability').fill('150');
      const bad = await submit(page, page.getByRole('button', { name: 'Uitrekenen' }));
      assert.equal(bad.status(), 422);
      assert.equal(await page.locator('#without_0_probability').getAttribute('aria-invalid'), 'true');
      assert.match(await page.locator('#without_0_probability-error').innerText(), /Vul een kans tussen 0 en 100 in/);
      await screenshot(page, `costs-error-${width}`);
      await checkA11y(page, `costs-error-${width}`);
    });
  });
}
