// The optimizer zoo through the CLI (wasm under Node): the registry listing, a
// schedule, a nested lookahead spec and the structure-aware optimizers on a network.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { cli, golden, writeTemp } = require('./helpers.js');

test('npx optzoo optimizers lists at least the 28 zoo optimizers with schemas', () => {
  const list = JSON.parse(cli(['optimizers']).stdout).optimizers;
  const names = list.map((o) => o.name);
  for (const name of ['sgd', 'adam', 'adamw', 'adamax', 'nadam', 'radam', 'rmsprop', 'adagrad', 'adadelta', 'rprop',
    'polyak', 'nesterov_lookahead', 'sign_sgd', 'signum', 'adagrad_norm', 'adam_min_t', 'adabelief', 'lion',
    'adafactor', 'lars', 'lamb', 'nero', 'madam', 'fromage', 'sgld', 'mcallester_adaptive', 'mirror_descent', 'lookahead', 'sgdw', 'rmsprop_per_example']) {
    assert.ok(names.includes(name), name);
  }
  for (const o of list) {
    assert.ok(Array.isArray(o.hyperparams), o.name);
    for (const h of o.hyperparams) assert.ok('default' in h && h.type, `${o.name}.${h.name}`);
  }
  const adam = list.find((o) => o.name === 'adam');
  assert.deepEqual(adam.hyperparams.map((h) => h.name), ['lr', 'betas', 'eps', 'weight_decay', 'amsgrad', 'bias_correction']);
  assert.deepEqual(adam.hyperparams.find((h) => h.name === 'betas').default, [0.9, 0.999]);
  assert.equal(list.find((o) => o.name === 'nesterov_lookahead').capabilities.needs_gradient_at, true);
});

test('zoo optimizers, a schedule and a nested lookahead run through the CLI and lower the loss', () => {
  const spec = golden('adam_ce_tanh').spec;
  spec.runs = [
    { optimizer: 'nero', label: 'nero' },
    { optimizer: 'lamb', lr: 0.01, label: 'lamb' },
    { optimizer: 'adam', lr: 0.03, label: 'adam_cosine', schedule: { kind: 'cosine', min_scale: 0.1 } },
    { optimizer: 'lookahead', k: 3, inner: { optimizer: 'sgd', lr: 0.5, momentum: 0.5 }, label: 'lookahead_sgd' },
    { optimizer: 'nesterov_lookahead', lr: 0.3, label: 'nag' },
    { optimizer: 'mcallester_adaptive', label: 'mcallester' },
  ];
  const r = cli(['run', writeTemp('spec.json', spec)]);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  for (const run of out.runs) {
    assert.equal(run.status, 'ok', run.label);
    assert.ok(run.loss[run.loss.length - 1] < run.loss[0], `${run.label}: ${run.loss[0]} -> ${run.loss[run.loss.length - 1]}`);
  }
  // The look-ahead gradient and the per-example pass are counted as compute.
  const nag = out.runs.find((x) => x.label === 'nag');
  assert.equal(nag.backward_passes[1], 48);
  const mc = out.runs.find((x) => x.label === 'mcallester');
  assert.equal(mc.backward_passes[1], 96);
});

test('bad schedules and nested specs get one clear line', () => {
  const cases = [
    [{ optimizer: 'adam', schedule: { kind: 'linear' } }, 'runs[0].schedule.kind: must be one of'],
    [{ optimizer: 'adam', schedule: { kind: 'step' } }, 'runs[0].schedule.step_size: is required'],
    [{ optimizer: 'lookahead', inner: { optimizer: 'adam', betas: [0.9, 1.5] } }, 'runs[0].inner.betas[1]: must be a finite number in [0, 1)'],
    [{ optimizer: 'lion', betas: [1, 0.9] }, 'runs[0].betas[0]: must be a finite number in [0, 1)'],
  ];
  for (const [run, message] of cases) {
    const spec = golden('adam_ce_tanh').spec;
    spec.runs = [run];
    const r = cli(['run', writeTemp('spec.json', spec)]);
    assert.equal(r.status, 2, JSON.stringify(run));
    assert.ok(r.stderr.startsWith(`optzoo: ${message}`), r.stderr);
  }
});
