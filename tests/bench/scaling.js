// Step time against hidden width and against batch size, with the growth exponent:
// the least-squares slope of log(seconds per step) on log(width or batch). The work
// grows linearly in both, so a slope near 1 means time follows the flops, and a
// slope well below 1 means fixed per-step overheads still dominate at these sizes.
'use strict';
const { measure } = require('./timing.js');

const WIDTHS = [32, 64, 128, 256, 512];      // 784-W-10, batch 64
const BATCHES = [8, 16, 32, 64, 128, 256];   // 784-128-10

function logLogSlope(xs, ys) {
  const lx = xs.map(Math.log), ly = ys.map(Math.log);
  const mx = lx.reduce((a, b) => a + b) / lx.length, my = ly.reduce((a, b) => a + b) / ly.length;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < lx.length; i++) {
    sxy += (lx[i] - mx) * (ly[i] - my);
    sxx += (lx[i] - mx) ** 2;
  }
  return sxy / sxx;
}

function stepSeconds(core, sizes, batch, optimizer, lr) {
  const bench = new core.TrainingBench(JSON.stringify(sizes), batch, optimizer, lr);
  try {
    const m = measure((n) => bench.run(n));
    return { step_seconds: 1 / m.rate, noise: m.noise };
  } finally {
    bench.delete();
  }
}

function scaling(core, optimizer, lr) {
  const width = WIDTHS.map((w) => ({ width: w, batch: 64, ...stepSeconds(core, [784, w, 10], 64, optimizer, lr) }));
  const batch = BATCHES.map((b) => ({ width: 128, batch: b, ...stepSeconds(core, [784, 128, 10], b, optimizer, lr) }));
  return {
    optimizer,
    width, width_exponent: logLogSlope(WIDTHS, width.map((r) => r.step_seconds)),
    batch, batch_exponent: logLogSlope(BATCHES, batch.map((r) => r.step_seconds)),
  };
}

module.exports = { scaling, logLogSlope, WIDTHS, BATCHES };
