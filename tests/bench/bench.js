#!/usr/bin/env node
// `npm run bench`: optzoo's wasm core measured in one run on one machine against
// TensorFlow.js (wasm and cpu backends), ConvNetJS, its own native build and the
// machine's SIMD128 ceiling; plus ES throughput, step-time scaling, peak memory of an
// eight-run MNIST race, shipped size and page load to first step in Chromium.
// Figures are medians of repeated timed chunks after a warm-up (timing.js), each
// with its noise (IQR / median); those compared with a reference keep the better of
// two rounds. Nothing here is a test: no number is asserted on.
// Results also go to tests/bench/results.json.
//   node tests/bench/bench.js [--only=training,gemm,peak,cnn,es,scaling,memory,native,page,tfjs,size]
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const { REPEATS, SLOW_REPEATS, SLOW_CALL_SECONDS, measure, median, noise } = require('./timing.js');
const cnn = require('./cnn.js');
const { loadTf, tfTrainingRate, tfTrainingWork, tfGemmWork } = require('./tfjs.js');
const { trainingFlops } = require('./flops.js');
const { nativeRunner } = require('./native.js');
const { scaling } = require('./scaling.js');
const { peakMemoryOfRace } = require('./memory.js');
const { pageLoadToFirstStep } = require('./page-load.js');
const { shippedSizes } = require('./size.js');
const { printReport } = require('./report.js');

const MODELS = [
  { sizes: [2, 8, 8, 2], batch: 32 },
  { sizes: [784, 128, 10], batch: 64 },
  { sizes: [784, 512, 512, 10], batch: 64 },
];
const GEMM_SIZES = [64, 256, 512];
const ES = { sizes: [784, 128, 10], batch: 64 };  // es with its default 20 antithetic pairs
const LR = 0.001;  // small enough for every optimizer here to stay finite over thousands of steps
const SECTIONS = ['training', 'gemm', 'peak', 'cnn', 'es', 'scaling', 'memory', 'native', 'page', 'tfjs', 'size'];

// Forward 2*B*in*out per layer (flops.js adds the backward pass).
const mlpFlopsPerStep = ({ sizes, batch }) => trainingFlops(sizes.slice(1).map((out, i) => 2 * batch * sizes[i] * out));
const gemmGflops = (callsPerSecond, n) => (callsPerSecond * 2 * n ** 3) / 1e9;

function trainingBench(core, config, batch, optimizer) {
  const bench = new core.TrainingBench(JSON.stringify(config), batch, optimizer, LR);
  const error = bench.error();
  if (error !== 'null' && error) {
    bench.delete();
    throw new Error(`TrainingBench ${JSON.stringify(config)}: ${error}`);
  }
  return bench;
}

// optzoo's figure, then its reference's ({work, dispose} from tfjs.js, or nothing)
// right after it, so that both see the same machine: on a shared VM the speed drifts by
// a third from one minute to the next. (Alternating their chunks was tried: the
// garbage TF.js leaves was then collected inside optzoo's chunks.)
function together(ownWork, reference) {
  if (!reference) return [measure(ownWork)];
  try {
    return [measure(ownWork), measure(reference.work)];
  } finally {
    reference.dispose();
  }
}

// Steps per second ({rate, noise}) and forward passes per step of a TrainingBench, and
// the rate of the reference timed alongside it, if any.
function trainingRate(core, config, batch, optimizer, reference = null) {
  const bench = trainingBench(core, config, batch, optimizer);
  try {
    const before = bench.forwardPasses();
    bench.run(1);
    const forwardPerStep = bench.forwardPasses() - before;
    const [own, ref] = together((n) => bench.run(n), reference);
    return { ...own, forward_passes_per_step: forwardPerStep, reference: ref };
  } finally {
    bench.delete();
  }
}

function gemmRate(core, n, reference = null) {
  const bench = new core.GemmBench(n);
  try {
    const [own, ref] = together((k) => bench.run(k), reference);
    return { ...own, reference: ref };
  } finally {
    bench.delete();
  }
}

