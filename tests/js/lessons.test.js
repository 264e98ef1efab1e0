// The catalogue and its lessons: entries are well formed and their specs valid, the
// generated examples/ and page presets are in sync, the check engine measures what
// it says, and a deliberately broken optimizer turns a lesson red.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('path');
const { spawnSync } = require('child_process');
const { cli, writeTemp } = require('./helpers.js');
const { load } = require('../../web/node.js');
const { loadCatalogue, entrySpecs } = require('../../web/lessons/catalogue.js');
const { checkEntry } = require('../../web/lessons/run.js');
const { evaluate, linearRate } = require('../../web/lessons/checks.js');

const ROOT = path.join(__dirname, '..', '..');
const entries = loadCatalogue();
const byId = (id) => JSON.parse(JSON.stringify(entries.find((e) => e.id === id)));

test('every preset, example and lesson spec is accepted by the core', async () => {
  const api = await load();
  for (const e of entries)
    for (const { spec } of entrySpecs(e)) {
      await api.ensureDatasets(JSON.stringify(spec));
      assert.equal(api.check(JSON.stringify(spec)), null, `${e.id} (seed ${spec.seed})`);
    }
  assert.ok(entries.filter((e) => e.checks).length >= 18, 'at least 18 lessons');
});

test('the core serves the catalogue/ files, and the problem registry the page builds its menu from', async () => {
  const api = await load();
  assert.deepEqual(api.catalogue(), entries, 'the core compiles catalogue/*.json in: rebuild after editing it');
  const { problems, schedules } = api.problems();
  const names = problems.map((p) => p.name);
  for (const n of ['spiral', 'mnist', 'fashion-mnist', 'rosenbrock', 'quadratic']) assert.ok(names.includes(n), n);
  // Every problem a catalogue spec uses is one the registry lists, so the page can offer it.
  for (const e of entries)
    if (['dataset', 'function'].includes(e.spec.problem.kind)) assert.ok(names.includes(e.spec.problem.name), `${e.id}: ${e.spec.problem.name}`);
  assert.ok(schedules.some((s) => s.kind === 'sgdr' && s.options.t_0.required));
});

