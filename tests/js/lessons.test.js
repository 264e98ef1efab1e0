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

test('of: histogram:STAT reads one number of the run\'s histogram, diagnostics:NAME a diagnostics series', () => {
  const histogram = { samples: 100, outside: 5, mean: [0.5, -1], covariance: [[0.04, 0.01], [0.01, 1]] };
  const run = { label: 'a', status: 'ok', step: [0, 1, 2], loss: [1, 1, 1], histogram,
    diagnostics: { gradient_change: [null, 0.2, 0.4], gradient_change_bound: [null, 0.1, 0.8], weight_norm: { w0: [3, 2, 2], w1: [1, 1, 2] } } };
  const results = [{ runs: [run] }];
  const figure = (c) => evaluate({ kind: 'final_loss_below', run: 'a', below: 1e9, ...c }, results).value;
  assert.equal(figure({ of: 'histogram:var_y' }), 1);
  assert.equal(figure({ of: 'histogram:mean_x' }), 0.5);
  assert.equal(figure({ of: 'histogram:cov_xy' }), 0.01);
  assert.equal(figure({ of: 'histogram:outside' }), 0.05);
  assert.equal(evaluate({ kind: 'final_loss_ratio', run: 'a', vs: 'a', of: 'histogram:var_y', vs_of: 'histogram:var_x', near: 25, tol: 1e-9 }, results).pass, true);
  assert.throws(() => figure({ of: 'histogram:var_z' }), /"histogram:var_z" is not one of histogram:mean_x/);
  assert.throws(() => evaluate({ kind: 'final_loss_below', run: 'b', of: 'histogram:var_x', below: 1 }, [{ runs: [{ ...run, label: 'b', histogram: undefined }] }]),
    /run b has no histogram/);
  // A diagnostics series, its step-0 null reading as NaN; one weight's norm by name.
  assert.equal(figure({ of: 'diagnostics:gradient_change' }), 0.4);
  assert.ok(Number.isNaN(figure({ of: 'diagnostics:gradient_change', tail: 1 })));
  assert.equal(figure({ of: 'diagnostics:weight_norm:w1' }), 2);
  assert.throws(() => figure({ of: 'diagnostics:weight_norm' }), /no series "diagnostics:weight_norm"/);
  // fraction_below skips the null point: 0.2 > 0.1 but 0.4 <= 0.8, so one of two.
  const frac = evaluate({ kind: 'fraction_below', run: 'a', of: 'diagnostics:gradient_change', vs_of: 'diagnostics:gradient_change_bound', near: 0.5, tol: 1e-9 }, results);
  assert.equal(frac.pass, true, frac.figure);
  // norm_gap_ratio: (2^2 - 2^2) / (3^2 - 1^2) = 0, the gap closed.
  assert.equal(evaluate({ kind: 'norm_gap_ratio', run: 'a', weights: ['w0', 'w1'], near: 0, tol: 1e-12 }, results).pass, true);
});

