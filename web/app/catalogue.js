// What the page offers comes from the core, with the worker's init: the problem
// registry (problemsJson: labels, families, class names, schedules) and the catalogue
// (catalogueJson: presets and lessons from catalogue/*.json). Nothing here copies a
// core fact; these bindings are filled once by setCoreFacts before the page renders.
export let PROBLEMS = [];   // [{id, label, family, problem: {kind, name}, data?}]
export let PRESETS = [];    // kind "preset", in menu order: {id, label, ui?, spec}
export let LESSONS = [];    // entries with checks: the entry, with the spec it opens with
let scheduleKinds = new Set();
export let budgetSupported = false;

// A lesson opens with its first seed and first variant (the CLI runs them all).
function openingSpec(entry) {
  const { name, ...keys } = (entry.variants || [{}])[0];
  const seed = entry.seeds ? entry.seeds[0] : entry.spec.seed;
  return { ...entry.spec, ...keys, ...(seed === undefined ? {} : { seed }) };
}

export function setCoreFacts({ problems, catalogue }) {
  PROBLEMS = problems.problems.map((p) => ({
    id: p.name, label: p.label, family: p.family, problem: { kind: p.kind, name: p.name }, ...(p.data ? { data: p.data } : {}),
  }));
  scheduleKinds = new Set(problems.schedules.map((s) => s.kind));
  budgetSupported = !!(problems.features && problems.features.budget);
  PRESETS = catalogue.filter((e) => e.kind === 'preset').sort((a, b) => a.order - b.order)
    .map((e) => ({ id: e.id, label: e.title, ...(e.x ? { ui: { x: e.x } } : {}), spec: e.spec }));
  LESSONS = catalogue.filter((e) => e.checks).map((e) => ({ ...e, spec: openingSpec(e) }));
}

// Training defaults per family when the user switches problem.
export const FAMILY_DEFAULTS = {
  toy: { model: { kind: 'mlp', hidden: [16, 16], activation: 'tanh' }, batch_size: 0, steps: 1000, record_every: 1 },
  image: { model: { kind: 'mlp', hidden: [64], activation: 'relu' }, batch_size: 64, steps: 1500, record_every: 50 },
  function: { model: null, batch_size: 0, steps: 500, record_every: 1 },
  inline: { model: { kind: 'mlp', hidden: [16, 16], activation: 'tanh' }, batch_size: 0, steps: 1000, record_every: 1 },
  csv: { model: { kind: 'mlp', hidden: [16], activation: 'tanh' }, batch_size: 0, steps: 1000, record_every: 1 },
};

// `model.hidden` in a preset is the spec's MLP shorthand: main.js turns it into
// `sizes` once the problem's input and output sizes are known, for the controls.

export function familyOf(problem) {
  if (!problem) return 'inline';
  if (problem.kind === 'function') return 'function';
  if (problem.kind === 'csv') return 'csv';
  if (problem.kind === 'inline') return 'inline';
  const entry = PROBLEMS.find((p) => p.problem.kind === problem.kind && p.problem.name === problem.name);
  return entry ? entry.family : 'toy';
}

export function problemEntryId(problem) {
  const entry = problem && PROBLEMS.find((p) => p.problem.kind === problem.kind && p.problem.name === problem.name);
  return entry ? entry.id : 'custom';
}

// Learning-rate schedules offered per run, scaled to the experiment's length: only
// kinds the core lists.
export function scheduleChoices(steps) {
  const n = Math.max(steps || 100, 4);
  const r = (f) => Math.max(1, Math.round(n * f));
  return [
    { label: 'cosine decay', value: { kind: 'cosine' } },
    { label: `step: ×0.1 every ${r(1 / 3)} steps`, value: { kind: 'step', step_size: r(1 / 3), gamma: 0.1 } },
    { label: 'exponential ×0.999 per step', value: { kind: 'exponential', gamma: 0.999 } },
    { label: `linear warm-up over ${r(0.1)} steps`, value: { kind: 'warmup', warmup_steps: r(0.1) } },
    { label: `cosine with warm restarts (every ${r(0.25)})`, value: { kind: 'sgdr', t_0: r(0.25) } },
    { label: '1/√t decay', value: { kind: 'inv_sqrt' } },
    { label: '1/t decay', value: { kind: 'inv_t' } },
    { label: `cyclic (half period ${r(1 / 8)})`, value: { kind: 'cyclic', step_size: r(1 / 8) } },
  ].filter((c) => scheduleKinds.has(c.value.kind));
}
