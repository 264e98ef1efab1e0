// Peak wasm memory of an eight-run MNIST race, in a fresh module instance so that no
// earlier bench has grown its heap: the linear memory's size (it only grows) and the
// allocator's bytes in use (mallinfo), sampled after every slice of steps.
'use strict';
const fs = require('fs');
const path = require('path');
const { wrap } = require('../../web/optzoo.js');

const DIST = path.join(__dirname, '..', '..', 'web', 'dist');
const OPTIMIZERS = ['sgd', 'adam', 'nero', 'rmsprop', 'adagrad', 'adamw', 'lion', 'lamb'];

// The page's "MNIST race" preset (784-64-10 ReLU MLP, batch 64) with eight runs.
function raceSpec(available, steps) {
  const runs = OPTIMIZERS.filter((o) => available.has(o)).map((optimizer) => ({ optimizer, lr: optimizer === 'sgd' ? 0.05 : 0.001 }));
  return {
    seed: 1, problem: { kind: 'dataset', name: 'mnist' }, model: { kind: 'mlp', sizes: [784, 64, 10], activation: 'relu' },
    loss: 'cross_entropy', batch_size: 64, steps, record_every: 50, runs,
  };
}

async function peakMemoryOfRace({ steps = 500, slice = 50 } = {}) {
  const createCore = require(path.join(DIST, 'optzoo_core.js'));
  const raw = await createCore({ wasmBinary: fs.readFileSync(path.join(DIST, 'optzoo_core.wasm')) });
  const api = wrap(raw, { loadDataset: async (name) => new Uint8Array(fs.readFileSync(path.join(DIST, 'data', `${name}.ozd`))) });
  const memoryBytes = () => (raw.HEAPU8 ? raw.HEAPU8.buffer.byteLength : NaN);
  const startBytes = memoryBytes();
  const startInUse = raw.heapBytesInUse();
  const spec = raceSpec(new Set(api.registry().map((o) => o.name)), steps);
  let peakBytes = startBytes;
  let peakInUse = startInUse;
  const sample = () => {
    peakBytes = Math.max(peakBytes, memoryBytes());
    peakInUse = Math.max(peakInUse, raw.heapBytesInUse());
  };
  const e = await api.createExperiment(spec);
  sample();
  while (!e.finished) {
    e.advance(slice);
    e.takeNewPoints();
    sample();
  }
  e.delete();
  return { runs: spec.runs.length, optimizers: spec.runs.map((r) => r.optimizer), steps, start_memory_bytes: startBytes,
    peak_memory_bytes: peakBytes, start_heap_in_use_bytes: startInUse, peak_heap_in_use_bytes: peakInUse };
}

module.exports = { peakMemoryOfRace };
