// The check vocabulary of catalogue lessons, evaluated here and nowhere else (the CLI
// and the tests call evaluate()). A check reads the results of one entry, one result
// per seed, and answers {pass, figure, text}: figure is the number it judged, printed.
// Seeds are combined by the median so that one unlucky seed does not decide a lesson.
'use strict';
const { gibbsCells, cdfGap } = require('./gibbs.js');

const median = (xs) => {
  const s = xs.slice().sort((a, b) => a - b), n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};
const fmt = (x) => (Number.isFinite(x) ? (Math.abs(x) >= 1e4 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(3) : x.toPrecision(4)) : String(x));

// A run by its label, else by optimizer name when exactly one run has it.
function findRun(result, name) {
  const byLabel = result.runs.filter((r) => r.label === name);
  if (byLabel.length === 1) return byLabel[0];
  const byOpt = result.runs.filter((r) => r.optimizer === name);
  if (byOpt.length === 1) return byOpt[0];
  throw new Error(`check: no single run labelled "${name}" (runs: ${result.runs.map((r) => r.label).join(', ')})`);
}
const matchRuns = (result, pattern) => result.runs.filter((r) => new RegExp(pattern).test(r.label));

// The loss a run ended at: the mean of the last `tail` fraction of its recorded
// points (0: the last point), Infinity for a run that diverged. `of` picks another
// series than the training loss: a metric (test_loss, distance_to_min, ...).
// "update_ratio:NAME" reads the internals' ||dW||/||W|| of weight NAME (null at step 0
// becomes NaN, so a tail that reaches it is NaN and the check fails rather than guesses).
// "diagnostics:NAME" reads a diagnostics series (gradient_change, relu_rescale_change,
// ...), "diagnostics:weight_norm:W" one weight's norm. "histogram:STAT" reads one number
// of the run's stationary-density histogram (a whole-run summary, so a one-point series).
function series(run, of = 'loss') {
  const ratio = /^update_ratio:(.+)$/.exec(of);
  const diag = /^diagnostics:([a-z_]+)(?::(.+))?$/.exec(of);
  if (/^histogram:/.test(of)) return [histogramStat(run, of.slice('histogram:'.length))];
  let s;
  if (of === 'loss') s = run.loss;
  else if (ratio) s = ((run.internals || {}).update_ratio || {})[ratio[1]];
  else if (diag) {
    s = (run.diagnostics || {})[diag[1]];
    if (diag[2] !== undefined) s = s && !Array.isArray(s) ? s[diag[2]] : undefined;
    else if (s && !Array.isArray(s)) s = undefined; // weight_norm needs its weight's name
  } else s = (run.metrics || {})[of];
  if (!Array.isArray(s)) throw new Error(`check: run ${run.label} has no series "${of}"`);
  return ratio || diag ? s.map((v) => (v === null ? NaN : v)) : s;
}

// One statistic of a run's histogram (CONTRACTS "histogram"): mean_x, mean_y, var_x,
// var_y, cov_xy (over every counted iterate), outside (the fraction out of range).
const HISTOGRAM_STATS = ['mean_x', 'mean_y', 'var_x', 'var_y', 'cov_xy', 'outside'];
function histogramStat(run, stat) {
  if (!HISTOGRAM_STATS.includes(stat)) throw new Error(`check: "histogram:${stat}" is not one of ${HISTOGRAM_STATS.map((x) => `histogram:${x}`).join(', ')}`);
  const h = run.histogram;
  if (!h) throw new Error(`check: run ${run.label} has no histogram (the spec needs "histogram")`);
  if (!(h.samples > 0)) return NaN;
  if (stat === 'outside') return h.outside / h.samples;
  const axis = stat.endsWith('_y') ? 1 : 0;
  if (axis >= h.mean.length) throw new Error(`check: run ${run.label}'s histogram is 1-D: no ${stat}`);
  if (stat.startsWith('mean')) return h.mean[axis];
  if (stat === 'cov_xy') return h.mean.length > 1 ? h.covariance[0][1] : NaN;
  return h.covariance[axis][axis];
}
function finalLoss(run, tail = 0, of = 'loss') {
  if (run.status === 'diverged') return Infinity;
  const loss = series(run, of);
  const k = Math.max(1, Math.round(loss.length * tail));
  const part = loss.slice(loss.length - k);
  return part.reduce((a, b) => a + b, 0) / part.length;
}

