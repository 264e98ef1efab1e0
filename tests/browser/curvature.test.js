// The curvature methods in the page: their controls come from the registry, and the
// curvature preset races natural gradient and K-FAC against SGD and Adam on steps and
// on compute (the flops axis adds the curvature work to the passes).
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { start, runToEnd, curves } = require('./browser.js');

let b;
before(async () => { b = await start(); });
after(async () => { if (b) await b.stop(); });

const CURVATURE = ['natural_gradient', 'kfac', 'shampoo', 'full_adagrad', 'muon', 'cubic_newton', 'lbfgs'];

test('each curvature optimizer is offered with a control for every hyperparameter', async () => {
  const page = await b.open('');
  for (const name of CURVATURE) {
    await page.selectOption('#runs .run:first-child select.optimizer', name);
    const expected = await page.evaluate((n) => window.optzoo.app.registry.find((o) => o.name === n).hyperparams.map((h) => h.name), name);
    await page.waitForFunction((n) => document.querySelectorAll('#runs .run:first-child [data-param]').length === n, expected.length);
    const shown = await page.$$eval('#runs .run:first-child [data-param]', (els) => els.map((e) => e.dataset.param));
    assert.deepEqual(shown, expected, `${name}: controls`);
  }
  assert.deepEqual(page.log.errors, []);
  await page.close();
});

test('the curvature preset: K-FAC and natural gradient beat SGD per step and show their extra compute', async () => {
  const page = await b.open('#preset=curvature-race');
  await runToEnd(page);
  const runs = await curves(page);
  const final = Object.fromEntries(runs.map((r) => [r.label, r.loss[r.loss.length - 1]]));
  assert.deepEqual(Object.keys(final).sort(), ['adam', 'kfac', 'natural_gradient', 'sgd']);
  assert.ok(final.kfac < final.sgd, `kfac ${final.kfac} vs sgd ${final.sgd}`);
  assert.ok(final.natural_gradient < final.sgd, `natural_gradient ${final.natural_gradient} vs sgd ${final.sgd}`);
  // On the compute axis the curvature runs reach further right than SGD for the same steps.
  const flops = await page.evaluate(() => Object.fromEntries(window.optzoo.store.runs.map((r) => {
    const f = r.col('flops');
    return [r.label, f ? f[f.length - 1] : NaN];
  })));
  assert.ok(flops.natural_gradient > flops.sgd && flops.kfac > flops.sgd, `flops ${JSON.stringify(flops)}`);
  await page.screenshot({ path: b.shot('curvature-steps'), fullPage: true });
  await page.selectOption('#x-axis', 'flops');
  await page.waitForFunction(() => /flops/.test(document.querySelector('[data-chart="loss"]').textContent));
  await page.screenshot({ path: b.shot('curvature-flops'), fullPage: true });
  assert.deepEqual(page.log.errors, []);
  await page.close();
});
