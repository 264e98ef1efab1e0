// takePoints(): the curve points as flat Float64 columns straight from the core's
// buffer (what the page's worker posts), and the 2-D trajectories the core records.
// Streamed in slices, they must equal the result JSON flattened as before
// (columns.js), value for value, NaN for null, for every kind of series.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { load } = require('../../web/node.js');
const { flattenRun } = require('../../web/columns.js');
const { golden } = require('./helpers.js');

const SPECS = {
  network: () => golden('sgd_ce_tanh').spec,
  diagnostics: () => ({
    seed: 5, problem: { kind: 'function', name: 'quadratic', dim: 1, gradient_noise: 1, start: [0] }, steps: 300, record_every: 20,
    diagnostics: { gradient_change: true }, runs: [{ optimizer: 'sgd', lr: 0.1 }, { optimizer: 'adam', lr: 0.01 }],
  }),
  zeroth_order: () => ({
    seed: 3, problem: { kind: 'function', name: 'rosenbrock' }, steps: 60,
    runs: [{ optimizer: 'es', lr: 0.001 }, { optimizer: 'sgd', lr: 0.0005 }],
  }),
  diverged: () => ({
    seed: 0, problem: { kind: 'function', name: 'rosenbrock' }, steps: 40,
    runs: [{ optimizer: 'sgd', lr: 0.0005, label: 'calm' }, { optimizer: 'sgd', lr: 1000, label: 'wild' }],
  }),
};

const plain = (a) => Array.from(a);

for (const [name, spec] of Object.entries(SPECS)) {
  test(`takePoints streamed in slices equals the flattened result: ${name}`, async () => {
    const api = await load();
    const e = await api.createExperiment(spec());
    const got = [];
    const take = () => {
      const r = e.takePoints();
      assert.equal(r.trajectories, null);  // not asked for
      r.runs.forEach((run, i) => {
        got[i] = got[i] || { cols: {} };
        Object.assign(got[i], { label: run.label, optimizer: run.optimizer, status: run.status, diverged_at: run.diverged_at });
        for (const [key, values] of Object.entries(run.cols)) {
          assert.ok(values instanceof Float64Array);
          got[i].cols[key] = (got[i].cols[key] || []).concat(plain(values));
        }
      });
    };
    take();
    for (let slice = 1; !e.finished; slice++) {
      e.advance(slice % 5);  // slices of 0..4 steps, some recording nothing
      take();
    }
    const whole = e.result();
    e.delete();
    assert.equal(got.length, whole.runs.length);
    whole.runs.forEach((run, i) => {
      const flat = flattenRun(run);
      assert.equal(got[i].label, flat.label);
      assert.equal(got[i].status, flat.status);
      assert.equal(got[i].diverged_at, flat.diverged_at);
      assert.deepEqual(Object.keys(got[i].cols).sort(), Object.keys(flat.cols).sort());
      for (const [key, values] of Object.entries(flat.cols)) assert.deepEqual(got[i].cols[key], plain(values), `${name} run ${i} ${key}`);
    });
  });
}

test('the core records 2-D trajectories: every step, the same points as reading the parameters after each step', async () => {
  const api = await load();
  const spec = { seed: 2, problem: { kind: 'function', name: 'rosenbrock' }, steps: 90,
    runs: [{ optimizer: 'adam', lr: 0.05 }, { optimizer: 'sgd', lr: 1000, label: 'wild' }] };
  const tracked = await api.createExperiment(spec);
  tracked.trackTrajectory(1000);
  const paths = [[], []];
  for (let slice = 0; ; slice++) {
    const r = tracked.takePoints();
    r.trajectories.forEach((xy, i) => paths[i].push(...xy));
    if (tracked.finished) break;
    tracked.advance(1 + (slice % 13));
  }
  tracked.delete();
  // The reference: one step at a time, reading each run's parameters.
  const stepped = await api.createExperiment(spec);
  const expected = [[], []];
  const read = () => expected.forEach((path, i) => { const p = stepped.runParams(i); path.push(p[0], p[1]); });
  read();
  while (!stepped.finished) { stepped.advance(1); read(); }
  stepped.delete();
  assert.equal(paths[0].length, 2 * 91);
  assert.deepEqual(paths, expected);
});

test('trajectories stop at the requested number of points per run', async () => {
  const api = await load();
  const e = await api.createExperiment({ seed: 1, problem: { kind: 'function', name: 'rosenbrock' }, steps: 50, runs: [{ optimizer: 'sgd', lr: 0.0005 }] });
  e.trackTrajectory(20);
  e.advance(50);
  const r = e.takePoints();
  e.delete();
  assert.equal(r.trajectories[0].length, 2 * 20);
});

test('a one-parameter problem cannot record a 2-D trajectory', async () => {
  const api = await load();
  const e = await api.createExperiment({ seed: 1, problem: { kind: 'function', name: 'quadratic', dim: 1 }, steps: 5, runs: [{ optimizer: 'sgd', lr: 0.1 }] });
  assert.throws(() => e.trackTrajectory(10), /^OptzooError: trajectory: needs at least two parameters/);
  e.delete();
});
