#!/usr/bin/env node
// `npm run bench`: training steps/s of optzoo's wasm core against TensorFlow.js
// (wasm and cpu backends) on the same machine, in one run, plus GEMM GFLOP/s of
// optzoo's SIMD128 kernel against tf.matMul on the wasm backend (XNNPACK).
// Figures are medians over repeated timed chunks after a warm-up. Nothing here is a
// test: no number is asserted on. Results also go to tests/bench/results.json.
'use strict';
const fs = require('fs');
const path = require('path');

const MODELS = [
  { sizes: [2, 8, 8, 2], batch: 32 },
  { sizes: [784, 128, 10], batch: 64 },
  { sizes: [784, 512, 512, 10], batch: 64 },
];
const GEMM_SIZES = [64, 256, 512];
const REPEATS = 7;
const TARGET_CHUNK_SECONDS = 0.25;
const LR = 0.001;  // small enough for both SGD and Adam to stay finite over thousands of steps

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
// Interquartile range over the median: how noisy a figure's repetitions were.
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.round(q * (xs.length - 1))];
const noise = [];
const now = () => Number(process.hrtime.bigint()) / 1e9;

// Times `work(count)` in chunks of `count` calls sized to ~TARGET_CHUNK_SECONDS;
// returns the median calls per second.
function rate(work) {
  work(3);  // warm-up: JIT, allocation, caches
  let count = 1;
  for (;;) {
    const t = now();
    work(count);
    const dt = now() - t;
    if (dt > TARGET_CHUNK_SECONDS / 4 || count > 1e6) {
      count = Math.max(1, Math.round((count * TARGET_CHUNK_SECONDS) / Math.max(dt, 1e-6)));
      break;
    }
    count *= 4;
  }
  const rates = [];
  for (let r = 0; r < REPEATS; r++) {
    const t = now();
    work(count);
    rates.push(count / (now() - t));
  }
  noise.push((quantile(rates, 0.75) - quantile(rates, 0.25)) / median(rates));
  return median(rates);
}

function mlpFlopsPerStep({ sizes, batch }) {
  // forward 2*B*in*out per layer, backward twice that (input and weight gradients)
  let f = 0;
  for (let i = 0; i + 1 < sizes.length; i++) f += 2 * batch * sizes[i] * sizes[i + 1];
  return 3 * f;
}

async function loadTf(backend) {
  const tf = require('@tensorflow/tfjs');
  if (backend === 'wasm') {
    const wasm = require('@tensorflow/tfjs-backend-wasm');
    const dir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
    wasm.setWasmPaths(path.join(dir, 'dist') + path.sep);
  }
  await tf.setBackend(backend);
  await tf.ready();
  return tf;
}

function tfTrainingRate(tf, { sizes, batch }, optimizer) {
  const layers = [];
  for (let i = 1; i < sizes.length; i++)
    layers.push(tf.layers.dense({ units: sizes[i], activation: i + 1 < sizes.length ? 'relu' : 'linear', inputShape: i === 1 ? [sizes[0]] : undefined }));
  const model = tf.sequential({ layers });
  const x = tf.randomUniform([batch, sizes[0]]);
  const y = tf.oneHot(tf.randomUniform([batch], 0, sizes[sizes.length - 1], 'int32'), sizes[sizes.length - 1]);
  // The same update rule on both sides: Adam when optzoo has it, else plain SGD.
  const opt = optimizer === 'adam' ? tf.train.adam(LR) : tf.train.sgd(LR);
  const result = rate((n) => {
    let loss;
    for (let i = 0; i < n; i++) {
      if (loss) loss.dispose();
      loss = opt.minimize(() => tf.losses.softmaxCrossEntropy(y, model.predict(x)), true);
    }
    loss.dataSync();
    loss.dispose();
  });
  model.dispose();
  x.dispose();
  y.dispose();
  return result;
}

function tfGemmRate(tf, n) {
  const a = tf.randomUniform([n, n]);
  const b = tf.randomUniform([n, n]);
  const r = rate((count) => {
    for (let i = 0; i < count; i++) {
      const c = tf.matMul(a, b);
      c.dataSync();
      c.dispose();
    }
  });
  a.dispose();
  b.dispose();
  return r;
}

// Bytes a browser downloads, gzipped one file at a time as a static server would send
// them: the wasm module with its loader and vendored JS (web/dist), and the page's own
// scripts. The Node-only CLI (web/cli.js, web/node.js) is not shipped to the page.
function shippedSizes() {
  const zlib = require('zlib');
  const web = path.join(__dirname, '../../web');
  const files = (dir, test) => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p, test) : test(p) ? [p] : [];
  });
  const gz = (list) => list.reduce((s, f) => s + zlib.gzipSync(fs.readFileSync(f), { level: 9 }).length, 0);
  const dist = files(path.join(web, 'dist'), (f) => /\.(wasm|js)$/.test(f));
  const page = files(web, (f) => f.endsWith('.js') && !f.includes(`${path.sep}dist${path.sep}`) && !/(cli|node)\.js$/.test(path.basename(f)));
  return { dist_wasm_js_gzip_bytes: gz(dist), page_js_gzip_bytes: gz(page) };
}

function pad(s, n) { return String(s).padStart(n); }

