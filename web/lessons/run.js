// Runs a catalogue entry (its spec once per seed) through the core and judges its
// checks: what `optzoo lessons check` and the lesson tests call.
'use strict';
const { entrySpecs } = require('./catalogue.js');
const { evaluate } = require('./checks.js');

// The loss at the centres of the histogram's cells (1-D: one row; 2-D: row-major like
// the counts), from the core's lossGrid on a fresh experiment of the same spec (the
// loss does not change during a run). Null when no run has a histogram.
async function lossAtCells(api, spec, result) {
  const run = result.runs.find((r) => r.histogram);
  if (!run) return null;
  const [cx, cy] = run.histogram.centers;
  const e = await api.createExperiment(JSON.stringify(spec));
  try {
    return Array.from(cy ? e.lossGrid(cx[0], cx[cx.length - 1], cy[0], cy[cy.length - 1], cx.length, cy.length)
      : e.lossGrid(cx[0], cx[cx.length - 1], 0, 0, cx.length, 1));
  } finally {
    e.delete();
  }
}

// One result per seed. With variants, the seed's results are joined into one whose
// runs are labelled "VARIANT/label", so a check can compare across variants. A run the
// entry's `gibbs` key gives a temperature carries gibbs: {temperature, loss} (loss at
// its histogram's cells), for the gibbs checks.
async function runEntry(api, entry) {
  const bySeed = new Map();
  const temperatures = (entry.gibbs && entry.gibbs.temperature) || {};
  for (const { seed, variant, spec } of entrySpecs(entry)) {
    const result = await api.run(JSON.stringify(spec));
    const loss = Object.keys(temperatures).length ? await lossAtCells(api, spec, result) : null;
    const withGibbs = (r) => (loss && temperatures[r.label] !== undefined ? { ...r, gibbs: { temperature: temperatures[r.label], loss } } : r);
    const runs = result.runs.map(withGibbs).map((r) => (variant ? { ...r, label: `${variant}/${r.label}` } : r));
    if (!bySeed.has(seed)) bySeed.set(seed, { runs: [] });
    bySeed.get(seed).runs.push(...runs);
  }
  return [...bySeed.values()];
}

// {pass, checks: [{pass, figure, text}]} for one lesson; a check that cannot be
// evaluated (a run name the spec lacks) fails with its reason as text.
async function checkEntry(api, entry) {
  const results = await runEntry(api, entry);
  const checks = entry.checks.map((c) => {
    try {
      return evaluate(c, results);
    } catch (e) {
      return { pass: false, figure: 'NaN', text: e.message };
    }
  });
  return { pass: checks.every((c) => c.pass), checks };
}

// One line per lesson: "PASS id: figure text; figure text".
const lessonLine = (id, outcome) =>
  `${outcome.pass ? 'PASS' : 'FAIL'} ${id}: ${outcome.checks.map((c) => `${c.pass ? '' : '[failed] '}${c.figure} ${c.text}`).join('; ')}`;

module.exports = { runEntry, checkEntry, lessonLine };
