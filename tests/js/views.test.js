// The page's problem views on the JS Experiment wrapper (API.md, "Problem views").
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { load, OptzooError } = require('../../web/node.js');

const sgd = [{ optimizer: 'sgd', lr: 0.01 }];

test('2-D function: problemInfo, lossGrid and runParams', async () => {
  const api = await load();
  const e = await api.createExperiment({ seed: 0, steps: 3, problem: { kind: 'function', name: 'himmelblau' }, runs: sgd });
  try {
    const info = e.problemInfo();
    assert.equal(info.kind, 'function');
    assert.equal(info.name, 'himmelblau');
    assert.equal(info.task, 'function');
    assert.equal(info.dim, 2);
    assert.equal(info.two_d, true);
    assert.deepEqual(info.bounds, [-5, 5, -5, 5]);
    assert.deepEqual(info.minimum, [3, 2]);
    const grid = e.lossGrid(-5, 5, -5, 5, 11, 6);
    assert.ok(grid instanceof Float32Array);
    assert.equal(grid.length, 66);
    // Row = y index: grid[j*nx + i] is f(x_i, y_j); (3, 2) is not on this grid, (-5, -5) is.
    const f = (x, y) => (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2;
    assert.ok(Math.abs(grid[0] - f(-5, -5)) < 1e-3);
    assert.ok(Math.abs(grid[6 + 11 * 2] - f(1, -1)) < 1e-3);
    assert.deepEqual(Array.from(e.runParams(0)), [0, 0]);
    e.advance(3);
    assert.notDeepEqual(Array.from(e.runParams(0)), [0, 0]);
    assert.throws(() => e.runParams(4), (err) => err instanceof OptzooError && /run: index 4 is out of range/.test(err.message));
    assert.throws(() => e.predictGrid(0, -1, 1, -1, 1, 2, 2), /predictGrid: needs a dataset/);
    assert.throws(() => e.lossGrid(-1, 1, -1, 1, 0, 5), /grid: nx and ny must be at least 1/);
  } finally {
    e.delete();
  }
});

test('1-D function: lossGrid is one row over [xmin, xmax]; ny must be 1', async () => {
  const api = await load();
  const e = await api.createExperiment({ seed: 0, steps: 1, problem: { kind: 'function', name: 'double_well', dim: 1, height: 0.5 }, runs: sgd });
  try {
    assert.equal(e.problemInfo().two_d, false);
    const row = e.lossGrid(-2, 2, 0, 0, 9, 1);
    assert.equal(row.length, 9);
    row.forEach((f, i) => {
      const x = -2 + 0.5 * i;
      assert.ok(Math.abs(f - 0.5 * (x * x - 1) ** 2) < 1e-6, `f(${x}) = ${f}`);
    });
    assert.throws(() => e.lossGrid(-2, 2, 0, 1, 9, 2), /lossGrid: a 1-D function's grid is one row: ny must be 1, got 2/);
  } finally {
    e.delete();
  }
});

test('2-D dataset: predictGrid gives class probabilities, dataPoints the raw points', async () => {
  const api = await load();
  const e = await api.createExperiment({
    seed: 0, steps: 3, runs: sgd,
    problem: { kind: 'dataset', name: 'moons', size: 100, features: ['x', 'y', 'xy'] },
    model: { kind: 'mlp', sizes: [3, 5, 2], activation: 'tanh' },
  });
  try {
    const info = e.problemInfo();
    assert.equal(info.two_d, true);
    assert.equal(info.classes, 2);
    assert.deepEqual(info.input_shape, [3, 1, 1]);
    const p = e.predictGrid(0, -1, 1, -1, 1, 5, 4);
    assert.equal(p.length, 5 * 4 * 2);
    for (let i = 0; i < 20; i++) assert.ok(Math.abs(p[2 * i] + p[2 * i + 1] - 1) < 1e-5);
    const pts = e.dataPoints('train', 10);
    assert.equal(pts.x.length, 10);
    assert.equal(pts.x[0].length, 2);
    assert.equal(pts.y.length, 10);
    assert.equal(e.dataPoints('test', 1000).x.length, 25);
    assert.throws(() => e.dataPoints('val', 3), /dataPoints: which must be "train" or "test"/);
    assert.throws(() => e.testImages(0, 1), /testImages: needs an image dataset/);
    assert.throws(() => e.lossGrid(-1, 1, -1, 1, 2, 2), /lossGrid: needs a 1-D or 2-D test function/);
  } finally {
    e.delete();
  }
});

test('image dataset: testImages in [0, 1], labels and predictions of the test set', async () => {
  const api = await load();
  const e = await api.createExperiment({
    seed: 0, steps: 2, batch_size: 50, runs: [{ optimizer: 'sgd', lr: 0.1 }],
    problem: { kind: 'dataset', name: 'mnist', train_size: 500, test_size: 50, normalize: 'standardize' },
    model: { kind: 'logistic' },
  });
  try {
    const info = e.problemInfo();
    assert.equal(info.image, true);
    assert.deepEqual(info.input_shape, [1, 28, 28]);
    const img = e.testImages(10, 3);
    assert.equal(img.length, 3 * 784);
    assert.ok(img.every((v) => v >= 0 && v <= 1) && img.some((v) => v === 1) && img.some((v) => v === 0));
    const labels = e.testLabels(0, 50);
    assert.ok(labels instanceof Int32Array && labels.every((l) => l >= 0 && l < 10));
    assert.ok(new Set(labels).size > 5);
    e.advance(2);
    const pred = e.predict(0, 0, 50);
    assert.equal(pred.length, 50);
    assert.throws(() => e.predict(0, 40, 20), /predict: examples 40 to 60 are outside the test set/);
  } finally {
    e.delete();
  }
});

test('registerDataset rejects unknown names and corrupt bytes with a one-line message', async () => {
  const api = await load();
  assert.throws(() => api.registerDataset('cifar', new Uint8Array(10)), /registerDataset: "cifar" is not a known dataset/);
  assert.throws(() => api.registerDataset('fashion-mnist', new Uint8Array([79, 90, 68, 50])), /fashion-mnist\.ozd: /);
});
