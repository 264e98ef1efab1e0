// Eight optimizers racing on MNIST in the worker while the page keeps answering
// clicks. Nothing here asserts on time: the page must react to Pause mid-race and
// every run must learn. The longest gap between animation frames is reported as a
// diagnostic (see tests/logs/browser.log) for whoever tunes the worker's slices.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { start, loadSpec, runToEnd, curves } = require('./browser.js');

let b;
before(async () => { b = await start(); });
after(async () => { if (b) await b.stop(); });

const EIGHT = {
  seed: 4,
  problem: { kind: 'dataset', name: 'mnist', train_size: 2000, test_size: 500 },
  model: { kind: 'mlp', sizes: [784, 32, 10], activation: 'relu' },
  loss: 'cross_entropy', batch_size: 64, steps: 1500, record_every: 25,
  runs: [
    { optimizer: 'sgd', lr: 0.05, momentum: 0.9 }, { optimizer: 'adam', lr: 0.002 }, { optimizer: 'adamw', lr: 0.002 },
    { optimizer: 'rmsprop', lr: 0.001 }, { optimizer: 'adagrad', lr: 0.05 }, { optimizer: 'lion', lr: 0.0003 },
    { optimizer: 'nero', lr: 0.01 }, { optimizer: 'lamb', lr: 0.01 },
  ],
};

const stepsDone = (page) => page.evaluate(() => window.optzoo.store.stepsDone);

test('eight optimizers race on MNIST and the page still answers a Pause click mid-race', async (t) => {
  const page = await b.open('');
  await loadSpec(page, EIGHT);
  await page.evaluate(() => {
    const lag = { frames: 0, longest: 0, stop: false };
    window.__lag = lag;
    let last = performance.now();
    const tick = (now) => {
      lag.frames += 1;
      lag.longest = Math.max(lag.longest, now - last);
      last = now;
      if (!lag.stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await page.click('#play');
  await page.waitForFunction(() => window.optzoo.store.runs.length === 8
    && window.optzoo.store.runs.every((r) => r.col('step').length >= 3), null, { timeout: 90000, polling: 100 });
  await page.click('#play');  // now labelled Pause
  await page.waitForFunction(() => !window.optzoo.app.playing);
  assert.equal(await page.textContent('#play'), 'Play');
  // A slice already under way may still post; after that the race must stand still.
  await page.waitForTimeout(300);
  const paused = await stepsDone(page);
  await page.waitForTimeout(700);
  assert.equal(await stepsDone(page), paused, 'no training while paused');
  assert.ok(paused < EIGHT.steps, `paused mid-race at step ${paused}`);
  const lag = await page.evaluate(() => { window.__lag.stop = true; return window.__lag; });
  assert.ok(lag.frames > 10, `the page kept drawing frames while eight runs trained (${lag.frames})`);
  t.diagnostic(`8 runs on MNIST: ${lag.frames} frames until pause at step ${paused}, longest frame gap ${lag.longest.toFixed(0)} ms`);

  await runToEnd(page);
  const runs = await curves(page);
  assert.equal(runs.length, 8);
  for (const r of runs) {
    assert.equal(r.step[r.step.length - 1], EIGHT.steps, `${r.label} ran to the end`);
    assert.ok(r.loss[r.loss.length - 1] < 0.6 * r.loss[0], `${r.label}: loss ${r.loss[0]} -> ${r.loss[r.loss.length - 1]}`);
    const acc = r.metrics.find(([k]) => k === 'metrics.test_accuracy');
    assert.ok(acc && acc[1][acc[1].length - 1] > 0.5, `${r.label}: test accuracy ${acc && acc[1][acc[1].length - 1]}`);
  }
  assert.deepEqual(page.log.errors, []);
  assert.deepEqual(page.log.foreign, []);
  await page.close();
});