// exp(slope of log loss against step) fitted by least squares over steps in
// [from, to]: the per-step linear convergence factor.
// `of` names the series: "loss" (default) or a metric such as distance_to_min.
function linearRate(run, from = 0, to = Infinity, of = 'loss') {
  const values = series(run, of);
  const xs = [], ys = [];
  run.step.forEach((s, i) => {
    const l = values[i];
    if (s >= from && s <= to && l > 0 && Number.isFinite(l)) { xs.push(s); ys.push(Math.log(l)); }
  });
  if (xs.length < 2) return NaN;
  const mx = xs.reduce((a, b) => a + b) / xs.length, my = ys.reduce((a, b) => a + b) / ys.length;
  let num = 0, den = 0;
  xs.forEach((x, i) => { num += (x - mx) * (ys[i] - my); den += (x - mx) ** 2; });
  return Math.exp(num / den);
}

// Does value satisfy the check's bounds (below, above, near±tol, min..max)?
function within(c, v) {
  if (Number.isNaN(v)) return false;
  if (c.below !== undefined && !(v < c.below)) return false;
  if (c.above !== undefined && !(v > c.above)) return false;
  if (c.near !== undefined && !(Math.abs(v - c.near) <= c.tol)) return false;
  if (c.min !== undefined && !(v >= c.min)) return false;
  if (c.max !== undefined && !(v <= c.max)) return false;
  return true;
}
// What a check reads: "final loss", or "final distance_to_min" (tail-averaged when tail is set).
const what = (c) => (/^histogram:/.test(c.of || '') ? c.of
  : `${c.tail ? `last ${Math.round(c.tail * 100)}% mean` : 'final'} ${c.of && c.of !== 'loss' ? c.of : 'loss'}`);
function boundsText(c) {
  const parts = [];
  if (c.below !== undefined) parts.push(`< ${c.below}`);
  if (c.above !== undefined) parts.push(`> ${c.above}`);
  if (c.near !== undefined) parts.push(`within ${c.tol} of ${c.near}`);
  if (c.min !== undefined || c.max !== undefined) parts.push(`in [${c.min ?? '-inf'}, ${c.max ?? 'inf'}]`);
  return parts.join(' and ');
}

