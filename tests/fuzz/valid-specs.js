// Valid specs, CSVs and packed datasets that the fuzz corpus (make-corpus.js) and
// the malformed-input corpus (tests/js/malformed.test.js) start from: the examples,
// the golden cases, and small specs covering every problem kind and model kind.
'use strict';
const fs = require('fs');
const path = require('path');
const { crc32 } = require('../../scripts/pack-data.js');

const ROOT = path.join(__dirname, '..', '..');
const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));

const INLINE = {
  seed: 1,
  problem: { kind: 'inline', task: 'classification', x: [[0.1, 2.0], [1.0, -1.0], [0.5, 0.5], [-1.0, 0.3]], y: [0, 1, 2, 1] },
  model: { kind: 'mlp', sizes: [2, 4, 3], activation: 'tanh' },
  loss: 'cross_entropy', batch_size: 0, steps: 5,
  runs: [{ optimizer: 'sgd', lr: 0.1, momentum: 0.9 }, { optimizer: 'adam', lr: 0.01, betas: [0.9, 0.999], label: 'adam' }],
};

const CSV_CLASSIFY = 'x1,x2,label\n0.1,2.0,0\n1.0,-1.0,1\n0.5,0.5,2\n-1.0,0.3,1\n';
const CSV_REGRESS = 'a,b,target\n0,1,0.5\n1,0,1.5\n"2",3,2.5\n3,2,-0.5\n';

const SMALL = [
  INLINE,
  { seed: 0, problem: { kind: 'function', name: 'rosenbrock' }, steps: 10, runs: [{ optimizer: 'adam', lr: 0.01, schedule: { kind: 'cosine' } }] },
  { seed: 0, problem: { kind: 'function', name: 'quadratic', dim: 3 }, steps: 10, record_every: 2,
    runs: [{ optimizer: 'polyak', lr: 0.01 }, { optimizer: 'lookahead', inner: { optimizer: 'sgd', lr: 0.1 } }] },
  { seed: 2, problem: { kind: 'dataset', name: 'spiral', size: 60, noise: 0.1 }, model: { kind: 'mlp', sizes: [2, 8, 3], activation: ['relu'] },
    batch_size: 16, steps: 6, runs: [{ optimizer: 'nero', lr: 0.01 }, { optimizer: 'rmsprop', lr: 0.001, label: 'r' }] },
  { seed: 3, problem: { kind: 'dataset', name: 'regression1d', size: 40 }, model: { kind: 'linear' }, loss: 'mse', steps: 4,
    runs: [{ optimizer: 'sgd', lr: 0.05, schedule: { kind: 'step', step_size: 2, gamma: 0.5 } }] },
  { seed: 4, problem: { kind: 'dataset', name: 'xor', size: 40 }, model: { kind: 'logistic' }, budget: 400,
    runs: [{ optimizer: 'es', lr: 0.05 }, { optimizer: 'sgd', lr: 0.1 }] },
  { seed: 5, problem: { kind: 'csv', text: CSV_CLASSIFY, label: 'label' }, model: { kind: 'mlp', sizes: [2, 3, 3] }, steps: 3,
    runs: [{ optimizer: 'adagrad' }] },
  { seed: 6, problem: { kind: 'csv', text: CSV_REGRESS, target: 'target', test_fraction: 0.25 }, model: { kind: 'linear' }, loss: 'mse',
    steps: 3, runs: [{ optimizer: 'adamw', weight_decay: 0.01 }] },
  { seed: 7, problem: { kind: 'inline', task: 'classification', x: [[0, 0, 0, 0], [1, 1, 1, 1]], y: [0, 1] },
    model: { kind: 'cnn', layers: [{ type: 'dense', units: 3 }, { type: 'relu' }, { type: 'dense', units: 2 }] }, steps: 2,
    runs: [{ optimizer: 'lion' }] },
];

function examples() {
  const dir = path.join(ROOT, 'examples');
  return fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => ({ name: `example-${f.slice(0, -5)}`, spec: readJson(path.join(dir, f)) }));
}

function goldens() {
  const dir = path.join(ROOT, 'tests', 'golden', 'cases');
  return fs.readdirSync(dir).filter((f) => f.endsWith('.json') && !f.startsWith('gradients_')).sort()
    .map((f) => ({ name: `golden-${f.slice(0, -5)}`, spec: readJson(path.join(dir, f)).spec }));
}

// Every valid spec with a name; `small` ones train in milliseconds.
function validSpecs() {
  return [...SMALL.map((spec, i) => ({ name: `small-${i}`, spec, small: true })), ...examples(), ...goldens()];
}

// A tiny valid OZD1 buffer (the packed image format of scripts/pack-data.js).
function tinyOzd({ nTrain = 6, nTest = 2, rows = 3, cols = 3, channels = 1, numClasses = 3 } = {}) {
  const n = nTrain + nTest, img = rows * cols * channels;
  const out = Buffer.alloc(32 + n + n * img + 4);
  out.write('OZD1', 0, 'latin1');
  [1, nTrain, nTest, rows, cols, channels, numClasses].forEach((v, i) => out.writeUInt32LE(v, 4 + 4 * i));
  for (let i = 0; i < n; i++) {
    out[32 + i] = i % numClasses;
    for (let j = 0; j < img; j++) out[32 + n + i * img + j] = (37 * i + 11 * j) & 255;
  }
  out.writeUInt32LE(crc32(out.subarray(0, out.length - 4)), out.length - 4);
  return out;
}

module.exports = { validSpecs, INLINE, CSV_CLASSIFY, CSV_REGRESS, tinyOzd };
