// The JS API shared by the CLI and the page's worker.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { load } = require('../../web/node.js');
const { golden } = require('./helpers.js');

test('createExperiment streams new points and matches a one-shot run', async () => {
  const api = await load();
  const spec = golden('sgd_ce_tanh').spec;
  const whole = await api.run(spec);
  const e = await api.createExperiment(spec);
  const streamed = spec.runs.map(() => []);
  let got = e.takeNewPoints();  // the initial point
  got.runs.forEach((r, i) => streamed[i].push(...r.loss));
  while (!e.finished) {
    e.advance(7);
    got = e.takeNewPoints();
    got.runs.forEach((r, i) => streamed[i].push(...r.loss));
  }
  e.delete();
  whole.runs.forEach((r, i) => assert.deepEqual(streamed[i], r.loss));
});

test('invalid specs raise OptzooError with the field and the rule', async () => {
  const api = await load();
  const spec = golden('sgd_ce_tanh').spec;
  spec.runs[2].momentum = -1;
  await assert.rejects(api.createExperiment(spec), (e) => {
    assert.equal(e.name, 'OptzooError');
    assert.equal(e.field, 'runs[2].momentum');
    assert.match(e.rule, /^must be a finite number >= 0/);
    return true;
  });
  assert.equal(api.validate(spec), 'runs[2].momentum: must be a finite number >= 0, got -1');
  assert.equal(api.validate(golden('sgd_ce_tanh').spec), null);
});

test('changing the learning rate mid-run takes effect without a reset', async () => {
  const api = await load();
  const spec = golden('sgd_ce_tanh').spec;
  spec.runs = [{ optimizer: 'sgd', lr: 0.1, label: 'a' }, { optimizer: 'sgd', lr: 0.1, label: 'b' }];
  const e = await api.createExperiment(spec);
  e.advance(10);
  e.updateRun(1, { optimizer: 'sgd', lr: 0.5, label: 'b' });
  e.advance(10);
  const r = e.result();
  assert.deepEqual(r.runs[0].loss.slice(0, 11), r.runs[1].loss.slice(0, 11));
  assert.ok(r.runs[1].loss[20] < r.runs[0].loss[20]);
  assert.throws(() => e.updateRun(1, { optimizer: 'sgd', lr: 0 }), /runs\[1\]\.lr: must be a finite number > 0/);
  e.delete();
});

test('creating and deleting experiments does not grow wasm memory (leak check)', async () => {
  const api = await load();
  const spec = golden('sgd_mse_relu').spec;
  const cycle = async () => {
    const e = await api.createExperiment(spec);
    e.advance(5);
    e.result();
    e.delete();
    api.validate(spec);
  };
  for (let i = 0; i < 20; i++) await cycle();  // let the heap reach its working size
  const before = api.core.HEAP8.buffer.byteLength;
  for (let i = 0; i < 100; i++) await cycle();
  assert.equal(api.core.HEAP8.buffer.byteLength, before);
});
