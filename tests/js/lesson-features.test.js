// The lesson features through the wasm API: per-run batch sizes, the iterate
// histogram, diagnostics and the new optimizer options reach JS with the names of
// docs/CONTRACTS.md, bad values give `path: rule`, and the page's column flattening
// keeps only series aligned with "step" (a histogram is a whole-run summary).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { load } = require('../../web/node.js');
const { flattenRun } = require('../../web/columns.js');

const noisyLine = () => ({
  seed: 5,
  problem: { kind: 'function', name: 'quadratic', dim: 1, gradient_noise: 1, start: [0] },
  steps: 3000,
  record_every: 500,
  histogram: { burn_in: 100, bins: 20, range: [-1.5, 1.5] },
  diagnostics: { gradient_change: true },
  runs: [
    { optimizer: 'sgd', lr: 0.1, label: 'hot' },
    { optimizer: 'sgd', lr: 0.01, label: 'cold' },
  ],
});

test('histogram and diagnostics come back per run; the histogram is not flattened into columns', async () => {
  const api = await load();
  const r = await api.run(noisyLine());
  const [hot, cold] = r.runs;
  assert.equal(hot.histogram.samples, 3000 - 100);
  assert.equal(hot.histogram.counts.length, 20);
  assert.equal(hot.histogram.counts.reduce((a, b) => a + b, 0) + hot.histogram.outside, hot.histogram.samples);
  // A lower temperature (smaller lr) gives a narrower stationary density.
  assert.ok(cold.histogram.covariance[0][0] < hot.histogram.covariance[0][0],
    `${cold.histogram.covariance[0][0]} vs ${hot.histogram.covariance[0][0]}`);
  assert.equal(hot.diagnostics.gradient_change.length, hot.step.length);
  assert.equal(hot.diagnostics.gradient_change[0], null);  // no step yet
  const flat = flattenRun(hot);
  assert.ok(!Object.keys(flat.cols).some((k) => k.startsWith('histogram')), Object.keys(flat.cols).join(' '));
  for (const [key, col] of Object.entries(flat.cols)) assert.equal(col.length, hot.step.length, key);
  assert.ok('diagnostics.gradient_change' in flat.cols);
});

test('per-run batch_size is echoed for runs that set it; runs of one size share minibatches', async () => {
  const api = await load();
  const spec = {
    seed: 3,
    problem: { kind: 'function', name: 'noisy_quadratic', size: 64 },
    batch_size: 8,
    steps: 30,
    runs: [
      { optimizer: 'sgd', lr: 0.1, label: 'inherits 8' },
      { optimizer: 'sgd', lr: 0.1, batch_size: 8, label: 'own 8' },
      { optimizer: 'sgd', lr: 0.1, batch_size: 32, label: 'own 32' },
    ],
  };
  const r = await api.run(spec);
  assert.equal(r.runs[0].batch_size, undefined);
  assert.equal(r.runs[2].batch_size, 32);
  assert.deepEqual(r.runs[0].loss, r.runs[1].loss);
  assert.notDeepEqual(r.runs[0].loss, r.runs[2].loss);
  assert.equal(r.runs[2].examples.at(-1), 32 * 30);
});

test('the new options validate with path: rule messages', async () => {
  const api = await load();
  const base = () => ({ problem: { kind: 'function', name: 'quadratic', dim: 2 }, steps: 5, runs: [{ optimizer: 'sgd' }] });
  const cases = [
    [{ optimizer: 'rmsprop', power: 2 }, /^runs\[0\]\.power: must be a finite number in \[0\.5, 1\]/],
    [{ optimizer: 'adam', bias_correction: 'minT' }, /^runs\[0\]\.bias_correction: must be one of/],
    [{ optimizer: 'sgd', n_g: 10, momentum: 0.9 }, /^runs\[0\]\.n_g: cannot be combined with momentum/],
    [{ optimizer: 'sgdw', n_g: 0.5 }, /^runs\[0\]\.n_g: must be >= 1/],
    [{ optimizer: 'mirror_descent', mirror_map: 'kl' }, /^runs\[0\]\.mirror_map: must be one of/],
    [{ optimizer: 'sgd', batch_size: -1 }, /^runs\[0\]\.batch_size: must be an integer in/],
  ];
  for (const [run, rule] of cases) {
    const spec = base();
    spec.runs = [run];
    assert.match(String(api.validate(spec)), rule, JSON.stringify(run));
  }
  const spec = base();
  spec.histogram = { bins: 10 };
  assert.match(String(api.validate(spec)), /^histogram\.range: is required/);
  spec.histogram = { bins: 10, range: [0, 1] };
  spec.diagnostics = { relu_rescale: 2 };
  assert.match(String(api.validate(spec)), /^diagnostics\.relu_rescale: needs a network/);
});

test('sgdw, rmsprop_per_example and the euclidean mirror map run and lower the loss', async () => {
  const api = await load();
  const r = await api.run({
    seed: 1,
    problem: { kind: 'function', name: 'simplex_quadratic', dim: 6 },
    steps: 200,
    runs: [
      { optimizer: 'mirror_descent', signed: false, mirror_map: 'euclidean', lr: 0.5, label: 'projected' },
      { optimizer: 'mirror_descent', signed: false, lr: 0.5, label: 'exponentiated' },
      { optimizer: 'sgdw', lr: 0.1, n_g: 5 },
      { optimizer: 'rmsprop_per_example', lr: 0.01 },
    ],
  });
  for (const run of r.runs) {
    assert.equal(run.status, 'ok', run.label);
    assert.ok(run.loss.at(-1) < run.loss[0], `${run.label}: ${run.loss[0]} -> ${run.loss.at(-1)}`);
  }
});