// Each figure of two rounds of compared() ({key: object or array of objects}) at its
// better round: a group's first field (a rate) picks the round, the rest (its noise,
// figures derived from it) follow; `<rate>_rounds` keeps both rates.
const ROUND_GROUPS = [
  ['optzoo_steps_per_s', 'optzoo_noise', 'optzoo_gflops'], ['native_steps_per_s', 'native_noise'],
  ['optzoo_gflops', 'optzoo_noise'], ['native_gflops', 'native_noise'], ['optzoo_examples_per_s', 'optzoo_noise'],
  ['convnetjs_examples_per_s', 'convnetjs_noise'], ['native_examples_per_s', 'native_noise'],
  ['rate', 'noise', 'best', 'repeats'], ['gflops', 'noise'],
];
function betterRound(a, b) {
  const out = { ...a };
  for (const [rate, ...rest] of ROUND_GROUPS) {
    if (!(rate in a) || (rate === 'optzoo_gflops' && 'optzoo_steps_per_s' in a)) continue;
    const pick = (b[rate] || 0) > (a[rate] || 0) ? b : a;
    for (const key of [rate, ...rest]) if (key in pick) out[key] = pick[key];
    out[`${rate}_rounds`] = [a[rate], b[rate]];
  }
  return out;
}
function betterRounds(first, second) {
  const out = {};
  for (const [key, a] of Object.entries(first)) {
    const b = second[key];
    out[key] = Array.isArray(a) ? a.map((x, i) => betterRound(x, (b && b[i]) || x)) : betterRound(a, b || a);
  }
  return out;
}

// Runs one section, keeping the reason when it cannot run here (no Chromium, say).
async function section(results, name, fn) {
  try {
    results[name] = await fn();
  } catch (e) {
    results[name] = { not_measured: e.message.split('\n')[0] };
    console.error(`bench: ${name}: ${e.message.split('\n')[0]}`);
  }
}

