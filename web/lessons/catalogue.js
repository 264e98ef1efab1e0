// Reads and checks the catalogue: one JSON file per entry in catalogue/ (format:
// docs/CONTRACTS.md "Catalogue"). Presets, examples and lessons all live there, so
// the page (web/app/presets.js), examples/*.json and `optzoo lessons` share one source.
'use strict';
const fs = require('fs');
const path = require('path');

const DIR = path.join(__dirname, '..', '..', 'catalogue');
const SEEDS = path.join(__dirname, '..', '..', '..', 'shared', 'seeds');
const KINDS = ['preset', 'example', 'lesson'];
const PLOTS = ['loss', 'metrics', 'internals', 'contour', 'boundary', 'histogram', 'heatmap'];
const KEYS = ['id', 'kind', 'order', 'example', 'title', 'lecture', 'text', 'plots', 'x', 'spec', 'seeds', 'variants', 'checks', 'heatmap', 'gibbs'];

// Every rule an entry breaks, as "file: path: rule" lines.
function entryProblems(file, e) {
  const out = [];
  const bad = (p, rule) => out.push(`${file}: ${p}: ${rule}`);
  if (!e || typeof e !== 'object' || Array.isArray(e)) return [`${file}: must be a JSON object`];
  for (const k of Object.keys(e)) if (!KEYS.includes(k)) bad(k, 'unknown key');
  if (typeof e.id !== 'string' || !/^[a-z0-9-]+$/.test(e.id)) bad('id', 'must be lower-case letters, digits and dashes');
  else if (file !== `${e.id}.json`) bad('id', `must match the file name (${e.id}.json)`);
  if (!KINDS.includes(e.kind)) bad('kind', `must be one of ${KINDS.join(', ')}`);
  if (typeof e.title !== 'string' || !e.title) bad('title', 'must be a non-empty string');
  if (typeof e.lecture !== 'string' || !/^\d{3}_[0-9a-f]+\.txt$/.test(e.lecture)) bad('lecture', 'must name a lecture file in shared/seeds');
  if (!Array.isArray(e.text) || e.text.length < 1 || e.text.length > 4 || !e.text.every((t) => typeof t === 'string' && t))
    bad('text', 'must be 1 to 4 paragraphs (strings)');
  if (!Array.isArray(e.plots) || !e.plots.every((p) => PLOTS.includes(p))) bad('plots', `must be a list of ${PLOTS.join(', ')}`);
  if (e.x !== undefined && !['step', 'fpe', 'examples', 'flops', 'wall_time'].includes(e.x)) bad('x', 'must be step, fpe, examples, flops or wall_time');
  if (!e.spec || typeof e.spec !== 'object' || !Array.isArray(e.spec.runs)) bad('spec', 'must be an experiment spec with runs');
  if (e.seeds !== undefined && (!Array.isArray(e.seeds) || !e.seeds.length || !e.seeds.every(Number.isInteger)))
    bad('seeds', 'must be a non-empty list of integers');
  if (e.variants !== undefined) {
    if (!Array.isArray(e.variants) || !e.variants.length) bad('variants', 'must be a non-empty list');
    else e.variants.forEach((v, i) => {
      if (!v || typeof v.name !== 'string' || !/^[a-z0-9_-]+$/.test(v.name)) bad(`variants[${i}].name`, 'must be a short name (letters, digits, _ and -)');
      if (v && v.seed !== undefined) bad(`variants[${i}]`, 'must not override seed');
    });
  }
  if (Array.isArray(e.plots) && e.plots.includes('histogram') && e.spec && !e.spec.histogram)
    bad('plots', 'lists histogram, so the spec needs "histogram" (CONTRACTS "histogram")');
  if (e.heatmap !== undefined || (Array.isArray(e.plots) && e.plots.includes('heatmap'))) heatmapProblems(e, bad);
  if (e.gibbs !== undefined) gibbsProblems(e, bad);
  if (e.kind === 'example' && (typeof e.example !== 'string' || !/^[a-z0-9-]+\.json$/.test(e.example))) bad('example', 'must be a file name NAME.json');
  if (e.kind === 'preset' && !Number.isInteger(e.order)) bad('order', 'a preset needs its menu position (integer)');
  if (e.checks !== undefined) {
    if (!Array.isArray(e.checks) || !e.checks.length) bad('checks', 'must be a non-empty list');
    else {
      const { checkProblems } = require('./checks.js');
      e.checks.forEach((c, i) => checkProblems(c).forEach((p) => out.push(`${file}: checks[${i}].${p}`)));
    }
  }
  return out;
}

