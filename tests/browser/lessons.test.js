// The Lessons menu: a #lesson=ID link opens the lesson's text beside the live plots
// and loads its experiment, under the strict CSP with no violation; choosing a preset
// afterwards hides the text again.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { start, runToEnd, curves } = require('./browser.js');
const { loadCatalogue, entrySpecs } = require('../../web/lessons/catalogue.js');

let b;
before(async () => { b = await start(); });
after(async () => { if (b) await b.stop(); });

const lesson = (id) => loadCatalogue().find((e) => e.id === id);

async function openLesson(id) {
  const page = await b.context.newPage();
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const response = await page.goto(`${b.origin}/#lesson=${id}`);
  assert.match(response.headers()['content-security-policy'] || '', /script-src/, 'the strict policy is in force');
  await page.waitForFunction(() => window.optzoo && window.optzoo.app.registry.length > 0, null, { timeout: 30000 });
  await page.evaluate(() => window.optzoo.ready);
  await page.waitForFunction(() => window.optzoo.app.loaded);
  page.errors = errors;
  return page;
}

for (const id of ['noise-ball', 'rprop-minibatch']) {
  test(`#lesson=${id} shows the lesson's text and trains its spec`, async () => {
    const e = lesson(id);
    const page = await openLesson(id);
    assert.equal(await page.isVisible('#lesson-text'), true);
    assert.equal(await page.textContent('#lesson-text h2'), e.title);
    const paragraphs = await page.$$eval('#lesson-text p', (ps) => ps.map((p) => p.textContent));
    assert.deepEqual(paragraphs.slice(0, e.text.length), e.text);
    assert.equal(await page.inputValue('#lesson'), id);
    // The page runs the lesson's first seed (and first variant).
    const spec = await page.evaluate(() => window.optzoo.app.spec);
    const first = entrySpecs(e)[0].spec;
    assert.deepEqual(spec.runs.map((r) => r.label), first.runs.map((r) => r.label));
    assert.equal(spec.seed, first.seed);
    await runToEnd(page);
    const runs = await curves(page);
    assert.equal(runs.length, first.runs.length);
    for (const r of runs) assert.ok(r.loss.length > 1 && r.loss.every(Number.isFinite), r.label);
    // Another menu entry replaces the lesson, and its text goes.
    await page.selectOption('#preset', 'rosenbrock');
    await page.waitForFunction(() => window.optzoo.app.spec.problem.name === 'rosenbrock');
    assert.equal(await page.isVisible('#lesson-text'), false);
    assert.equal(await page.inputValue('#lesson'), '');
    assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
}

test('an unknown lesson id is reported, naming the lessons', async () => {
  const p = await b.context.newPage();
  await p.goto(`${b.origin}/#lesson=no-such-lesson`);
  await p.waitForFunction(() => window.optzoo && window.optzoo.ready, null, { timeout: 30000 });
  await p.evaluate(() => window.optzoo.ready);
  assert.match(await p.textContent('#errors'), /lesson: "no-such-lesson" is not a lesson \(.*noise-ball/);
  await p.close();
});

// Every entry with checks is a lesson the menu offers: each one opens from its link with
// its title, its text and its experiment, and takes its first steps with the loss drawn.
test('every lesson opens from its link with its text, its spec and a loss plot', async () => {
  const lessons = loadCatalogue().filter((e) => e.checks && e.checks.length);
  assert.ok(lessons.length >= 18, `${lessons.length} lessons`);
  for (const e of lessons) {
    const page = await openLesson(e.id);
    assert.equal(await page.textContent('#lesson-text h2'), e.title, e.id);
    const paragraphs = await page.$$eval('#lesson-text p', (ps) => ps.map((p) => p.textContent));
    assert.deepEqual(paragraphs.slice(0, e.text.length), e.text, e.id);
    assert.equal(await page.textContent('#errors'), '', `${e.id}: no error shown`);
    const first = entrySpecs(e)[0].spec;
    assert.deepEqual(await page.evaluate(() => window.optzoo.app.spec.runs.map((r) => r.label || r.optimizer)),
      first.runs.map((r) => r.label || r.optimizer), e.id);
    await page.click('#step');
    await page.waitForFunction(() => window.optzoo.store.stepsDone >= 1, null, { timeout: 30000 });
    await page.waitForFunction(() => document.querySelector('[data-chart="loss"] .uplot canvas') !== null);
    if (e.id === 'example-quadratic-rates') await page.screenshot({ path: b.shot('lesson-quadratic-rates'), fullPage: true });
    assert.deepEqual(await page.evaluate(() => window.cspViolations), [], e.id);
    assert.deepEqual(page.errors, [], e.id);
    await page.close();
  }
});
