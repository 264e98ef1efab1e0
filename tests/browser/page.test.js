// The playground in a real browser (Debian's Chromium through playwright-core).
// Numbers are read from the page's own state (window.optzoo.store, filled by the
// worker's posts), never from pixels. Screenshots of the main views land in
// tests/browser/screenshots/ (git-ignored) for a human to look at.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { start, loadSpec, runToEnd, curves, pngSize, download } = require('./browser.js');

let b;
before(async () => { b = await start(); });
after(async () => { if (b) await b.stop(); });

const RACE = {
  seed: 3,
  problem: { kind: 'dataset', name: 'spiral', size: 300 },
  model: { kind: 'mlp', sizes: [2, 16, 16, 3], activation: 'tanh' },
  loss: 'cross_entropy', batch_size: 32, steps: 300, record_every: 10,
  runs: [{ optimizer: 'sgd', lr: 0.1, momentum: 0.9 }, { optimizer: 'adam', lr: 0.01 }, { optimizer: 'nero', lr: 0.01 }],
};

function clean(page) {
  assert.deepEqual(page.log.errors, [], 'console errors');
  assert.deepEqual(page.log.foreign, [], 'requests to other origins');
}

test('the page loads with no console errors and a usable default race', async () => {
  const page = await b.open('');
  const labels = await page.evaluate(() => window.optzoo.app.spec.runs.map((r) => r.label || r.optimizer));
  assert.ok(labels.length >= 3, `default preset has ${labels.length} runs`);
  // Controls come from the registry: every optimizer of the core is offered.
  const offered = await page.$$eval('#runs .run:first-child select.optimizer option', (os) => os.map((o) => o.value));
  const registry = await page.evaluate(() => window.optzoo.app.registry.map((o) => o.name));
  assert.deepEqual(offered, registry);
  assert.ok(registry.length > 1);
  await page.screenshot({ path: b.shot('start'), fullPage: true });
  clean(page);
  await page.close();
});

test('the problem menu is the core\'s problem registry, and the lessons are its catalogue', async () => {
  const page = await b.open('');
  const { problems, menu, lessons, catalogueLessons } = await page.evaluate(() => ({
    problems: window.optzoo.app.problems,
    menu: [...document.querySelectorAll('#problem-controls select')[0].options].map((o) => [o.value, o.textContent]),
    lessons: [...document.querySelectorAll('#lesson option')].map((o) => o.value).filter(Boolean),
    catalogueLessons: window.optzoo.app.catalogue.filter((e) => e.checks).map((e) => e.id),
  }));
  // Every toy set and function the core lists is offered under the core's label
  // (real datasets only when this server has their packed file).
  for (const p of problems.filter((q) => !q.data)) assert.ok(menu.some(([v, l]) => v === p.name && l === p.label), `${p.name} offered as ${p.label}`);
  assert.ok(menu.some(([v]) => v === 'noisy_quadratic'), 'a problem no page list names is offered');
  assert.deepEqual(lessons, catalogueLessons);
  assert.ok(lessons.length >= 18);
  clean(page);
  await page.close();
});

test('a race of three optimizers draws three curves that go down', async () => {
  const page = await b.open('');
  await loadSpec(page, RACE);
  await runToEnd(page);
  const runs = await curves(page);
  assert.equal(runs.length, 3);
  for (const r of runs) {
    assert.equal(r.step.length, 31, `${r.label}: points at steps 0, 10, ..., 300`);
    assert.ok(r.loss.every(Number.isFinite), `${r.label}: finite losses`);
    assert.ok(r.loss[r.loss.length - 1] < 0.8 * r.loss[0], `${r.label}: loss ${r.loss[0]} -> ${r.loss[r.loss.length - 1]}`);
  }
  // The loss chart has one drawn train series per run, each holding every point.
  const drawn = await page.evaluate(() => {
    const plot = document.querySelector('[data-chart="loss"] .uplot');
    const legend = [...plot.querySelectorAll('.u-legend .u-series th')].map((th) => th.textContent.trim());
    return legend;
  });
  assert.equal(drawn.filter((l) => / train/.test(l)).length, 3, `legend: ${drawn.join(' | ')}`);
  await page.waitForFunction(() => document.querySelectorAll('[data-chart="view"] canvas').length === 3);
  await page.screenshot({ path: b.shot('spiral-race'), fullPage: true });
  clean(page);
  await page.close();
});

