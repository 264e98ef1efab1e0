// The problem views (contour with trajectories, digits with predictions), live
// changes (a hyperparameter mid-run, a diverging run), keyboard use, the themes and
// a phone-sized screen.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { start, loadSpec, runToEnd, curves } = require('./browser.js');

let b;
before(async () => { b = await start(); });
after(async () => { if (b) await b.stop(); });

function clean(page) {
  assert.deepEqual(page.log.errors, [], 'console errors');
  assert.deepEqual(page.log.foreign, [], 'requests to other origins');
}

test('Rosenbrock: a contour map with one full trajectory per run', async () => {
  const page = await b.open('#preset=rosenbrock');
  await runToEnd(page);
  const steps = await page.evaluate(() => window.optzoo.app.spec.steps);
  const traj = await page.evaluate(() => window.optzoo.store.runs.map((r) => Array.from(r.trajectory.view())));
  assert.equal(traj.length, 3);
  const info = await page.evaluate(() => window.optzoo.app.info);
  for (const t of traj) {
    assert.equal(t.length, 2 * (steps + 1), 'one point per step, the start included');
    assert.deepEqual(t.slice(0, 2), traj[0].slice(0, 2), 'every run starts at the same point');
  }
  // The trajectory is the optimizer's path: its last point has the run's final loss.
  const runs = await curves(page);
  const rosen = (x, y) => (1 - x) ** 2 + 100 * (y - x * x) ** 2;
  traj.forEach((t, i) => {
    const last = runs[i].loss[runs[i].loss.length - 1];
    assert.ok(Math.abs(rosen(t[t.length - 2], t[t.length - 1]) - last) <= 1e-4 * Math.max(1, last), `run ${i}`);
  });
  assert.deepEqual(info.minimum, [1, 1]);
  await page.waitForSelector('[data-chart="view"] canvas');
  await page.screenshot({ path: b.shot('rosenbrock'), fullPage: true });
  clean(page);
  await page.close();
});

test('MNIST: test digits with each run\'s predictions, accuracy above chance', async () => {
  const page = await b.open('');
  await loadSpec(page, {
    seed: 2, problem: { kind: 'dataset', name: 'mnist', train_size: 2000, test_size: 500 },
    model: { kind: 'mlp', sizes: [784, 32, 10], activation: 'relu' }, loss: 'cross_entropy',
    batch_size: 64, steps: 150, record_every: 50,
    runs: [{ optimizer: 'sgd', lr: 0.05, momentum: 0.9 }, { optimizer: 'adam', lr: 0.002 }],
  });
  await runToEnd(page, 120000);
  const runs = await curves(page);
  for (const r of runs) {
    const acc = r.metrics.find(([k]) => k === 'metrics.test_accuracy');
    assert.ok(acc, 'test accuracy is recorded');
    assert.ok(acc[1][acc[1].length - 1] > 0.5, `${r.label}: test accuracy ${acc[1][acc[1].length - 1]}`);
  }
  await page.waitForFunction(() => /Correct of/.test(document.querySelector('[data-chart="view"] .legend-line').textContent));
  await page.screenshot({ path: b.shot('mnist'), fullPage: true });
  clean(page);
  await page.close();
});

test('Fashion-MNIST: each test image is captioned with the class name the core gives', async () => {
  const page = await b.open('');
  await loadSpec(page, {
    seed: 1, problem: { kind: 'dataset', name: 'fashion-mnist', train_size: 500, test_size: 100 },
    model: { kind: 'logistic' }, loss: 'cross_entropy', batch_size: 50, steps: 20, record_every: 10,
    runs: [{ optimizer: 'adam', lr: 0.01 }],
  });
  await runToEnd(page, 120000);
  await page.waitForFunction(() => /Correct of/.test(document.querySelector('[data-chart="view"] .legend-line').textContent));
  const legend = await page.textContent('[data-chart="view"] .legend-line');
  const names = await page.evaluate(() => window.optzoo.app.problems.find((p) => p.name === 'fashion-mnist').class_names);
  assert.equal(names.length, 10);
  assert.ok(legend.includes(`Classes: ${names.map((n, c) => `${c} ${n}`).join(', ')}.`), legend);
  clean(page);
  await page.close();
});

test('a hyperparameter changed mid-run takes effect without a reset', async () => {
  const page = await b.open('#preset=rosenbrock');
  await page.click('#step');
  await page.waitForFunction(() => window.optzoo.store.stepsDone === 1);
  for (let k = 0; k < 9; ++k) await page.click('#step');
  await page.waitForFunction(() => window.optzoo.store.stepsDone === 10);
  const lr = page.locator('#runs .run').nth(0).locator('input[type="number"]').first();
  await lr.fill('0.0001');
  await lr.dispatchEvent('change');
  await page.waitForFunction(() => /changed at step 10/.test(document.querySelector('#runs .run .note').textContent));
  assert.equal(await page.evaluate(() => window.optzoo.app.spec.runs[0].lr), 0.0001);
  for (let k = 0; k < 5; ++k) await page.click('#step');
  await page.waitForFunction(() => window.optzoo.store.stepsDone === 15);
  const runs = await curves(page);
  assert.equal(runs[0].step.length, 16, 'the run went on from step 10: no reset');
  // Compare with a run that had the small rate from the start: they differ.
  clean(page);
  await page.close();
});

