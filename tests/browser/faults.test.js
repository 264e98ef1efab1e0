// Resource faults in the page: a spec beyond the memory cap is refused before anything
// is allocated, with the size it would need; a run that still runs out of memory shows
// the error, the page starts a fresh worker, and the spec and the curves drawn so far
// stay and can be exported.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { start, loadSpec, curves, download } = require('./browser.js');

let b;
before(async () => { b = await start(); });
after(async () => { if (b) await b.stop(); });

const RACE = {
  seed: 2,
  problem: { kind: 'dataset', name: 'spiral', size: 200 },
  model: { kind: 'mlp', sizes: [2, 12, 3], activation: 'tanh' },
  // Every step recorded for four runs: each post of new points then needs far more
  // memory than the scraps a full heap has left.
  loss: 'cross_entropy', batch_size: 32, steps: 100000, record_every: 1,
  runs: [{ optimizer: 'sgd', lr: 0.1, momentum: 0.9 }, { optimizer: 'adam', lr: 0.01 }, { optimizer: 'rmsprop', lr: 0.001 },
    { optimizer: 'adagrad', lr: 0.05 }],
};

// Within every per-field limit, but the whole-set batch needs about 99 GB.
const TOO_BIG = {
  seed: 0, problem: { kind: 'dataset', name: 'spiral', size: 1000000 }, model: { kind: 'mlp', sizes: [2, 4096, 4096, 3] },
  batch_size: 0, steps: 10, runs: [{ optimizer: 'adam' }],
};

const errorsText = (page) => page.textContent('#errors');

test('a spec beyond the memory cap is refused up front, naming the size it needs', async () => {
  const page = await b.open('');
  const keep = await page.evaluate(() => JSON.stringify(window.optzoo.app.spec));
  assert.equal(await page.evaluate((s) => window.optzoo.load(s), TOO_BIG), false);
  const text = await errorsText(page);
  assert.match(text, /memory: this experiment needs about \d+ MB/);
  assert.match(text, /limit of \d+ MB/);
  assert.equal(await page.evaluate(() => JSON.stringify(window.optzoo.app.spec)), keep, 'the previous experiment stays');
  await page.close();
});

// Runs in the worker: fills its wasm heap up to the 2 GiB cap with experiments made
// through the core's own API, largest first, until not even a tiny one fits. On a
// nearly full heap the module may abort instead (no room left even to throw
// std::bad_alloc): it is then dead, which the page must survive just the same.
async function fillWorkerMemory() {
  /* global api */
  self.hogs = [];
  for (const dim of [1000000, 100000, 10000, 1000, 100, 10, 1]) {
    for (;;) {
      try {
        self.hogs.push(await api.createExperiment({ seed: 0, problem: { kind: 'function', name: 'quadratic', dim }, steps: 0, runs: [{ optimizer: 'sgd' }] }));
      } catch (e) {
        if (/^core: stopped/.test(e.message)) return self.hogs.length;
        if (!/^memory: out of memory/.test(e.message)) throw e;
        break;
      }
    }
  }
  return self.hogs.length;
}

const FAILED = /memory: out of memory|core: stopped/;

test('an out-of-memory run shows the error, the worker restarts, the curves so far export', async () => {
  const page = await b.open('');
  await loadSpec(page, RACE);
  await page.click('#play');
  await page.waitForFunction(() => window.optzoo.store.stepsDone >= 300, null, { timeout: 60000 });
  await page.click('#play'); // pause
  await page.waitForFunction(() => !window.optzoo.app.playing);
  const drawn = await curves(page);
  assert.ok(drawn.every((r) => r.loss.length >= 30));
  const worker = page.workers()[0];
  assert.ok(await worker.evaluate(fillWorkerMemory) > 0);

  const oldWorkerGone = new Promise((resolve) => worker.once('close', resolve));
  // The page starts the new worker right after ending the old one, but its event can
  // reach this side after the old one's close: wait for it rather than look once.
  const newWorker = page.waitForEvent('worker', { timeout: 90000 }).catch(() => null);

  // Training on needs memory that is not there.
  await page.click('#play');
  try {
    await page.waitForFunction((re) => new RegExp(re).test(document.getElementById('errors').textContent), FAILED.source, { timeout: 60000 });
  } catch (e) {
    // Seen once in a full run (not reproduced alone): say what the page showed instead.
    const state = await page.evaluate(() => ({ steps: window.optzoo.store.stepsDone, playing: window.optzoo.app.playing }));
    throw new Error(`no out-of-memory error within 60 s; errors shown: ${JSON.stringify(await errorsText(page))}, ${JSON.stringify(state)}`);
  }
  assert.match(await errorsText(page), /worker was restarted/);
  assert.equal(await page.evaluate(() => window.optzoo.app.playing), false);
  await page.waitForFunction(() => window.optzoo.app.lost !== null);
  // The old worker (and its full heap) is gone, and a fresh one took over.
  await oldWorkerGone;
  const fresh = await newWorker;
  assert.ok(fresh && fresh !== worker, 'a new worker runs');

  // The curves drawn before the failure are all still there.
  const kept = await curves(page);
  kept.forEach((run, i) => {
    assert.deepEqual(run.step.slice(0, drawn[i].step.length), drawn[i].step);
    assert.deepEqual(run.loss.slice(0, drawn[i].loss.length), drawn[i].loss);
  });
  // Exports: the JSON holds the spec and those curves, and says where it stopped.
  const spec = await page.evaluate(() => window.optzoo.app.spec);
  const doc = JSON.parse((await download(page, () => page.click('#export-json'))).bytes.toString('utf8'));
  assert.deepEqual(doc.spec, spec);
  assert.match(doc.stopped, new RegExp(`stopped at step \\d+: (${FAILED.source})`));
  doc.result.runs.forEach((run, i) => {
    assert.equal(run.label, kept[i].label);
    assert.deepEqual(run.step, kept[i].step);
    assert.deepEqual(run.loss, kept[i].loss.map((v) => (Number.isFinite(v) ? v : null)));
  });
  const csv = (await download(page, () => page.click('#export-csv'))).bytes.toString('utf8').trim().split('\n');
  assert.equal(csv.length, 1 + kept.reduce((n, r) => n + r.step.length, 0));

  // Play starts the experiment again from step 0 in the new worker, and it trains.
  await page.click('#play');
  await page.waitForFunction(() => window.optzoo.app.lost === null && window.optzoo.store.stepsDone >= 20, null, { timeout: 60000 });
  await page.click('#play');
  const again = await curves(page);
  assert.deepEqual(again[0].loss.slice(0, 2), drawn[0].loss.slice(0, 2), 'the same numbers from step 0');
  assert.deepEqual(page.log.errors.filter((e) => e.startsWith('pageerror')), []);
  await page.close();
});