test('best_ratio compares the best cells of two groups of runs; a diverged run is never the best', () => {
  const run = (label, final, status = 'ok') => ({ label, status, step: [0, 1], loss: [5, final] });
  const results = [{ runs: [run('a 1', 0.4), run('a 2', 0.2), run('a 3', 0.1, 'diverged'), run('b 1', 0.5), run('b 2', 0.8)] }];
  const c = evaluate({ kind: 'best_ratio', runs: '^a ', vs_runs: '^b ', near: 0.4, tol: 1e-12 }, results);
  assert.equal(c.pass, true, c.figure);
  assert.throws(() => evaluate({ kind: 'best_ratio', runs: '^c ', vs_runs: '^b ', below: 1 }, results), /no run matches \/\^c \//);
});

test('a heatmap entry must list the plot and place every run by two numeric hyperparameters; a histogram plot needs the spec\'s histogram', () => {
  const base = byId('adam-l2-vs-adamw');
  const write = (e) => path.dirname(writeTemp('adam-l2-vs-adamw.json', e));
  const noPlot = { ...base, plots: ['loss'] };
  assert.throws(() => loadCatalogue(write(noPlot)), /adam-l2-vs-adamw\.json: plots: must list heatmap when the entry has a heatmap/);
  const noKey = { ...base };
  delete noKey.heatmap;
  assert.throws(() => loadCatalogue(write(noKey)), /heatmap: must be an object \{x, y, of, tail, group_by\}/);
  const missing = byId('adam-l2-vs-adamw');
  delete missing.spec.runs[3].weight_decay;
  assert.throws(() => loadCatalogue(write(missing)), /spec\.runs\[3\]\.weight_decay: must be a number: it places the run on the heatmap's y axis/);
  const twice = byId('adam-l2-vs-adamw');
  twice.spec.runs[1] = { ...twice.spec.runs[0], label: 'again' };
  assert.throws(() => loadCatalogue(write(twice)), /spec\.runs\[1\]: shares its heatmap cell with an earlier run/);
  const hist = byId('langevin-two-temperatures');
  delete hist.spec.histogram;
  assert.throws(() => loadCatalogue(path.dirname(writeTemp('langevin-two-temperatures.json', hist))), /plots: lists histogram, so the spec needs "histogram"/);
  assert.throws(() => loadCatalogue(write({ ...base, heatmap: { ...base.heatmap, group_by: 'label', tail: 2 } })),
    /heatmap\.tail: must be a fraction in \[0, 1\][\s\S]*heatmap\.group_by: must be "optimizer"/);
});

test('the two-temperature Langevin lesson turns red when RMSprop divides by sigma instead of sigma^2', async () => {
  const api = await load();
  const broken = byId('langevin-two-temperatures');
  broken.spec.runs = broken.spec.runs.map((r) => (r.power === 1 ? { ...r, power: 0.5 } : r));
  const outcome = await checkEntry(api, broken);
  // The "Gibbs again" run now has temperatures proportional to sigma: a ratio near 5, not 1.
  assert.equal(outcome.checks[2].pass, false, outcome.checks[2].figure);
});

test('the Adam+L2 / AdamW heatmap lesson turns red when AdamW decays through the gradient like Adam+L2', async () => {
  const api = await load();
  const broken = byId('adam-l2-vs-adamw');
  broken.seeds = [0];
  broken.variants = broken.variants.filter((v) => v.name === 'mlp');
  broken.spec.runs = broken.spec.runs.map((r) => (r.optimizer === 'adamw' ? { ...r, optimizer: 'adam' } : r));
  broken.checks = broken.checks.filter((c) => c.run === 'mlp/adamw lr=0.01 wd=0.1');
  const outcome = await checkEntry(api, broken);
  assert.equal(outcome.pass, false, outcome.checks.map((c) => c.figure).join(' '));
});

test('gibbs_gap: the CDF gap of a 1-D histogram from exp(-f/T), median over seeds; the gibbs key is checked', () => {
  // f = x^2 / 2 on 200 cells over [-4, 4]: counts proportional to exp(-f/T) at the right
  // T give a gap of 0 (up to rounding the counts), at twice the T a gap of about 0.08.
  const centers = Array.from({ length: 200 }, (_, i) => -4 + (i + 0.5) * 0.04);
  const loss = centers.map((x) => x * x / 2);
  const counts = (T) => centers.map((x) => Math.round(1e6 * Math.exp(-x * x / (2 * T))));
  const run = (label, T, status = 'ok') => ({ label, status, step: [0], loss: [1], gibbs: { temperature: 1, loss },
    histogram: { bins: [200], centers: [centers], counts: counts(T), samples: 1, outside: 0 } });
  const gap = (runs) => evaluate({ kind: 'gibbs_gap', run: 'a', below: 0.01 }, runs.map((r) => ({ runs: [r] })));
  const right = gap([run('a', 1)]);
  assert.equal(right.pass, true, right.figure);
  assert.ok(right.value < 1e-5, right.figure);
  const wide = gap([run('a', 2)]);
  assert.ok(wide.value > 0.07 && wide.value < 0.1, wide.figure);
  // Three seeds, one off: the median is the good one; a diverged run fails.
  assert.equal(gap([run('a', 2), run('a', 1), run('a', 1)]).pass, true);
  assert.equal(gap([run('a', 1, 'diverged')]).pass, false);
  assert.throws(() => gap([{ ...run('a', 1), gibbs: undefined }]), /run a has no Gibbs temperature/);
  assert.throws(() => gap([{ ...run('a', 1), histogram: { ...run('a', 1).histogram, bins: [10, 20] } }]), /gibbs_gap needs a 1-D histogram/);
  // The catalogue key: a temperature per run label of the spec, a theory, and the histogram plot.
  const base = byId('langevin-temperature');
  const write = (e) => path.dirname(writeTemp('langevin-temperature.json', e));
  assert.throws(() => loadCatalogue(write({ ...base, gibbs: { ...base.gibbs, temperature: { 'T=2': 2, 'T=1': -1 } } })),
    /gibbs\.temperature\.T=2: must be the label of a run of the spec \(T=0\.0001, T=0\.01, T=1\)[\s\S]*gibbs\.temperature\.T=1: must be a positive number/);
  assert.throws(() => loadCatalogue(write({ ...base, gibbs: { temperature: {}, colour: 'red' } })),
    /gibbs\.colour: unknown key[\s\S]*gibbs\.theory: must say where the temperatures come from[\s\S]*gibbs\.temperature: must map at least one run label/);
  assert.throws(() => loadCatalogue(write({ ...base, plots: ['loss'] })), /gibbs: needs histogram in plots/);
});

test('the 1-D Langevin lesson turns red against its Gibbs density when the noise or the step is wrong', async () => {
  const api = await load();
  const gibbsChecks = (outcome, entry) => outcome.checks.filter((c, i) => entry.checks[i].kind === 'gibbs_gap');
  // SGLD with noise variance lr T instead of 2 lr T samples at T/2; the theory keeps T.
  const halfNoise = byId('langevin-temperature');
  halfNoise.spec.runs = halfNoise.spec.runs.map((r) => ({ ...r, temperature: r.temperature / 2 }));
  const a = gibbsChecks(await checkEntry(api, halfNoise), halfNoise);
  assert.equal(a.length, 3);
  for (const c of a) assert.equal(c.pass, false, `${c.text}: ${c.figure}`);
  // A step 20 times too large for the small-step limit: the variance is 2T/(2 - 1) = 2T.
  const bigStep = byId('langevin-temperature');
  bigStep.spec.runs = bigStep.spec.runs.map((r) => ({ ...r, lr: 1 }));
  const b = gibbsChecks(await checkEntry(api, bigStep), bigStep);
  for (const c of b) assert.equal(c.pass, false, `${c.text}: ${c.figure}`);
});
