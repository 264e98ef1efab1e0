// The lesson pictures (web/app/lesson-plots.js): a histogram lesson draws each run's
// stationary density, a heatmap lesson one map per optimizer over its grid, and a lesson
// shows only the plot cards its `plots` list names. Opened by link, run to the end.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { start, runToEnd } = require('./browser.js');
const { loadCatalogue } = require('../../web/lessons/catalogue.js');
const { load } = require('../../web/node.js');
const { runEntry } = require('../../web/lessons/run.js');
const { gibbsCells, cdfGap } = require('../../web/lessons/gibbs.js');

let b;
before(async () => { b = await start(); });
after(async () => { if (b) await b.stop(); });

const lesson = (id) => loadCatalogue().find((e) => e.id === id);

// Per canvas of the lesson card: its size and how many distinct colours it holds (a
// blank canvas has one).
function lessonCanvases(page) {
  return page.$$eval('[data-chart="lesson"] canvas', (cs) => cs.map((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const colours = new Set();
    for (let i = 0; i < d.length; i += 4) colours.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    return { width: c.width, height: c.height, colours: colours.size };
  }));
}

// The page cards visible now, by data-chart id.
const visibleCards = (page) => page.$$eval('[data-chart]', (cards) => cards.filter((c) => c.offsetParent !== null).map((c) => c.dataset.chart));

async function openAndRun(id) {
  const page = await b.open(`#lesson=${id}`);
  await page.waitForFunction(() => window.optzoo.app.loaded);
  assert.equal(await page.textContent('#lesson-text h2'), lesson(id).title);
  await runToEnd(page, 240000);
  return page;
}

test('a histogram lesson draws one density per run with the level sets, and only its listed cards', async () => {
  const id = 'langevin-two-temperatures';
  const page = await openAndRun(id);
  const runs = lesson(id).spec.runs.length;
  await page.waitForFunction((n) => document.querySelectorAll('[data-chart="lesson"] canvas').length === n, runs, { timeout: 30000 });
  // The finished picture: captions name every run with its measured variances.
  const captions = await page.$$eval('[data-chart="lesson"] figcaption', (fs) => fs.map((f) => f.textContent));
  assert.deepEqual(captions.map((c) => c.split(':')[0]), lesson(id).spec.runs.map((r) => r.label));
  for (const c of captions) assert.match(c, /40000 iterates, var [0-9.e-]+ \/ [0-9.e-]+ \(y\/x [0-9.]+\)/);
  const canvases = await lessonCanvases(page);
  for (const c of canvases) assert.ok(c.colours > 20, `a density image has many colours, got ${c.colours}`);
  // plots: ["histogram", "loss"]: the metrics card is left out, the loss card stays.
  // gibbs.temperature names only the run that divides by sigma^2: its lines are the
  // Gibbs density's, the other two keep the lines of their samples.
  const gibbs = await page.$$eval('[data-chart="lesson"] figure', (fs) => fs.map((f) => f.dataset.gibbs));
  assert.deepEqual(gibbs, lesson(id).spec.runs.map((r) => (r.label in lesson(id).gibbs.temperature ? 'yes' : 'no')));
  assert.match(captions[2], /; lines: Gibbs at T = 0\.005[0-9]*$/);
  const cards = await visibleCards(page);
  assert.ok(cards.includes('lesson') && cards.includes('loss'), cards.join(' '));
  assert.ok(!cards.includes('metric'), cards.join(' '));
  await page.screenshot({ path: b.shot('lesson-langevin-two-temperatures'), fullPage: true });
  // A preset afterwards shows its cards again and hides the lesson card.
  await page.selectOption('#preset', 'rosenbrock');
  await page.waitForFunction(() => window.optzoo.app.spec.problem.name === 'rosenbrock');
  const after = await visibleCards(page);
  assert.ok(!after.includes('lesson') && after.includes('metric'), after.join(' '));
  assert.deepEqual(page.log.errors, []);
  await page.close();
});

