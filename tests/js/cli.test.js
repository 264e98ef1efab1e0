// The headless CLI: PyTorch parity through the wasm build, clear one-line errors,
// determinism, and the registry listing.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { reproducible, cli, golden, goldenNames, writeTemp, relDiff } = require('./helpers.js');

const registered = new Set(JSON.parse(cli(['optimizers']).stdout).optimizers.map((o) => o.name));

test('optimizers lists the registry as JSON with schemas', () => {
  const r = cli(['optimizers']);
  assert.equal(r.status, 0);
  const list = JSON.parse(r.stdout).optimizers;
  const sgd = list.find((o) => o.name === 'sgd');
  assert.ok(sgd, 'sgd is registered');
  assert.deepEqual(sgd.hyperparams.map((h) => h.name), ['lr', 'momentum', 'n_g', 'dampening', 'weight_decay', 'nesterov']);
  for (const o of list) {
    assert.ok(o.reference && o.summary && o.equation, `${o.name} documents its source`);
    for (const h of o.hyperparams) assert.ok(h.doc, `${o.name}.${h.name} has a doc line`);
  }
});

// Every golden case whose optimizers are registered: the CLI (wasm under Node) must
// reproduce PyTorch's loss trajectory within the case's tolerance.
for (const name of goldenNames()) {
  const g = golden(name);
  const ready = g.spec.runs.every((r) => registered.has(r.optimizer));
  test(`run matches PyTorch: ${name}`, { skip: ready ? false : 'optimizer not registered yet' }, () => {
    const r = cli(['run', writeTemp('spec.json', g.spec)]);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.runs.length, g.expected.runs.length);
    out.runs.forEach((run, i) => {
      const want = g.expected.runs[i];
      assert.equal(run.label, want.label);
      assert.equal(run.status, 'ok');
      assert.equal(run.loss.length, g.spec.steps + 1);
      const worst = Math.max(...run.loss.map((v, k) => relDiff(v, want.loss[k])));
      assert.ok(worst <= g.tolerance, `${want.label}: worst relative difference ${worst} > ${g.tolerance}`);
    });
  });
}

test('the same spec gives identical numbers twice (wall time aside)', () => {
  const spec = golden('sgd_ce_tanh').spec;
  spec.batch_size = 8;
  const file = writeTemp('spec.json', spec);
  const a = cli(['run', file]);
  const b = cli(['run', file]);
  assert.equal(a.status, 0, a.stderr);
  assert.deepStrictEqual(reproducible(a.stdout), reproducible(b.stdout));
});

test('a compute budget stops backprop and ES at the same cost, with counters and the cosine', () => {
  const spec = golden('sgd_ce_tanh').spec;
  delete spec.steps;
  spec.batch_size = 8;
  spec.budget = 4000;
  spec.runs = [{ optimizer: 'sgd', lr: 0.1 }, { optimizer: 'es', directions: 4, sigma: 0.02, lr: 0.1 }];
  const r = cli(['run', writeTemp('spec.json', spec)]);
  assert.equal(r.status, 0, r.stderr);
  const [sgd, es] = JSON.parse(r.stdout).runs;
  for (const run of [sgd, es]) {
    const fpe = run.fpe.at(-1);
    assert.ok(fpe <= 4000, `${run.label} used ${fpe}`);
    assert.equal(run.stopped_at, run.step.at(-1));
    assert.equal(run.fpe.length, run.step.length);
    run.fpe.forEach((f, k) => assert.equal(f, run.forward_passes[k] + 2 * run.backward_passes[k]));
  }
  assert.equal(sgd.fpe.at(-1) / sgd.step.at(-1), 8 * 3);
  assert.equal(es.fpe.at(-1) / es.step.at(-1), 8 * 2 * 4);
  assert.ok(sgd.step.at(-1) > es.step.at(-1));
  assert.equal(sgd.cosine, undefined);
  assert.equal(es.cosine.length, es.step.length);
  assert.equal(es.cosine[0], null);
  assert.ok(es.cosine.slice(1).every((c) => typeof c === 'number' && c >= -1 && c <= 1), String(es.cosine));
});

test('reads the spec from stdin with "-" and runs under a no-eval policy', () => {
  const spec = golden('sgd_mse_relu').spec;
  // Embind is built with DYNAMIC_EXECUTION=0, so a strict CSP (no eval) works.
  const r = cli(['run', '-'], { input: JSON.stringify(spec), nodeFlags: ['--disallow-code-generation-from-strings'] });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).runs.length, spec.runs.length);
});

// Each bad spec: non-zero exit, nothing on stdout, exactly one line on stderr that
// names the field path and the rule, and no stack trace.
const base = () => golden('sgd_ce_tanh').spec;
const BAD = [
  ['negative lr', (s) => { s.runs[0].lr = -0.1; }, 'runs[0].lr: must be a finite number > 0, got -0.1'],
  ['unknown key', (s) => { s.runs[1].momentun = 0.9; }, 'runs[1].momentun: is not a known key here'],
  ['unknown top-level key', (s) => { s.epochs = 3; }, 'epochs: is not a known key here'],
  ['wrong type', (s) => { s.steps = '40'; }, 'steps: must be an integer in [0, 10000000], got a string'],
  ['x/sizes mismatch', (s) => { s.model.sizes[0] = 5; }, 'model.sizes[0]: must equal the number of input features (4), got 5'],
  ['x/y mismatch', (s) => { s.problem.y.pop(); }, 'problem.y: must have one entry per row of x (48), got 47'],
  ['init shape', (s) => { s.model.init.weights[1].pop(); }, 'model.init.weights[1]: must be [out][in] = [3][8], got 2 rows'],
  ['init row', (s) => { s.model.init.weights[0][2].push(0.5); }, 'model.init.weights[0][2]: must have 4 entries (the layer\'s inputs), got 5'],
  ['bias size', (s) => { s.model.init.biases[0].push(0); }, 'model.init.biases[0]: must have 8 entries (the layer\'s outputs), got 9'],
  ['null number', (s) => { s.problem.x[3][1] = null; }, 'problem.x[3][1]: must be a finite number, got null'],
  ['unknown optimizer', (s) => { s.runs[0].optimizer = 'adamm'; }, 'runs[0].optimizer: is not a known optimizer: "adamm"'],
  ['duplicate label', (s) => { s.runs[1].label = s.runs[0].label; }, 'runs[1].label: must be unique'],
];
for (const [what, mutate, message] of BAD) {
  test(`bad spec gets one clear line: ${what}`, () => {
    const spec = base();
    mutate(spec);
    const r = cli(['run', writeTemp('spec.json', spec)]);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.ok(lines[0].startsWith(`optzoo: ${message}`), lines[0]);
  });
}

test('NaN, Infinity and broken JSON are rejected with a position', () => {
  for (const text of ['{"steps": NaN}', '{"steps": Infinity}', '{"steps": 1e999}', '{"seed": 0,', '']) {
    const r = cli(['run', writeTemp('spec.json', text)]);
    assert.equal(r.status, 2, text);
    assert.match(r.stderr, /^optzoo: spec: is not valid JSON \(.+\)\n$/);
  }
});

test('usage mistakes get one line and exit 1', () => {
  for (const args of [['run'], ['run', '/no/such/spec.json'], ['frobnicate'], ['run', 'x.json', '--fast']]) {
    const r = cli(args);
    assert.equal(r.status, 1, args.join(' '));
    assert.equal(r.stderr.trimEnd().split('\n').length, 1);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  }
  assert.match(cli(['help']).stdout, /usage: optzoo/);
});