async function main() {
  const onlyArg = process.argv.find((a) => a.startsWith('--only='));
  const only = new Set(onlyArg ? onlyArg.slice(7).split(',') : SECTIONS);
  for (const s of only) if (!SECTIONS.includes(s)) throw new Error(`--only: unknown section "${s}"; known: ${SECTIONS.join(', ')}`);
  const { loadModule } = require('../../web/node.js');
  // The page's module plus the bench workloads' bindings (node scripts/build.js --bench).
  const benchModule = path.join(__dirname, '../../build/wasm/optzoo_bench_core.js');
  if (!fs.existsSync(benchModule)) throw new Error(`${path.relative(process.cwd(), benchModule)}: not built (run npm run bench)`);
  const api = await loadModule(benchModule);
  const core = api.core;
  const results = {
    date: new Date().toISOString(), node: process.version, cpu: os.cpus()[0].model, cores: os.cpus().length,
    uptime_before: execFileSync('uptime', { encoding: 'utf8' }).trim(), optzoo: api.version(), simd: api.simd(), repeats: REPEATS, lr: LR,
  };
  console.log(`optzoo ${api.version()} (wasm SIMD128: ${api.simd()}), Node ${process.version}, ${results.cpu}`);
  console.log(`load: ${results.uptime_before}`);
  console.log(`Measuring; each figure is the median of ${REPEATS} timed chunks after a warm-up (${SLOW_REPEATS} for calls slower than ${SLOW_CALL_SECONDS} s);`);
  console.log('training steps, GEMMs and the CNN, with their references, are the better of two rounds, at the start and near the end.');
  const optimizer = api.registry().some((o) => o.name === 'adam') ? 'adam' : 'sgd';

  // The native twin of each figure runs right after it (same load); see native.js.
  const native = only.has('native') ? nativeRunner() : { reason: 'not asked for (--only)', run: () => null };
  results.native = { compiler: 'g++ -O3 (CMake Release), -ffp-contract=off, no -march (SSE2)', not_measured: native.reason || undefined };
  const nativeRate = (job) => {
    const r = native.run(job);
    return r ? { rate: r.calls_per_s, noise: r.noise, best: r.best_calls_per_s, forward_passes_per_call: r.forward_passes_per_call } : {};
  };
  // The SIMD128 ceiling (cpp/bench/simd_peak.cpp): a kernel with as many multiplies as
  // adds runs at most at 2 x min(multiply rate, add rate). Each rate is the best of its
  // repetitions (other processes on the cores only lower it), measured at the start and
  // again at the end of the run; the ceiling is taken from the better of the two.
  const PEAK_OPS = ['multiply', 'add'];
  const peakRates = () => {
    const flops = core.simdPeakFlopsPerRep();
    const out = {};
    PEAK_OPS.forEach((name, index) => {
      const r = measure((reps) => core.simdPeak(index, reps));
      const n = nativeRate({ kind: 'simd_peak', op: name });
      out[name] = { gflops: (r.best * flops) / 1e9, median_gflops: (r.rate * flops) / 1e9, noise: r.noise,
        native_gflops: n.best ? (n.best * flops) / 1e9 : null, native_noise: n.noise };
    });
    return out;
  };
  const ceiling = (rates, key) => (PEAK_OPS.every((op) => rates[op][key]) ? 2 * Math.min(...PEAK_OPS.map((op) => rates[op][key])) : null);
  const simdPeak = (earlier) => {
    const rates = peakRates();
    if (earlier) {
      for (const op of PEAK_OPS) {
        const [a, b] = [earlier[op], rates[op]];
        rates[op] = { ...(b.gflops > a.gflops ? b : a), native_gflops: Math.max(a.native_gflops, b.native_gflops) || null,
          gflops_at_start: a.gflops, gflops_at_end: b.gflops };
      }
    }
    return { gflops: ceiling(rates, 'gflops'), median_gflops: ceiling(rates, 'median_gflops'), native_gflops: ceiling(rates, 'native_gflops'),
      noise: Math.max(...PEAK_OPS.map((op) => rates[op].noise)),
      native_noise: Math.max(...PEAK_OPS.map((op) => rates[op].native_noise || 0)) || null, ...rates };
  };
  if (only.has('peak')) await section(results, 'simd_peak', () => simdPeak());

  // TF.js's wasm backend (XNNPACK) is the reference of the targets: its training steps
  // and tf.matMul are timed right after optzoo's (together), in the training and gemm
  // sections. Its cpu backend, far slower, is timed in the tfjs section further down.
  let tfWasm = null;
  if (only.has('tfjs')) {
    try {
      tfWasm = await loadTf('wasm');
      results.tfjs_wasm = { flags: { simd: await tfWasm.env().getAsync('WASM_HAS_SIMD_SUPPORT'), threads: await tfWasm.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT') },
        training: [], gemm: [] };
    } catch (e) {
      results.tfjs_wasm = { not_measured: e.message };
    }
  }

  // The figures compared with a reference (training steps, GEMMs, the CNN, each with
  // its TF.js, ConvNetJS and native twins) are measured in two rounds, one here and one
  // near the end of the run, and every figure keeps its better round (both are in
  // results.json). On this shared VM a slow phase lasts tens of seconds and lowers
  // whatever runs in it; other work can only slow a loop, never speed it up.
  const compared = async () => {
    // The tfjs section switches TF.js's one global backend to cpu; the reference here is wasm.
    if (tfWasm && tfWasm.getBackend() !== 'wasm' && !(await tfWasm.setBackend('wasm'))) throw new Error('TF.js: cannot switch back to the wasm backend');
    const round = { tfjs_wasm_training: [], tfjs_wasm_gemm: [] };
    const attempt = (name, fn) => {
      try {
        round[name] = fn();
      } catch (e) {
        round[name] = { not_measured: e.message.split('\n')[0] };
        console.error(`bench: ${name}: ${e.message.split('\n')[0]}`);
      }
    };
    if (only.has('training')) attempt('training', () => MODELS.map((m) => {
      const r = trainingRate(core, m.sizes, m.batch, optimizer, tfWasm && tfTrainingWork(tfWasm, m, optimizer, LR));
      if (r.reference) round.tfjs_wasm_training.push({ model: m.sizes.join('-'), batch: m.batch, ...r.reference });
      const n = nativeRate({ kind: 'training', config: m.sizes, batch: m.batch, optimizer, lr: LR });
      return { model: m.sizes.join('-'), batch: m.batch, optimizer, flops_per_step: mlpFlopsPerStep(m), optzoo_steps_per_s: r.rate, optzoo_noise: r.noise,
        optzoo_gflops: (r.rate * mlpFlopsPerStep(m)) / 1e9, native_steps_per_s: n.rate, native_noise: n.noise };
    }));
    if (only.has('gemm')) attempt('gemm', () => GEMM_SIZES.map((size) => {
      const r = gemmRate(core, size, tfWasm && tfGemmWork(tfWasm, size));
      if (r.reference) round.tfjs_wasm_gemm.push({ n: size, gflops: gemmGflops(r.reference.rate, size), noise: r.reference.noise });
      const n = nativeRate({ kind: 'gemm', n: size });
      return { n: size, optzoo_gflops: gemmGflops(r.rate, size), optzoo_noise: r.noise, native_gflops: n.rate ? gemmGflops(n.rate, size) : null, native_noise: n.noise };
    }));
    if (only.has('cnn')) attempt('cnn', () => {
      const r = trainingRate(core, cnn.optzooConfig(), cnn.BATCH, 'sgd');
      const n = nativeRate({ kind: 'training', config: cnn.optzooConfig(), batch: cnn.BATCH, optimizer: 'sgd', lr: LR });
      const c = cnn.convnetExamplesPerSecond(LR);
      return { layers: cnn.LAYERS, batch: cnn.BATCH, optimizer: 'sgd', flops_per_example: cnn.flopsPerExample(),
        optzoo_examples_per_s: r.rate * cnn.BATCH, optzoo_noise: r.noise, convnetjs_examples_per_s: c.rate, convnetjs_noise: c.noise,
        native_examples_per_s: n.rate ? n.rate * cnn.BATCH : null, native_noise: n.noise };
    });
    return round;
  };
  const firstRound = await compared();
  if (only.has('es')) await section(results, 'es', () => {
    const r = trainingRate(core, ES.sizes, ES.batch, 'es');
    const n = nativeRate({ kind: 'training', config: ES.sizes, batch: ES.batch, optimizer: 'es', lr: LR });
    return { model: ES.sizes.join('-'), batch: ES.batch, forward_passes_per_step: r.forward_passes_per_step, steps_per_s: r.rate,
      forward_passes_per_s: r.rate * r.forward_passes_per_step, noise: r.noise,
      native_forward_passes_per_s: n.rate ? n.rate * n.forward_passes_per_call : null, native_noise: n.noise };
  });
  if (only.has('scaling')) await section(results, 'scaling', () => scaling(core, optimizer, LR));
  if (only.has('memory')) await section(results, 'memory', () => peakMemoryOfRace());
  if (only.has('tfjs')) {
    let tf = null;
    try {
      tf = await loadTf('cpu');
    } catch (e) {
      results.tfjs_cpu = { not_measured: e.message };
    }
    if (tf) {
      results.tfjs_cpu = { flags: {}, training: MODELS.map((m) => ({ model: m.sizes.join('-'), batch: m.batch, ...tfTrainingRate(tf, m, optimizer, LR) })) };
      if (only.has('cnn')) {
        const r = cnn.tfExamplesPerSecond(tf, LR);
        results.tfjs_cpu.cnn = { examples_per_s: r.rate, noise: r.noise, repeats: r.repeats, forward_examples_per_s: r.forward_rate };
      }
    }
  }
  let secondRound = firstRound;
  try {
    secondRound = await compared();
  } catch (e) {
    console.error(`bench: second round: ${e.message.split('\n')[0]}; the figures are the first round's`);
  }
  const { tfjs_wasm_training: tfTraining, tfjs_wasm_gemm: tfGemm, ...best } = betterRounds(firstRound, secondRound);
  Object.assign(results, best);
  if (results.tfjs_wasm && !results.tfjs_wasm.not_measured) Object.assign(results.tfjs_wasm, { training: tfTraining, gemm: tfGemm });
  if (only.has('peak') && results.simd_peak && !results.simd_peak.not_measured) {
    try {
      results.simd_peak = simdPeak(results.simd_peak);
    } catch (e) {
      console.error(`bench: simd_peak at the end: ${e.message.split('\n')[0]}`);
    }
  }
  // Last, so that the browser's processes do not share the cores with the timed work.
  if (only.has('page')) await section(results, 'page_load', () => pageLoadToFirstStep());
  if (only.has('size')) results.size = shippedSizes();
  results.uptime_after = execFileSync('uptime', { encoding: 'utf8' }).trim();
  results.noise_iqr_over_median = { median: median(noise), max: Math.max(...noise) };

  printReport(results);
  const out = path.join(__dirname, 'results.json');
  fs.writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
  console.log(`\nwritten to ${path.relative(process.cwd(), out)}`);
}

main().catch((e) => {
  console.error(`bench: ${e.message}`);
  process.exit(1);
});
