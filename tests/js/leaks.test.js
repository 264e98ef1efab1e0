// Leaks through the bindings: ten thousand experiments created and deleted, a million
// steps in all, and wasm memory must stop growing after a warm-up. Both the module's
// memory (what the browser tab pays for) and the allocator's bytes in use (which sees
// a leak long before the memory has to grow) are compared.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { load } = require('../../web/node.js');

const SPEC = JSON.stringify({
  seed: 2,
  problem: { kind: 'inline', task: 'classification', x: [[0.1, 2.0], [1.0, -1.0], [0.5, 0.5], [-1.0, 0.3]], y: [0, 1, 2, 1] },
  model: { kind: 'mlp', sizes: [2, 4, 3], activation: 'tanh' },
  loss: 'cross_entropy', batch_size: 2, steps: 100, record_every: 25,
  runs: [{ optimizer: 'sgd', lr: 0.1, momentum: 0.9 }, { optimizer: 'adam', lr: 0.01 }],
});
const EXPERIMENTS = 10000;
const WARM_UP = 500;

test('10,000 experiments and 1,000,000 steps through the bindings: memory stops growing', async () => {
  const api = await load();
  const core = api.core;
  const memory = () => core.HEAP8.buffer.byteLength;
  let steps = 0, atWarmUp = null;
  for (let i = 0; i < EXPERIMENTS; ++i) {
    const e = await api.createExperiment(SPEC);
    try {
      e.takeNewPoints();
      while (!e.finished) { e.advance(50); steps += 50; }
      const r = e.result();
      assert.equal(r.runs[1].loss.length, 5);
      if (i % 1000 === 0) {
        e.lossGrid && assert.throws(() => e.lossGrid(0, 1, 0, 1, 2, 2), /lossGrid/);  // an error path as well
        assert.ok(api.validate({ steps: 1 }));
      }
    } finally {
      e.delete();
    }
    if (i === WARM_UP) atWarmUp = { memory: memory(), inUse: core.heapBytesInUse() };
  }
  assert.equal(steps, 1000000);
  const end = { memory: memory(), inUse: core.heapBytesInUse() };
  assert.equal(end.memory, atWarmUp.memory, `wasm memory grew from ${atWarmUp.memory} to ${end.memory} bytes`);
  // 9,500 more experiments: even 8 bytes lost each would show as 76,000 bytes.
  assert.ok(end.inUse - atWarmUp.inUse < 4096, `heap in use grew from ${atWarmUp.inUse} to ${end.inUse} bytes`);
});

test('the leak check can fail: undeleted experiments show in the heap', async () => {
  const api = await load();
  const before = api.core.heapBytesInUse();
  const kept = [];
  for (let i = 0; i < 50; ++i) kept.push(await api.createExperiment(SPEC));
  const grown = api.core.heapBytesInUse() - before;
  for (const e of kept) e.delete();
  assert.ok(grown > 50 * 1000, `50 live experiments hold ${grown} bytes`);
  assert.ok(api.core.heapBytesInUse() - before < 4096);
});