test('a copied link reproduces identical numbers', async () => {
  const page = await b.open('');
  await loadSpec(page, { ...RACE, seed: 11, steps: 120 });
  await runToEnd(page);
  const first = await curves(page);
  await page.click('#copy-link');
  const link = await page.inputValue('#share-text');
  assert.match(link, /#(spec|z)=/);
  const again = await b.open(link.slice(b.origin.length + 1));
  assert.equal(await again.evaluate(() => window.optzoo.app.spec.seed), 11);
  await runToEnd(again);
  assert.deepEqual(await curves(again), first);
  // A different seed gives different numbers: the comparison above can fail.
  await again.click('#reseed');
  await again.waitForFunction(() => window.optzoo.app.spec.seed !== 11 && window.optzoo.app.loaded);
  await runToEnd(again);
  assert.notDeepEqual((await curves(again))[0].loss, first[0].loss);
  clean(page);
  clean(again);
  await page.close();
  await again.close();
});

test('embed mode hides the chosen controls, and the custom element embeds the page', async () => {
  const page = await b.open('index.html?embed=1&hide=controls,spec#preset=spiral-race');
  const visible = async (sel) => page.isVisible(sel);
  assert.equal(await visible('[data-region="runs"]'), false);
  assert.equal(await visible('[data-region="problem"]'), false);
  assert.equal(await visible('[data-region="spec"]'), false);
  assert.equal(await visible('[data-region="share"]'), false);
  assert.equal(await visible('[data-region="transport"]'), true);
  assert.equal(await visible('[data-chart="loss"]'), true);
  assert.equal(await page.evaluate(() => window.optzoo.app.spec.runs.length), 3);
  await page.screenshot({ path: b.shot('embed'), fullPage: true });
  clean(page);

  // The element on a host page: one script tag and a preset attribute.
  const host = await b.context.newPage();
  const errors = [];
  host.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await host.goto(`${b.origin}/embed-demo.html`);
  const frame = await (await host.waitForSelector('optzoo-playground iframe')).contentFrame();
  await frame.waitForFunction(() => window.optzoo && window.optzoo.app.loaded, null, { timeout: 30000 });
  assert.equal(await frame.evaluate(() => document.body.classList.contains('embed')), true);
  assert.equal(await frame.isVisible('[data-region="spec"]'), false);
  assert.equal(await frame.evaluate(() => window.optzoo.app.spec.problem.name), 'rosenbrock');
  await frame.click('#play');
  await frame.waitForFunction(() => window.optzoo.store.finished, null, { timeout: 60000 });
  await host.screenshot({ path: b.shot('embed-element'), fullPage: true });
  assert.deepEqual(errors, []);
  await host.close();

  // "Copy embed code" writes a working snippet for this experiment.
  await page.goto(`${b.origin}/index.html#preset=spiral-race`);
  await page.evaluate(() => window.optzoo.ready);
  await page.click('#copy-embed');
  const code = await page.inputValue('#share-text');
  assert.match(code, /<script src="http:\/\/127\.0\.0\.1:\d+\/embed\.js"><\/script>/);
  assert.match(code, /<optzoo-playground spec="[A-Za-z0-9_-]+"/);
  await page.close();
});

test('CSV, JSON and PNG exports are valid files', async () => {
  const page = await b.open('');
  await loadSpec(page, { ...RACE, steps: 60 });
  await runToEnd(page);
  const csv = await download(page, () => page.click('#export-csv'));
  const lines = csv.bytes.toString('utf8').trim().split('\n');
  const header = lines[0].split(',');
  for (const col of ['run', 'label', 'optimizer', 'step', 'loss']) assert.ok(header.includes(col), `CSV column ${col}`);
  assert.equal(lines.length, 1 + 3 * 7, 'one row per run and recorded point');
  const loss = header.indexOf('loss'), step = header.indexOf('step');
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    assert.equal(cells.length, header.length);
    assert.ok(Number.isFinite(Number(cells[loss])) && Number.isInteger(Number(cells[step])));
  }
  const shown = await curves(page);
  assert.equal(Number(lines[lines.length - 1].split(',')[loss]), shown[2].loss[6], 'CSV holds the numbers of the page');

  const json = JSON.parse((await download(page, () => page.click('#export-json'))).bytes.toString('utf8'));
  assert.deepEqual(json.spec, await page.evaluate(() => window.optzoo.app.spec));
  assert.equal(json.result.runs.length, 3);
  assert.deepEqual(json.result.runs[0].loss, shown[0].loss);

  for (const chart of ['loss', 'metric', 'view']) {
    const png = await download(page, () => page.click(`[data-chart="${chart}"] .card-head button`));
    const size = pngSize(png.bytes);
    assert.ok(size, `${chart}: PNG signature and IHDR`);
    assert.ok(size.width > 200 && size.height > 150, `${chart}: ${size.width}x${size.height}`);
  }
  clean(page);
  await page.close();
});