// Each kind: the keys it needs, and how it turns the per-seed results into a figure.
const KINDS = {
  final_loss_below: {
    keys: ['run'], bounds: true,
    figure: (c, results) => median(results.map((r) => finalLoss(findRun(r, c.run), c.tail, c.of))),
    text: (c) => `median ${what(c)} of ${c.run} ${boundsText(c)}`,
  },
  final_loss_ratio: {
    keys: ['run', 'vs'], bounds: true,
    // vs_of: the denominator's series when it differs (one run's two layers, say).
    figure: (c, results) => median(results.map((r) => finalLoss(findRun(r, c.run), c.tail, c.of) / finalLoss(findRun(r, c.vs), c.tail, c.vs_of || c.of))),
    text: (c) => (c.vs_of ? `median ${what(c)} of ${c.run} / ${what({ ...c, of: c.vs_of })} of ${c.vs} ${boundsText(c)}` : `median ${what(c)} ${c.run} / ${c.vs} ${boundsText(c)}`),
  },
  linear_rate: {
    keys: ['run'], bounds: true,
    figure: (c, results) => median(results.map((r) => linearRate(findRun(r, c.run), c.from, c.to, c.of))),
    text: (c) => `median per-step rate of ${c.of || 'loss'} for ${c.run} ${boundsText(c)}`,
  },
  diverged: {
    keys: ['run', 'expect'],
    // The fraction of seeds on which the run diverged; the majority must agree with expect.
    figure: (c, results) => results.filter((r) => findRun(r, c.run).status === 'diverged').length / results.length,
    judge: (c, v) => (c.expect ? v > 0.5 : v < 0.5),
    text: (c) => `fraction of seeds where ${c.run} diverged is ${c.expect ? 'over' : 'under'} 1/2`,
  },
  // How many of the runs matching `runs` (a label pattern) end below `loss`: median over seeds.
  count_reaching: {
    keys: ['runs', 'loss'], bounds: true,
    figure: (c, results) => median(results.map((r) => matchRuns(r, c.runs).filter((run) => finalLoss(run, c.tail, c.of) < c.loss).length)),
    text: (c) => `median number of runs /${c.runs}/ ending with ${what(c)} below ${c.loss} ${boundsText(c)}`,
  },
  // Runs in the listed order end at increasing losses; figure: last / first.
  increasing: {
    keys: ['runs'],
    figure: (c, results) => {
      const per = c.runs.map((name) => median(results.map((r) => finalLoss(findRun(r, name), c.tail, c.of))));
      const rising = per.every((v, i) => i === 0 || v > per[i - 1]);
      return rising ? per[per.length - 1] / per[0] : NaN;
    },
    judge: (c, v) => Number.isFinite(v) && within(c, v),
    text: (c) => `median ${what(c)} rises along ${c.runs.join(' < ')} (figure: last/first${boundsText(c) ? ' ' + boundsText(c) : ''})`,
  },
};
// The fraction of a run's recorded points where series `of` is at most series `vs_of`
// (a measured quantity against its bound); points where either has no value are
// skipped, and a diverged run or a run with no such point gives NaN (fails).
function fractionBelow(run, of, vsOf) {
  if (run.status === 'diverged') return NaN;
  const a = series(run, of), b = series(run, vsOf);
  let n = 0, under = 0;
  a.forEach((v, i) => {
    if (!Number.isFinite(v) || !Number.isFinite(b[i])) return;
    n += 1;
    if (v <= b[i]) under += 1;
  });
  return n ? under / n : NaN;
}
KINDS.fraction_below = {
  keys: ['run', 'of', 'vs_of'], bounds: true,
  figure: (c, results) => median(results.map((r) => fractionBelow(findRun(r, c.run), c.of, c.vs_of))),
  text: (c) => `median fraction of ${c.run}'s points with ${c.of} <= ${c.vs_of} ${boundsText(c)}`,
};

// The best (lowest) final value among the runs matching `runs` over the best among
// `vs_runs` (label patterns): two cells of a hyperparameter grid at their best.
// A diverged run counts as Infinity, so it is never the best.
function bestOf(result, pattern, c) {
  const values = matchRuns(result, pattern).map((run) => finalLoss(run, c.tail, c.of));
  if (!values.length) throw new Error(`check: no run matches /${pattern}/`);
  return Math.min(...values);
}
KINDS.best_ratio = {
  keys: ['runs', 'vs_runs'], bounds: true,
  figure: (c, results) => median(results.map((r) => bestOf(r, c.runs, c) / bestOf(r, c.vs_runs, c))),
  text: (c) => `median best ${what(c)} of /${c.runs}/ over best of /${c.vs_runs}/ ${boundsText(c)}`,
};

