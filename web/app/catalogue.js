// What the problem selector offers, and the ready-made races. Entries whose spec
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

// A small two-arm spiral written inline, for builds without the dataset problems.
// The points come from a fixed formula (no RNG), so the link stays short to describe.
function inlineSpiral() {
  const x = [], y = [];
  for (let c = 0; c < 2; ++c)
    for (let i = 0; i < 60; ++i) {
      const r = 0.1 + (0.9 * i) / 60, t = (2.8 * Math.PI * i) / 60 + c * Math.PI + 0.15 * Math.sin(7 * i);
      x.push([+(r * Math.cos(t)).toFixed(3), +(r * Math.sin(t)).toFixed(3)]);
      y.push(c);
    }
  return { kind: 'inline', task: 'classification', x, y };
}

const mlp = (hidden, activation) => ({ kind: 'mlp', hidden, activation });

// `model.hidden` is the page's shorthand: main.js turns it into `sizes` once the
// problem's input and output sizes are known.
export const PRESETS = [
  {
    id: 'spiral-race', label: 'Spiral race: SGD vs Adam vs Nero',
    spec: {
      seed: 1, problem: { kind: 'dataset', name: 'spiral' }, model: mlp([16, 16], 'tanh'), loss: 'cross_entropy',
      batch_size: 32, steps: 3000, record_every: 10,
      // Nero's per-neuron zero-mean constraint leaves a 2-input layer one direction
      // (w = [a, -a]), so on 2-D data it runs unconstrained (Nero: Liu et al., "Learning by Turning", ICML 2021).
      runs: [{ optimizer: 'sgd', lr: 0.1, momentum: 0.9 }, { optimizer: 'adam', lr: 0.01 }, { optimizer: 'nero', lr: 0.01, constraints: false }],
    },
  },
  {
    id: 'mnist-race', label: 'MNIST race: SGD vs Adam vs Nero',
    spec: {
      seed: 1, problem: { kind: 'dataset', name: 'mnist' }, model: mlp([64], 'relu'), loss: 'cross_entropy',
      batch_size: 64, steps: 1500, record_every: 50,
      runs: [{ optimizer: 'sgd', lr: 0.05, momentum: 0.9 }, { optimizer: 'adam', lr: 0.001 }, { optimizer: 'nero', lr: 0.01 }],
    },
  },
  {
    id: 'fashion-race', label: 'Fashion-MNIST race: SGD vs Adam vs Lion',
    spec: {
      seed: 1, problem: { kind: 'dataset', name: 'fashion-mnist', train_size: 10000, test_size: 2000 }, model: mlp([128], 'relu'),
      loss: 'cross_entropy', batch_size: 64, steps: 2000, record_every: 100,
      // Lion's sign update has unit size per weight, so its lr sits ~10x below Adam's (Chen et al. 2023).
      runs: [{ optimizer: 'sgd', lr: 0.05, momentum: 0.9 }, { optimizer: 'adam', lr: 0.001 }, { optimizer: 'lion', lr: 0.0001 }],
    },
  },
  {
    id: 'mnist-cnn', label: 'A small CNN on MNIST: over 97% in about 3 minutes',
    spec: {
      seed: 0, problem: { kind: 'dataset', name: 'mnist', normalize: 'standardize' },
      model: {
        kind: 'cnn', init_scheme: 'kaiming',
        layers: [
          { type: 'conv2d', filters: 16, kernel: 5, padding: 2 }, { type: 'relu' }, { type: 'maxpool', size: 2 },
          { type: 'conv2d', filters: 32, kernel: 5 }, { type: 'relu' }, { type: 'maxpool', size: 2 },
          { type: 'flatten' }, { type: 'dense', units: 128 }, { type: 'relu' }, { type: 'dense', units: 10 },
        ],
      },
      loss: 'cross_entropy', batch_size: 64, steps: 3000, record_every: 200,
      runs: [{ label: 'sgd momentum', optimizer: 'sgd', lr: 0.01, momentum: 0.9, weight_decay: 0.001 }],
    },
  },
  {
    id: 'rosenbrock', label: 'Rosenbrock contour: GD, momentum, Adam',
    spec: {
      seed: 0, problem: { kind: 'function', name: 'rosenbrock' }, steps: 600, batch_size: 0,
      runs: [
        { optimizer: 'sgd', lr: 0.001, label: 'gd' },
        { optimizer: 'sgd', lr: 0.001, momentum: 0.9, label: 'momentum' },
        { optimizer: 'adam', lr: 0.05 },
      ],
    },
  },
  {
    id: 'es-vs-backprop', label: 'ES vs backprop on MNIST (equal compute)',
    ui: { x: 'fpe' }, // compare at equal forward-pass equivalents, not steps
    spec: {
      // Every run gets the same compute: an ES step with M directions costs 2M
      // forward passes per example, a backprop step 3 (lecture 002: random search
      // needs about d times the work of the gradient).
      seed: 1, problem: { kind: 'dataset', name: 'mnist' }, model: mlp([32], 'relu'), loss: 'cross_entropy',
      batch_size: 64, budget: 200000,
      runs: [
        { optimizer: 'sgd', lr: 0.05, momentum: 0.9 }, { optimizer: 'adam', lr: 0.001 },
        { optimizer: 'es', directions: 10, sigma: 0.01, lr: 0.05, label: 'es M=10' },
        { optimizer: 'es', directions: 50, sigma: 0.01, lr: 0.05, label: 'es M=50' },
      ],
    },
  },
  {
    id: 'curvature-race', label: 'Natural gradient and K-FAC vs SGD and Adam (steps or compute)',
    spec: {
      // Quadratic features make the blobs problem ill-conditioned for a first-order
      // method; the Fisher-preconditioned steps (Amari 1998; Martens & Grosse 2015)
      // undo that, at a curvature cost that the flops axis shows.
      seed: 0, problem: { kind: 'dataset', name: 'blobs', size: 300, features: ['x', 'y', 'x2', 'y2', 'xy'] },
      model: mlp([16], 'tanh'), loss: 'cross_entropy', batch_size: 0, steps: 60,
      runs: [
        { optimizer: 'sgd', lr: 1.0, label: 'sgd' }, { optimizer: 'adam', lr: 0.03, label: 'adam' },
        { optimizer: 'natural_gradient' }, { optimizer: 'kfac' },
      ],
    },
  },
  {
    id: 'inline-race', label: 'Small inline spiral: plain SGD vs momentum vs Nesterov',
    spec: {
      seed: 1, problem: inlineSpiral(), model: mlp([16, 16], 'tanh'), loss: 'cross_entropy', batch_size: 0, steps: 1500,
      runs: [
        { optimizer: 'sgd', lr: 0.1, label: 'sgd' },
        { optimizer: 'sgd', lr: 0.1, momentum: 0.9, label: 'momentum' },
        { optimizer: 'sgd', lr: 0.1, momentum: 0.9, nesterov: true, label: 'nesterov' },
      ],
    },
  },
];

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