test('a malformed CSV shows its error in the page; a good one trains', async () => {
  const page = await b.open('');
  const drop = (text, name) => page.evaluate(([t, n]) => {
    const dt = new DataTransfer();
    dt.items.add(new File([t], n, { type: 'text/csv' }));
    document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, [text, name]);
  await drop('x1,x2,label\n0.1,0.2,0\n0.3,oops,1\n', 'bad.csv');
  await page.waitForFunction(() => /line 3/.test(document.getElementById('errors').textContent));
  const message = await page.textContent('#errors');
  assert.match(message, /bad\.csv/);
  assert.match(message, /column 2|x2/);
  assert.equal(await page.isVisible('#errors'), true);
  await page.screenshot({ path: b.shot('csv-error') });

  // The file picker path (keyboard users) with a valid file.
  const rows = ['x1,x2,label'];
  for (let i = 0; i < 60; ++i) rows.push(`${(i % 10) / 10},${Math.floor(i / 10) / 6},${(i % 10) / 10 > 0.45 ? 1 : 0}`);
  await page.setInputFiles('#csv-file', { name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
  await page.waitForFunction(() => window.optzoo.app.spec.problem.kind === 'csv' && window.optzoo.app.loaded);
  await runToEnd(page);
  const runs = await curves(page);
  for (const r of runs) assert.ok(r.loss[r.loss.length - 1] < r.loss[0], `${r.label} learns the CSV data`);
  clean(page);
  await page.close();
});

test('no request leaves the origin, on every preset', async () => {
  const before = b.requests.length;
  const page = await b.open('');
  const presets = await page.$$eval('#preset option:not([disabled])', (os) => os.map((o) => o.value).filter(Boolean));
  assert.ok(presets.length >= 4, `presets: ${presets.join(', ')}`);
  for (const id of presets) {
    const loads = await page.evaluate(() => window.optzoo.app.loads);
    await page.selectOption('#preset', id);
    // Loading a preset is asynchronous (the problem is probed first): wait for this one.
    await page.waitForFunction((n) => window.optzoo.app.loads > n && window.optzoo.app.loaded, loads, { timeout: 60000 });
    await page.click('#step');
    await page.waitForFunction(() => window.optzoo.store.stepsDone >= 1);
  }
  const seen = b.requests.slice(before);
  assert.ok(seen.length > 5);
  assert.deepEqual(seen.filter((u) => !u.startsWith(b.origin) && !u.startsWith('blob:') && !u.startsWith('data:')), []);
  clean(page);
  await page.close();
});

test('the site works from a subfolder of another server', async () => {
  const { createServer } = require('../../scripts/serve.js');
  const path = require('path');
  const server = createServer(path.join(__dirname, '..', '..'));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const page = await b.context.newPage();
  const bad = [];
  page.on('response', (r) => { if (r.status() >= 400) bad.push(`${r.status()} ${r.url()}`); });
  page.on('pageerror', (e) => bad.push(e.message));
  await page.goto(`${origin}/web/index.html#preset=rosenbrock`);
  await page.waitForFunction(() => window.optzoo && window.optzoo.app.loaded, null, { timeout: 30000 });
  await page.click('#step');
  await page.waitForFunction(() => window.optzoo.store.stepsDone === 1);
  assert.deepEqual(bad, []);
  await page.close();
  await new Promise((resolve) => server.close(resolve));
});