test('the heatmap lesson runs its grid as one race and draws one map per optimizer', async () => {
  const id = 'adam-l2-vs-adamw';
  const e = lesson(id);
  const page = await openAndRun(id);
  assert.equal(await page.evaluate(() => window.optzoo.app.spec.runs.length), e.spec.runs.length);
  const groups = new Set(e.spec.runs.map((r) => r.optimizer)).size;
  await page.waitForFunction((n) => document.querySelectorAll('[data-chart="lesson"] canvas').length === n, groups, { timeout: 30000 });
  const canvases = await lessonCanvases(page);
  for (const c of canvases) assert.ok(c.colours > 8, `a heatmap has coloured cells, got ${c.colours} colours`);
  const cards = await visibleCards(page);
  assert.ok(cards.includes('lesson') && cards.includes('loss') && cards.includes('metric'), cards.join(' '));
  assert.ok(!cards.includes('internals'), cards.join(' '));
  // 28 run cards make the page very tall: the picture is the lesson card.
  await page.locator('[data-chart="lesson"]').screenshot({ path: b.shot('lesson-adam-l2-vs-adamw-heatmap') });
  assert.deepEqual(page.log.errors, []);
  await page.close();
});

test('the 1-D Langevin lesson draws the Gibbs density over each run\'s bars, in the run\'s colour, with the gap the check measures', async () => {
  const id = 'langevin-temperature';
  const e = lesson(id);
  const page = await openAndRun(id);
  const runs = e.spec.runs.length;
  await page.waitForFunction((n) => document.querySelectorAll('[data-chart="lesson"] figure[data-gibbs="yes"]').length === n, runs, { timeout: 30000 });
  const captions = await page.$$eval('[data-chart="lesson"] figcaption', (fs) => fs.map((f) => f.textContent));
  // The page shows the first seed; the same spec through the Node checks' path gives
  // the same histogram, so the caption's gap is the check's figure for that seed.
  const api = await load();
  const [first] = await runEntry(api, { ...e, seeds: [e.seeds[0]] });
  e.spec.runs.forEach((r, i) => {
    const run = first.runs.find((x) => x.label === r.label);
    const gap = cdfGap(run.histogram.counts, gibbsCells(run.gibbs.loss, e.gibbs.temperature[r.label]));
    assert.match(captions[i], new RegExp(`^${r.label.replace('.', '\\.')}: 20000 iterates, var [0-9.e-]+; Gibbs at T = [0-9.e-]+: var [0-9.e-]+, gap ([0-9.]+)$`));
    assert.equal(captions[i].split('gap ')[1], gap.toFixed(3), captions[i]);
  });
  // Each panel holds its run's colour (the curve) besides the grey bars.
  const colours = await page.evaluate(async () => {
    const { colorHex } = await import('./app/palette.js');
    return window.optzoo.app.ui.colors.map((c) => colorHex(c));
  });
  const counts = await page.$$eval('[data-chart="lesson"] canvas', (cs, hexes) => cs.map((c, i) => {
    const rgb = [1, 3, 5].map((k) => parseInt(hexes[i].slice(k, k + 2), 16));
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let p = 0; p < d.length; p += 4) if (Math.abs(d[p] - rgb[0]) + Math.abs(d[p + 1] - rgb[1]) + Math.abs(d[p + 2] - rgb[2]) < 40) n += 1;
    return n;
  }), colours);
  for (const n of counts) assert.ok(n > 150, `a Gibbs curve of some 200 px in the run's colour, got ${n} pixels`);
  const legend = await page.textContent('[data-chart="lesson"] .legend-line');
  assert.ok(legend.includes(`Temperatures: ${e.gibbs.theory}`), legend);
  await page.locator('[data-chart="lesson"]').screenshot({ path: b.shot('lesson-langevin-temperature-gibbs') });
  assert.deepEqual(page.log.errors, []);
  await page.close();
});