// The `heatmap` key: one cell per run, placed by two of its hyperparameters, coloured
// by a series' final (or tail-averaged) value, one map per `group_by` value. Every run
// must give both hyperparameters as numbers, and no two runs of a group share a cell.
const HEATMAP_KEYS = ['x', 'y', 'of', 'tail', 'group_by'];
function heatmapProblems(e, bad) {
  const m = e.heatmap;
  if (!Array.isArray(e.plots) || !e.plots.includes('heatmap')) bad('plots', 'must list heatmap when the entry has a heatmap');
  if (!m || typeof m !== 'object' || Array.isArray(m)) { bad('heatmap', 'must be an object {x, y, of, tail, group_by} (plots lists heatmap)'); return; }
  for (const k of Object.keys(m)) if (!HEATMAP_KEYS.includes(k)) bad(`heatmap.${k}`, 'unknown key');
  for (const k of ['x', 'y']) if (typeof m[k] !== 'string' || !/^[a-z_][a-z0-9_]*$/.test(m[k])) bad(`heatmap.${k}`, 'must name a hyperparameter of the runs (e.g. lr)');
  if (m.x === m.y && typeof m.x === 'string') bad('heatmap.y', 'must differ from heatmap.x');
  if (typeof m.of !== 'string' || !m.of) bad('heatmap.of', 'must name a series (loss or a metric such as test_loss)');
  if (m.tail !== undefined && !(typeof m.tail === 'number' && m.tail >= 0 && m.tail <= 1)) bad('heatmap.tail', 'must be a fraction in [0, 1]');
  if (m.group_by !== undefined && m.group_by !== 'optimizer') bad('heatmap.group_by', 'must be "optimizer"');
  if (!e.spec || !Array.isArray(e.spec.runs)) return;
  const cells = new Set();
  e.spec.runs.forEach((r, i) => {
    for (const k of ['x', 'y'])
      if (typeof m[k] === 'string' && typeof (r || {})[m[k]] !== 'number') bad(`spec.runs[${i}].${m[k]}`, `must be a number: it places the run on the heatmap's ${k} axis`);
    const cell = JSON.stringify([m.group_by ? (r || {})[m.group_by] : '', (r || {})[m.x], (r || {})[m.y]]);
    if (cells.has(cell)) bad(`spec.runs[${i}]`, 'shares its heatmap cell with an earlier run');
    cells.add(cell);
  });
}

// The `gibbs` key: the theory a histogram lesson draws over its measured densities,
// p(x) proportional to exp(-f(x)/T) with one temperature per run label (runs left out
// get no curve), and `theory`, the sentence the legend gives for where T comes from.
function gibbsProblems(e, bad) {
  const g = e.gibbs;
  if (!Array.isArray(e.plots) || !e.plots.includes('histogram')) bad('gibbs', 'needs histogram in plots: the Gibbs density is drawn over the histogram');
  if (!g || typeof g !== 'object' || Array.isArray(g)) { bad('gibbs', 'must be an object {"theory": TEXT, "temperature": {RUN_LABEL: T, ...}}'); return; }
  for (const k of Object.keys(g)) if (!['theory', 'temperature'].includes(k)) bad(`gibbs.${k}`, 'unknown key');
  if (typeof g.theory !== 'string' || !g.theory.trim()) bad('gibbs.theory', 'must say where the temperatures come from (a non-empty string), for the legend');
  const t = g.temperature;
  if (!t || typeof t !== 'object' || Array.isArray(t) || !Object.keys(t).length) {
    bad('gibbs.temperature', 'must map at least one run label to its temperature T');
    return;
  }
  const labels = e.spec && Array.isArray(e.spec.runs) ? e.spec.runs.map((r) => (r || {}).label) : [];
  for (const [label, T] of Object.entries(t)) {
    if (!labels.includes(label)) bad(`gibbs.temperature.${label}`, `must be the label of a run of the spec (${labels.filter(Boolean).join(', ')})`);
    if (!(typeof T === 'number' && Number.isFinite(T) && T > 0)) bad(`gibbs.temperature.${label}`, 'must be a positive number (the temperature T in exp(-f/T))');
  }
}

// All entries, sorted by id; throws one Error listing every problem.
function loadCatalogue(dir = DIR) {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  const entries = [], problems = [];
  for (const f of files) {
    let e;
    try {
      e = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
    } catch (err) {
      problems.push(`${f}: not JSON: ${err.message}`);
      continue;
    }
    const p = entryProblems(f, e);
    if (p.length) problems.push(...p);
    else entries.push(e);
  }
  if (problems.length) throw new Error(`catalogue: ${problems.length} problem(s)\n${problems.join('\n')}`);
  return entries;
}

// The specs an entry runs: per seed (the spec's own seed when none listed), one spec,
// or one per variant (the spec with the variant's top-level keys replaced, e.g.
// batch_size or problem), as [{seed, variant, spec}].
function entrySpecs(entry) {
  const seeds = entry.seeds || [entry.spec.seed || 0];
  const variants = entry.variants || [{ name: '' }];
  return seeds.flatMap((seed) => variants.map(({ name, ...keys }) => ({ seed, variant: name, spec: { ...entry.spec, ...keys, seed } })));
}

module.exports = { loadCatalogue, entryProblems, entrySpecs, DIR, SEEDS };
