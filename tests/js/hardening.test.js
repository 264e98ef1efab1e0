// Hardening through the bindings: every entry answers with the one reply convention
// (a value or {"error"}), never a C++ exception; all violations are listed; a
// diverged run carries its reason; the module loads where code generation from
// strings is forbidden.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('child_process');
const path = require('path');
const { load, OptzooError } = require('../../web/node.js');
const { cli, writeTemp, ROOT } = require('./helpers.js');

const SMALL = {
  seed: 1,
  problem: { kind: 'inline', task: 'classification', x: [[0.1, 2.0], [1.0, -1.0], [0.5, 0.5], [-1.0, 0.3]], y: [0, 1, 2, 1] },
  model: { kind: 'mlp', sizes: [2, 4, 3], activation: 'tanh' },
  loss: 'cross_entropy', batch_size: 0, steps: 5,
  runs: [{ optimizer: 'sgd', lr: 0.1 }, { optimizer: 'adam', lr: 0.01 }],
};
const clone = (x) => JSON.parse(JSON.stringify(x));

test('the module loads and trains under --disallow-code-generation-from-strings', () => {
  const script = `
    const { load } = require(${JSON.stringify(path.join(ROOT, 'web', 'node.js'))});
    load().then(async (api) => {
      let evalBlocked = false;
      try { eval('1'); } catch (e) { evalBlocked = e instanceof EvalError; }
      const r = await api.run(${JSON.stringify(SMALL)});
      const bad = api.validate({ steps: 1 });
      console.log(JSON.stringify({ evalBlocked, points: r.runs[0].loss.length, bad }));
    }).catch((e) => { console.error(e && e.stack || e); process.exit(1); });`;
  const r = spawnSync(process.execPath, ['--disallow-code-generation-from-strings', '--no-experimental-fetch', '-e', script],
    { encoding: 'utf8', timeout: 60000 });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.evalBlocked, true, 'the flag is in force');
  assert.equal(out.points, 6);
  assert.match(out.bad, /^problem: is required/m);
});

test('every fallible binding answers with JSON: the value or {"error"}, never a throw', async () => {
  const api = await load();
  const core = api.core;
  assert.equal(JSON.parse(core.validateSpec(JSON.stringify(SMALL))), null);
  for (const text of ['{', '[]', '{"steps": "x"}', '\u0000', 'null', '{"problem": {"kind": "csv", "text": "\\u00ff,a\\n1,2", "label": "a"}, "steps": 1, "runs": [{"optimizer": "sgd"}]}']) {
    const reply = JSON.parse(core.validateSpec(text));
    assert.equal(typeof reply.error, 'string', text);
  }
  const bad = new core.Experiment('{not json');
  assert.match(JSON.parse(bad.error()).error, /^spec: is not valid JSON/);
  // Every method of a handle whose spec failed answers with that error.
  for (const reply of [bad.advance(1), bad.resultJson(0), bad.resultSinceJson('[]'), bad.problemInfo(), bad.updateRun(0, '{}'),
    bad.lossGrid(0, 1, 0, 1, 2, 2), bad.runParams(0), bad.dataPoints('train', 1), bad.testImages(0, 1), bad.predict(0, 0, 1)])
    assert.match(JSON.parse(reply).error, /^spec: is not valid JSON/);
  bad.delete();

  const e = new core.Experiment(JSON.stringify(SMALL));
  assert.equal(JSON.parse(e.error()), null);
  // Malformed arguments that used to escape as C++ exceptions (issue 13, item 8).
  assert.match(JSON.parse(e.resultSinceJson('[1,')).error, /^offsets: is not valid JSON/);
  assert.match(JSON.parse(e.resultSinceJson('{"a": 1}')).error, /^offsets: must be a list/);
  assert.match(JSON.parse(e.updateRun(0, 'nope')).error, /^run: is not valid JSON/);
  assert.match(JSON.parse(e.updateRun(7, '{"optimizer": "sgd"}')).error, /^run: index 7 is out of range/);
  assert.match(JSON.parse(e.runParams(-1)).error, /^run: index -1 is out of range/);
  assert.match(JSON.parse(e.lossGrid(0, 1, 0, 1, 5000, 5000)).error, /^grid: /);
  assert.match(JSON.parse(e.dataPoints('both', 3)).error, /^dataPoints: which must be/);
  assert.match(JSON.parse(core.registerDataset('nope', 'x')).error, /^registerDataset: /);
  assert.equal(JSON.parse(e.advance(2)), null);
  e.delete();
  assert.equal(api.version(), require('../../package.json').version);
});

test('all violations of a spec are listed, in the API and on the CLI (one line each, exit 2)', async () => {
  const api = await load();
  const spec = clone(SMALL);
  spec.runs[0].lr = -1;
  spec.runs[1].betas = 'x';
  spec.color = 'red';
  const err = api.check(spec);
  assert.ok(err instanceof OptzooError);
  assert.deepEqual(err.violations.map((v) => v.split(': ')[0]).sort(), ['color', 'runs[0].lr', 'runs[1].betas']);
  await assert.rejects(api.createExperiment(spec), (e) => e.violations.length === 3 && e.field === err.field);

  const file = writeTemp('spec.json', spec);
  for (const command of ['validate', 'run']) {
    const r = cli([command, file]);
    assert.equal(r.status, 2);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 3, r.stderr);
    for (const l of lines) assert.match(l, /^optzoo: [\w.[\]]+: \S/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  }
});

test('a diverged run reports its step and reason; the other run goes on', async () => {
  const api = await load();
  const r = await api.run({ seed: 0, problem: { kind: 'function', name: 'rosenbrock' }, steps: 40,
    runs: [{ optimizer: 'sgd', lr: 0.0005, label: 'calm' }, { optimizer: 'sgd', lr: 1000, label: 'wild' }] });
  const [calm, wild] = r.runs;
  assert.equal(calm.status, 'ok');
  assert.equal(calm.step[calm.step.length - 1], 40);
  assert.equal(wild.status, 'diverged');
  assert.equal(wild.step[wild.step.length - 1], wild.diverged_at);
  assert.match(wild.diverged_reason, /^(loss is|gradient has|optimizer state has|parameters have|training loss is) (NaN|Inf)$/);
});

test('a fault inside the module (a trap, a stack overflow) stops it and asks for a restart; user errors pass unchanged', () => {
  const { coreFault } = require('../../web/optzoo.js');
  for (const fault of [new WebAssembly.RuntimeError('unreachable'), new RangeError('Maximum call stack size exceeded')]) {
    const e = coreFault(fault);
    assert.ok(e instanceof OptzooError);
    assert.equal(e.message, `core: stopped (${fault.message})`);
    assert.equal(e.restart, true);
  }
  const user = new OptzooError('runs[0].lr: must be positive');
  assert.equal(coreFault(user), user);
  assert.equal(coreFault(user).restart, false);
  const other = new RangeError('Invalid array length');
  assert.equal(coreFault(other), other, 'only the stack overflow means the module stopped mid-call');
});
