// Patterns from household file to policy: a worker (demo.worker, Buurtteam Oost) records a bottleneck
// in the file of Ayşe Çelik (demo: the single mother asking about debts and housing) — the digital
// benefit application rejected as incomplete — with a description that names her. On the tag page
// Eenplan proposes the text without her name; the worker ticks that she read it and shares it. The
// policy maker (demo.policy) sees that text among the examples on /patronen, small counts as "minder
// dan 5", the improvement W&I agreed, and is refused the household file itself. The team lead
// (demo.teamlead) sees the team in numbers: caseload, waits and the progress of closed households,
// without a household's name. axe clean on the tag page, on /patronen and on /team/overzicht.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { newPage, url, checkA11y, screenshotPrefix, submit, mainText, login, loggedInSession, documentWidth } from '../lib.mjs';

screenshotPrefix('patterns');

const pick = (letters) => letters[randomInt(letters.length)];
/** A word nobody else writes, so this run's shared text is found among the demo's. */
const MARK = Array.from({ length: 3 }, () => pick('bdfgklmnprt') + pick('aeiou')).join('');
const DESCRIPTION =
  `Ayşe heeft online bijstand aangevraagd. De aanvraag is afgewezen als onvolledig en niemand heeft Ayşe gebeld (${MARK}).`;

describe('patterns: a bottleneck from the household file to the policy dashboard', () => {
  const session = loggedInSession('demo.worker');
  let household = '';

  it('the worker records the bottleneck in the file of a demo household', async () => {
    await session.page.goto(url('/zoeken?name=Ayse%20Celik'));
    const link = session.page.getByRole('region', { name: 'Gevonden huishoudens' }).getByRole('link').first();
    await submit(session.page, link);
    household = new URL(session.page.url()).pathname;
    await submit(session.page, session.page.getByRole('link', { name: 'Knelpunten', exact: true }));
    assert.equal(new URL(session.page.url()).pathname, `${household}/knelpunten`);
    const form = session.page.locator('form#knelpunt');
    await form.getByLabel('Knelpunt', { exact: true }).selectOption({ label: 'Werkwijze — Digitale aanvraag loopt vast' });
    await form.getByLabel('Waar gaat het over?', { exact: true }).selectOption({ label: 'Het huishouden' });
    await form.getByLabel(/Welke organisatie/).fill('Werk en Inkomen Voorbeeldstad');
    await form.getByLabel('Wat gebeurde er? (kort)', { exact: true }).fill(DESCRIPTION);
    const res = await submit(session.page, form.getByRole('button', { name: 'Vastleggen' }));
    assert.equal(res.status(), 200);
    assert.match(new URL(session.page.url()).pathname, new RegExp(`^${household}/knelpunten/[^/]+$`));
  });

  it('the tag page proposes the text without her name; she checks it and shares it', async () => {
    const text = await mainText(session.page);
    assert.match(text, /Digitale aanvraag loopt vast/);
    assert.ok(text.includes(DESCRIPTION), 'the description stays in the file as written');
    const share = session.page.locator('form#delen');
    assert.match(await share.innerText(), /2 × naam weggehaald/);
    const proposal = await share.getByLabel('Tekst voor het beleid', { exact: true }).inputValue();
    assert.doesNotMatch(proposal, /Ayşe|Ayse|Çelik/i, proposal);
    assert.match(proposal, /\[naam\] heeft online bijstand aangevraagd/);
    assert.ok(proposal.includes(MARK), proposal);
    await checkA11y(session.page, 'tag');
    // Sharing without the tick is refused: the worker must say she read it.
    const refused = await submit(session.page, share.getByRole('button', { name: 'Delen', exact: true }));
    assert.equal(refused.status(), 422);
    assert.match(await mainText(session.page), /Zet een vinkje/);
    await share.getByLabel(/Ik heb de tekst gelezen/).check();
    const done = await submit(session.page, share.getByRole('button', { name: 'Delen', exact: true }));
    assert.equal(done.status(), 200);
    const shared = await session.page.locator('dl.facts').innerText();
    assert.match(shared, new RegExp(`\\[naam\\] heeft online bijstand aangevraagd.*${MARK}`));
    await checkA11y(session.page, 'tag-shared');
    await submit(session.page, session.page.getByRole('button', { name: /Uitloggen/ }));
  });

  it('policy sees the shared text and the counts, never the household', async () => {
    const policy = await newPage(session.browser);
    await login(policy, 'demo.policy');
    const res = await policy.goto(url('/patronen'));
    assert.equal(res.status(), 200);
    const text = await mainText(policy);
    assert.match(text, /Knelpunten in cijfers/);
    assert.match(text, /minder dan 5/);
    const examples = policy.locator('main li', { hasText: MARK });
    assert.equal(await examples.count(), 1, 'the shared text is among the examples');
    assert.match(await examples.innerText(), /Digitale aanvraag loopt vast/);
    assert.doesNotMatch(await examples.innerText(), /Ayşe|Çelik/);
    assert.doesNotMatch(text, /Ayşe|Çelik|Ronald|Yonas/, 'no name of any household');
    assert.match(text, /W&I belt iedereen van wie de aanvraag als onvolledig is afgewezen/);
    await checkA11y(policy, 'patronen');
    const refused = await policy.goto(url(household));
    assert.equal(refused.status(), 403);
    assert.doesNotMatch(await mainText(policy), /Ayşe|Çelik/);
    const tags = await policy.goto(url(`${household}/knelpunten`));
    assert.equal(tags.status(), 403);
    await policy.context().close();
  });

  it('the team lead steers by the team in numbers, without any household name', async () => {
    const lead = await newPage(session.browser);
    await login(lead, 'demo.teamlead');
    await submit(lead, lead.getByRole('link', { name: 'Team in cijfers' }));
    assert.equal(new URL(lead.url()).pathname, '/team/overzicht');
    const text = await mainText(lead);
    assert.match(text, /Werkvoorraad per medewerker/);
    assert.match(text, /Wachttijd van aanmelding tot eerste contact/);
    // Johan Brouwer's file was closed today: finances went from 1 to 4.
    const finances = lead.getByRole('row', { name: /^Financiën/ });
    assert.match(await finances.innerText(), /\+3,0/);
    const charts = lead.locator('main figure.chart svg[role=img]');
    assert.equal(await charts.count(), 2, 'caseload and score change as charts');
    assert.match(await charts.nth(1).locator('desc').textContent(), /Financiën: \+3,0/);
    assert.doesNotMatch(text, /Johan|Brouwer|Ayşe|Çelik|Merelstraat/, 'no household on the team dashboard');
    await checkA11y(lead, 'team-overzicht');
    // At 320 px the tables scroll in their own region; the page itself does not.
    await lead.setViewportSize({ width: 320, height: 800 });
    assert.ok((await documentWidth(lead)) <= 320, `page ${await documentWidth(lead)} px wide at 320`);
    await lead.context().close();
  });
});