test('examples/*.json are generated from catalogue/ and in sync', () => {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'catalogue.js'), '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

test('a malformed entry is refused with file: path: rule', () => {
  const e = { ...byId('noise-ball'), checks: [{ kind: 'final_los_below', run: 'constant', below: 1 }] };
  const dir = path.dirname(writeTemp('noise-ball.json', e));
  assert.throws(() => loadCatalogue(dir), /noise-ball\.json: checks\[0\]\.kind: must be one of final_loss_below/);
  const f = writeTemp('other.json', { ...byId('noise-ball'), seeds: [] });
  assert.throws(() => loadCatalogue(path.dirname(f)), /other\.json: id: must match the file name[\s\S]*seeds: must be a non-empty list/);
});

test('linear_rate recovers the factor of a geometric series and final_loss_ratio takes the median over seeds', () => {
  const step = [...Array(50).keys()];
  const run = (label, rate, scale = 1) => ({ label, status: 'ok', step, loss: step.map((t) => scale * rate ** t) });
  assert.ok(Math.abs(linearRate(run('a', 0.9)) - 0.9) < 1e-12);
  // Three seeds: ratios 0.1, 0.5 and 10; the median (0.5) decides, not the outlier.
  const results = [0.1, 0.5, 10].map((s) => ({ runs: [run('a', 0.9, s), run('b', 0.9)] }));
  const c = evaluate({ kind: 'final_loss_ratio', run: 'a', vs: 'b', below: 0.6 }, results);
  assert.equal(c.pass, true);
  assert.equal(Number(c.figure), 0.5);
  assert.equal(evaluate({ kind: 'final_loss_ratio', run: 'a', vs: 'b', below: 0.4 }, results).pass, false);
});

test('of: update_ratio:NAME reads the internals, and vs_of compares two series of one run', () => {
  const step = [0, 1, 2, 3];
  const run = { label: 'a', status: 'ok', step, loss: [1, 1, 1, 1],
    internals: { update_ratio: { w0: [null, 0.01, 0.01, 0.01], w1: [null, 0.04, 0.04, 0.04] } } };
  const results = [{ runs: [run] }];
  const c = evaluate({ kind: 'final_loss_ratio', run: 'a', vs: 'a', of: 'update_ratio:w1', vs_of: 'update_ratio:w0', tail: 0.5, near: 4, tol: 1e-9 }, results);
  assert.equal(c.pass, true, c.figure);
  // A tail reaching step 0, where the ratio has no value, fails instead of averaging a guess.
  assert.equal(evaluate({ kind: 'final_loss_below', run: 'a', of: 'update_ratio:w0', tail: 1, below: 1 }, results).pass, false);
  assert.throws(() => evaluate({ kind: 'final_loss_below', run: 'a', of: 'update_ratio:w9', below: 1 }, results), /no series "update_ratio:w9"/);
});

test("the Rprop toy turns red when Rprop's sign rule is replaced by the raw gradient (SGD)", async () => {
  const api = await load();
  const broken = byId('rprop-sign-toy');
  broken.spec.runs = broken.spec.runs.map((r) => (r.optimizer === 'rprop' ? { label: r.label, optimizer: 'sgd', lr: 0.01 } : r));
  const outcome = await checkEntry(api, broken);
  // SGD at batch size one averages to the mean target, so the median-target check fails.
  assert.equal(outcome.checks[1].pass, false, outcome.checks[1].figure);
});

test('the Rprop lesson turns red when Rprop is replaced by plain SGD with a tiny step', async () => {
  const api = await load();
  const broken = byId('rprop-minibatch');
  broken.spec.runs[0] = { label: 'rprop', optimizer: 'sgd', lr: 1e-5 };
  const outcome = await checkEntry(api, broken);
  assert.equal(outcome.pass, false);
  // The full-batch check is the one that catches it: the stand-in never fits the spiral.
  assert.equal(outcome.checks[0].pass, false, outcome.checks[0].figure);
});

test("the Adam lr-range lesson turns red when Adam's per-coordinate scaling is broken (eps = 10)", async () => {
  const api = await load();
  const broken = byId('adam-lr-range');
  broken.spec.runs = broken.spec.runs.map((r) => (r.optimizer === 'adam' ? { ...r, eps: 10 } : r));
  const outcome = await checkEntry(api, broken);
  assert.equal(outcome.pass, false, outcome.checks.map((c) => c.figure).join(' '));
});

test("the bias-correction lesson turns red when Adam's bias correction is dropped", async () => {
  const api = await load();
  const broken = byId('adam-bias-correction');
  broken.spec.runs = broken.spec.runs.map((r) => (r.label === 'standard' ? { ...r, bias_correction: 'none' } : r));
  const outcome = await checkEntry(api, broken);
  // With the reference run uncorrected too, "none over standard" is about 1.
  assert.equal(outcome.checks[0].pass, false, outcome.checks[0].figure);
});

test('optzoo lessons lists the lessons; lessons check prints PASS lines and the count', () => {
  const list = cli(['lessons']);
  assert.equal(list.status, 0);
  assert.match(list.stdout, /^noise-ball {2}A constant step stalls/m);
  const r = cli(['lessons', 'check', 'noise-ball', 'lipschitz-step']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^PASS noise-ball: [0-9.e+-]+ median /m);
  assert.match(r.stdout, /^PASS lipschitz-step: /m);
  assert.match(r.stdout, /^2 passed, 0 failed$/m);
  const bad = cli(['lessons', 'check', 'no-such-lesson']);
  assert.equal(bad.status, 1);
  assert.equal(bad.stderr, 'optzoo: lessons: no lesson no-such-lesson (see optzoo lessons)\n');
});
