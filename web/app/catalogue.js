// What the problem selector offers (the ready-made races: presets.js). Entries whose spec
// the loaded core does not accept are left out at start-up (see main.js), so the
// page never offers a problem or optimizer this build lacks.
export const PROBLEMS = [
  { id: 'spiral', label: 'Spiral (toy, 2-D)', problem: { kind: 'dataset', name: 'spiral' }, family: 'toy' },
  { id: 'circles', label: 'Circles (toy, 2-D)', problem: { kind: 'dataset', name: 'circles' }, family: 'toy' },
  { id: 'moons', label: 'Moons (toy, 2-D)', problem: { kind: 'dataset', name: 'moons' }, family: 'toy' },
  { id: 'xor', label: 'XOR (toy, 2-D)', problem: { kind: 'dataset', name: 'xor' }, family: 'toy' },
  { id: 'blobs', label: 'Gaussian blobs (toy, 2-D)', problem: { kind: 'dataset', name: 'blobs' }, family: 'toy' },
  { id: 'regression1d', label: '1-D regression (toy)', problem: { kind: 'dataset', name: 'regression1d' }, family: 'toy' },
  { id: 'regression2d', label: '2-D regression (toy)', problem: { kind: 'dataset', name: 'regression2d' }, family: 'toy' },
  { id: 'mnist', label: 'MNIST digits', problem: { kind: 'dataset', name: 'mnist' }, family: 'image' },
  { id: 'fashion-mnist', label: 'Fashion-MNIST', problem: { kind: 'dataset', name: 'fashion-mnist' }, family: 'image' },
  { id: 'rosenbrock', label: 'Rosenbrock (function)', problem: { kind: 'function', name: 'rosenbrock' }, family: 'function' },
  { id: 'beale', label: 'Beale (function)', problem: { kind: 'function', name: 'beale' }, family: 'function' },
  { id: 'himmelblau', label: 'Himmelblau (function)', problem: { kind: 'function', name: 'himmelblau' }, family: 'function' },
  { id: 'saddle', label: 'Saddle (function)', problem: { kind: 'function', name: 'saddle' }, family: 'function' },
  { id: 'rastrigin', label: 'Rastrigin (function)', problem: { kind: 'function', name: 'rastrigin' }, family: 'function' },
  { id: 'quadratic', label: 'Ill-conditioned quadratic (function)', problem: { kind: 'function', name: 'quadratic' }, family: 'function' },
];

// Training defaults per family when the user switches problem.
export const FAMILY_DEFAULTS = {
  toy: { model: { kind: 'mlp', hidden: [16, 16], activation: 'tanh' }, batch_size: 0, steps: 1000, record_every: 1 },
  image: { model: { kind: 'mlp', hidden: [64], activation: 'relu' }, batch_size: 64, steps: 1500, record_every: 50 },
  function: { model: null, batch_size: 0, steps: 500, record_every: 1 },
  inline: { model: { kind: 'mlp', hidden: [16, 16], activation: 'tanh' }, batch_size: 0, steps: 1000, record_every: 1 },
  csv: { model: { kind: 'mlp', hidden: [16], activation: 'tanh' }, batch_size: 0, steps: 1000, record_every: 1 },
};

// The ready-made races come from catalogue/*.json (kind "preset"), generated into
// presets.js by scripts/catalogue.js. `model.hidden` there is the page's shorthand:
// main.js turns it into `sizes` once the problem's input and output sizes are known.
export { PRESETS } from './presets.js';

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

// Learning-rate schedules offered per run, scaled to the experiment's length. Only
// those the core accepts are shown (main.js validates them at start-up).
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
  ];
}