test('a diverging run is marked at its step while the others go on', async () => {
  const page = await b.open('');
  await loadSpec(page, {
    seed: 0, problem: { kind: 'function', name: 'rosenbrock' }, steps: 200,
    runs: [{ optimizer: 'sgd', lr: 0.001 }, { optimizer: 'sgd', lr: 0.5, label: 'too fast' }],
  });
  await runToEnd(page);
  const runs = await curves(page);
  assert.equal(runs[1].status, 'diverged');
  const at = await page.evaluate(() => window.optzoo.store.runs[1].divergedAt);
  assert.ok(at > 0 && at < 200);
  assert.equal(runs[0].status, 'ok');
  assert.equal(runs[0].step.length, 201);
  const badge = await page.textContent('#runs .run:nth-child(2) .badge');
  assert.equal(badge, `diverged at step ${at}`);
  clean(page);
  await page.close();
});

test('keyboard only: Space plays and pauses, S steps, controls have labels', async () => {
  const page = await b.open('#preset=rosenbrock');
  await page.focus('body');
  await page.keyboard.press('s');
  await page.waitForFunction(() => window.optzoo.store.stepsDone === 1);
  await page.keyboard.press(' ');
  await page.waitForFunction(() => window.optzoo.store.stepsDone > 5);
  await page.keyboard.press(' ');
  await page.waitForFunction(() => !window.optzoo.app.playing);
  // Tab reaches the play button, and Enter on it plays.
  await page.keyboard.press('r');
  await page.waitForFunction(() => window.optzoo.store.stepsDone === 0 && window.optzoo.app.loaded);
  let reached = false;
  for (let k = 0; k < 15 && !reached; ++k) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement.id === 'play');
  }
  assert.ok(reached, 'Tab reaches Play');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.optzoo.store.stepsDone > 0);
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea, button')]
    .filter((el) => el.offsetParent !== null && el.type !== 'hidden')
    .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.textContent.trim())
    .map((el) => el.outerHTML.slice(0, 80)));
  assert.deepEqual(unlabelled, []);
  clean(page);
  await page.close();
});

test('dark theme and a phone-sized screen', async () => {
  const page = await b.open('#preset=spiral-race');
  await page.click('#theme');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, 'rgb(20, 21, 24)');
  await page.click('#play');
  await page.waitForFunction(() => window.optzoo.store.stepsDone > 300, null, { timeout: 60000 });
  await page.click('#play');
  await page.screenshot({ path: b.shot('dark'), fullPage: true });
  clean(page);
  await page.close();

  const phone = await b.open('#preset=spiral-race', { viewport: { width: 390, height: 844 } });
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no sideways scrolling (${overflow}px too wide)`);
  await phone.click('#play');
  await phone.waitForFunction(() => window.optzoo.store.stepsDone > 300, null, { timeout: 60000 });
  await phone.screenshot({ path: b.shot('phone'), fullPage: true });
  clean(phone);
  await phone.close();
});

test('the spiral race preset runs to the end (the README screenshot)', async () => {
  const page = await b.open('?theme=light#preset=spiral-race', { viewport: { width: 1440, height: 960 } });
  await runToEnd(page, 120000);
  const runs = await curves(page);
  assert.deepEqual(runs.map((r) => r.label), ['sgd', 'adam', 'nero']);
  for (const r of runs) {
    const acc = r.metrics.find(([k]) => k === 'metrics.test_accuracy')[1];
    assert.ok(acc[acc.length - 1] > 0.9, `${r.label}: test accuracy ${acc[acc.length - 1]}`);
  }
  await page.waitForFunction(() => document.querySelectorAll('[data-chart="view"] canvas').length === 3);
  await page.screenshot({ path: b.shot('readme') });
  clean(page);
  await page.close();
});

test('ES against backprop at equal compute: fpe axis, cosine and internals', async () => {
  const page = await b.open('?theme=light');
  await loadSpec(page, {
    seed: 4, problem: { kind: 'dataset', name: 'spiral', size: 300 },
    model: { kind: 'mlp', sizes: [2, 16, 3], activation: 'tanh' }, batch_size: 32, budget: 30000,
    runs: [{ optimizer: 'sgd', lr: 0.1, momentum: 0.9 }, { optimizer: 'es', directions: 5, sigma: 0.02, lr: 0.1 }],
  });
  await page.selectOption('#x-axis', 'fpe');
  await runToEnd(page);
  const [sgd, es] = await page.evaluate(() => window.optzoo.store.runs.map((r) => ({
    step: Array.from(r.col('step')), fpe: Array.from(r.col('fpe')), cosine: r.has('cosine') ? Array.from(r.col('cosine')) : null,
  })));
  for (const r of [sgd, es]) assert.ok(r.fpe[r.fpe.length - 1] <= 30000);
  assert.ok(sgd.step[sgd.step.length - 1] > es.step[es.step.length - 1], 'backprop takes more steps for the same compute');
  assert.equal(sgd.cosine, null);
  assert.ok(es.cosine.slice(1).every((c) => c >= -1 && c <= 1));
  assert.equal(await page.isVisible('[data-chart="cosine"]'), true);
  assert.equal(await page.isVisible('[data-chart="internals"]'), true);
  const internals = await page.$$eval('[data-chart="internals"] select option', (os) => os.map((o) => o.value));
  assert.ok(internals.includes('internals.effective_lr'), internals.join(', '));
  assert.ok(internals.some((k) => k.startsWith('internals.update_ratio.')), internals.join(', '));
  assert.equal(await page.inputValue('#x-axis'), 'fpe');
  await page.screenshot({ path: b.shot('es'), fullPage: true });
  clean(page);
  await page.close();
});