async function main() {
  const { load } = require('../../web/node.js');
  const api = await load();
  const core = api.core;
  const results = { date: new Date().toISOString(), node: process.version, simd: api.simd(), training: [], gemm: [] };

  console.log(`optzoo ${api.version()} (wasm SIMD128: ${api.simd()}), Node ${process.version}, ${require('os').cpus()[0].model}`);
  console.log('Measuring; each figure is the median of ' + REPEATS + ' timed chunks after a warm-up.\n');

  const optimizer = api.registry().some((o) => o.name === 'adam') ? 'adam' : 'sgd';
  for (const m of MODELS) {
    const bench = new core.TrainingBench(JSON.stringify(m.sizes), m.batch, optimizer, LR);
    const optzoo = rate((n) => bench.run(n));
    bench.delete();
    results.training.push({ model: m.sizes.join('-'), batch: m.batch, optimizer, flops_per_step: mlpFlopsPerStep(m), optzoo_steps_per_s: optzoo });
  }
  for (const g of GEMM_SIZES) {
    const bench = new core.GemmBench(g);
    const calls = rate((n) => bench.run(n));
    bench.delete();
    results.gemm.push({ n: g, optzoo_gflops: (calls * 2 * g ** 3) / 1e9 });
  }

  for (const backend of ['wasm', 'cpu']) {
    let tf;
    try {
      tf = await loadTf(backend);
    } catch (e) {
      console.log(`TensorFlow.js ${backend} backend unavailable: ${e.message}`);
      continue;
    }
    results[`tfjs_${backend}_flags`] = backend === 'wasm' ? { simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'), threads: await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT') } : {};
    MODELS.forEach((m, i) => { results.training[i][`tfjs_${backend}_steps_per_s`] = tfTrainingRate(tf, m, results.training[i].optimizer); });
    if (backend === 'wasm') GEMM_SIZES.forEach((g, i) => { results.gemm[i].tfjs_wasm_gflops = (tfGemmRate(tf, g) * 2 * g ** 3) / 1e9; });
  }

  console.log(`Training steps/s (${results.training[0].optimizer}, lr ${LR}, softmax cross-entropy, ReLU MLP, one fixed batch)`);
  console.log(`${'model'.padEnd(18)}${pad('batch', 6)}${pad('optzoo', 10)}${pad('GFLOP/s', 9)}${pad('tfjs-wasm', 11)}${pad('tfjs-cpu', 10)}${pad('vs wasm', 9)}${pad('vs cpu', 8)}`);
  for (const r of results.training) {
    const gf = (r.optzoo_steps_per_s * r.flops_per_step) / 1e9;
    r.optzoo_gflops = gf;
    r.ratio_vs_tfjs_wasm = r.tfjs_wasm_steps_per_s ? r.optzoo_steps_per_s / r.tfjs_wasm_steps_per_s : null;
    r.ratio_vs_tfjs_cpu = r.tfjs_cpu_steps_per_s ? r.optzoo_steps_per_s / r.tfjs_cpu_steps_per_s : null;
    const f = (x, d = 0) => (x == null ? '-' : x.toFixed(d));
    console.log(`${r.model.padEnd(18)}${pad(r.batch, 6)}${pad(f(r.optzoo_steps_per_s), 10)}${pad(f(gf, 2), 9)}${pad(f(r.tfjs_wasm_steps_per_s), 11)}${pad(f(r.tfjs_cpu_steps_per_s), 10)}${pad(f(r.ratio_vs_tfjs_wasm, 2) + 'x', 9)}${pad(f(r.ratio_vs_tfjs_cpu, 2) + 'x', 8)}`);
  }
  console.log('\nGEMM C = A B, n x n float32, GFLOP/s');
  console.log(`${'n'.padEnd(6)}${pad('optzoo', 10)}${pad('tfjs-wasm', 11)}${pad('ratio', 8)}`);
  for (const g of results.gemm) {
    g.ratio_vs_tfjs_wasm = g.tfjs_wasm_gflops ? g.optzoo_gflops / g.tfjs_wasm_gflops : null;
    console.log(`${String(g.n).padEnd(6)}${pad(g.optzoo_gflops.toFixed(2), 10)}${pad(g.tfjs_wasm_gflops ? g.tfjs_wasm_gflops.toFixed(2) : '-', 11)}${pad(g.ratio_vs_tfjs_wasm ? g.ratio_vs_tfjs_wasm.toFixed(2) + 'x' : '-', 8)}`);
  }
  results.size = shippedSizes();
  const kb = (b) => (b / 1024).toFixed(1) + ' KiB';
  console.log(`\nShipped, gzip -9 per file: web/dist wasm+JS ${kb(results.size.dist_wasm_js_gzip_bytes)}, page JS ${kb(results.size.page_js_gzip_bytes)}, total ${kb(results.size.dist_wasm_js_gzip_bytes + results.size.page_js_gzip_bytes)}`);
  results.noise_iqr_over_median = { median: median(noise), max: Math.max(...noise) };
  console.log(`\nnoise (IQR / median over ${REPEATS} repetitions): median ${(100 * results.noise_iqr_over_median.median).toFixed(1)}%, worst ${(100 * results.noise_iqr_over_median.max).toFixed(1)}%`);
  for (const item of ['SIMD128 peak microbenchmark', 'MNIST CNN step vs TF.js cpu and ConvNetJS', 'wasm vs native build', 'ES forward-pass throughput',
    'step time vs width and batch (growth exponent)', 'peak wasm memory, eight-run MNIST race', 'page load to first step (Chromium)'])
    console.log(`${item}: not measured`);
  const out = path.join(__dirname, 'results.json');
  fs.writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
  console.log(`\nwritten to ${path.relative(process.cwd(), out)}`);
}

main().catch((e) => {
  console.error(`bench: ${e.message}`);
  process.exit(1);
});