// (||A||^2 - ||B||^2) at the run's last recorded point over the same at its first, for
// two weights A and B of the `weight_norms` diagnostic. Gradient flow on a ReLU layer
// pair conserves the gap per neuron (c^-1 W2 ReLU(c W1 x) is one function for every c);
// weight decay shrinks it like exp(-2 lr wd t) (lecture 004, weight decay balances layers).
function normGapRatio(run, [a, b]) {
  if (run.status === 'diverged') return NaN;
  const na = series(run, `diagnostics:weight_norm:${a}`), nb = series(run, `diagnostics:weight_norm:${b}`);
  const gap = (i) => na[i] ** 2 - nb[i] ** 2;
  return gap(na.length - 1) / gap(0);
}
KINDS.norm_gap_ratio = {
  keys: ['run', 'weights'], bounds: true,
  figure: (c, results) => median(results.map((r) => normGapRatio(findRun(r, c.run), c.weights))),
  text: (c) => `median (||${c.weights[0]}||^2 - ||${c.weights[1]}||^2) last / first for ${c.run} ${boundsText(c)}`,
};

// How far a run's 1-D histogram is from the Gibbs density exp(-f/T) at the temperature
// the entry's `gibbs` key gives it (lecture 003, the 1-D Langevin stationary
// distribution): the largest gap between the two cumulative distributions over the
// histogram's range. A diverged run gives NaN (fails).
function gibbsGap(run) {
  if (run.status === 'diverged') return NaN;
  const h = run.histogram;
  if (!h) throw new Error(`check: run ${run.label} has no histogram (the spec needs "histogram")`);
  if (h.bins.length !== 1) throw new Error(`check: gibbs_gap needs a 1-D histogram, run ${run.label}'s has ${h.bins.length} axes`);
  if (!run.gibbs) throw new Error(`check: run ${run.label} has no Gibbs temperature (the entry's gibbs.temperature must name it)`);
  return cdfGap(h.counts, gibbsCells(run.gibbs.loss, run.gibbs.temperature));
}
KINDS.gibbs_gap = {
  keys: ['run'], bounds: true,
  figure: (c, results) => median(results.map((r) => gibbsGap(findRun(r, c.run)))),
  text: (c) => `median CDF gap of ${c.run}'s histogram from Gibbs exp(-f/T) ${boundsText(c)}`,
};

const BOUNDS = ['below', 'above', 'near', 'tol', 'min', 'max'];
const OPTIONAL = ['tail', 'from', 'to', 'of', 'vs_of', 'note'];

// Problems with one check's form, as "key: rule" strings.
function checkProblems(c) {
  if (!c || typeof c !== 'object') return ['kind: a check must be an object'];
  const k = KINDS[c.kind];
  if (!k) return [`kind: must be one of ${Object.keys(KINDS).join(', ')}`];
  const out = [];
  for (const key of k.keys) if (c[key] === undefined) out.push(`${key}: required for ${c.kind}`);
  for (const key of Object.keys(c))
    if (key !== 'kind' && !k.keys.includes(key) && !OPTIONAL.includes(key) && !BOUNDS.includes(key)) out.push(`${key}: unknown key`);
  for (const key of BOUNDS) if (c[key] !== undefined && typeof c[key] !== 'number') out.push(`${key}: must be a number`);
  if (c.near !== undefined && c.tol === undefined) out.push('tol: needed with near');
  if (c.kind === 'norm_gap_ratio' && !(Array.isArray(c.weights) && c.weights.length === 2 && c.weights.every((w) => typeof w === 'string')))
    out.push('weights: must be two weight names, e.g. ["layer0.weight", "layer2.weight"]');
  if (k.bounds && !BOUNDS.some((b) => c[b] !== undefined)) out.push('below: a bound (below, above, near, min or max) is needed');
  return out;
}

// One check against the results of every seed: {pass, figure, text}.
function evaluate(check, results) {
  const k = KINDS[check.kind];
  const value = k.figure(check, results);
  const pass = k.judge ? k.judge(check, value) : within(check, value);
  return { pass, figure: fmt(value), value, text: k.text(check) };
}

module.exports = { evaluate, checkProblems, finalLoss, linearRate, median, KINDS };
