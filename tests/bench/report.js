// The bench's printed table: one row per measure, as a Markdown table so that a run
// can be pasted into README.md's "Performance" section unchanged.
'use strict';

const num = (x, d = 0) => (x == null || !Number.isFinite(x) ? '-' : x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }));
const pct = (x) => (x == null || !Number.isFinite(x) ? '-' : `${(100 * x).toFixed(x < 0.1 ? 1 : 0)}%`);
const ratio = (a, b) => (a && b ? `${num(a / b, a / b < 10 ? 2 : 0)}×` : '-');
const noiseOf = (...xs) => xs.filter((x) => x != null).map(pct).join(' / ') || '-';
const missing = (s) => (s && s.not_measured ? `not measured: ${s.not_measured}` : null);

// Each native figure was measured right after its wasm twin (tests/bench/native.js).
function rows(r) {
  const out = [];
  const row = (measure, optzoo, reference, vs, noise) => out.push([measure, optzoo, reference, vs, noise]);
  const peak = r.simd_peak && r.simd_peak.gflops;
  const tfw = (r.tfjs_wasm && r.tfjs_wasm.training) || [];
  const tfc = (r.tfjs_cpu && r.tfjs_cpu.training) || [];
  const nat = r.native && !r.native.not_measured;

  for (const [i, t] of (r.training || []).entries()) {
    const w = tfw[i] || {}, c = tfc[i] || {};
    row(`${t.optimizer} step ${t.model} b${t.batch}`, `${num(t.optzoo_steps_per_s)} steps/s (${num(t.optzoo_gflops, 2)} GFLOP/s${peak ? `, ${pct(t.optzoo_gflops / peak)} of peak` : ''})`,
      `TF.js wasm ${num(w.rate)}, cpu ${num(c.rate)}`, `${ratio(t.optzoo_steps_per_s, w.rate)} / ${ratio(t.optzoo_steps_per_s, c.rate)}`, noiseOf(t.optzoo_noise, w.noise, c.noise));
  }
  for (const [i, g] of (r.gemm || []).entries()) {
    const w = ((r.tfjs_wasm && r.tfjs_wasm.gemm) || [])[i] || {};
    row(`GEMM n=${g.n}`, `${num(g.optzoo_gflops, 2)} GFLOP/s${peak ? ` (${pct(g.optzoo_gflops / peak)} of peak)` : ''}`, `TF.js wasm tf.matMul ${num(w.gflops, 2)}`,
      ratio(g.optzoo_gflops, w.gflops), noiseOf(g.optzoo_noise, w.noise));
  }
  if (r.simd_peak) row('SIMD128 ceiling: 2 × min(f32x4.mul rate, f32x4.add rate), 12 chains each, best chunk at start and end',
    missing(r.simd_peak) || `${num(peak, 2)} GFLOP/s (multiply ${num(r.simd_peak.multiply.gflops, 2)}, add ${num(r.simd_peak.add.gflops, 2)}; median ${num(r.simd_peak.median_gflops, 2)})`,
    nat ? `native SSE, same code ${num(r.simd_peak.native_gflops, 2)}` : '-', nat && peak ? ratio(peak, r.simd_peak.native_gflops) : '-', noiseOf(r.simd_peak.noise, r.simd_peak.native_noise));
  if (r.cnn) {
    const m = missing(r.cnn);
    const c = r.cnn, tc = r.tfjs_cpu && r.tfjs_cpu.cnn;
    const ex = c.optzoo_examples_per_s;
    const gf = ex * c.flops_per_example / 1e9;
    const ours = m || `${num(ex)} examples/s (${num(ex / c.batch)} steps/s, ${num(gf, 2)} dense-equivalent GFLOP/s)`;
    row(`MNIST CNN step b${c.batch}, sgd, vs TF.js cpu`, ours, tc ? `${num(tc.examples_per_s)} examples/s, median of ${tc.repeats} (forward alone ${num(tc.forward_examples_per_s)})` : '-', tc ? ratio(ex, tc.examples_per_s) : '-', noiseOf(c.optzoo_noise, tc && tc.noise));
    row('MNIST CNN, vs ConvNetJS (per example)', ours, m ? '-' : `${num(c.convnetjs_examples_per_s)} examples/s`, ratio(ex, c.convnetjs_examples_per_s), noiseOf(c.optzoo_noise, c.convnetjs_noise));
  }
  if (r.es) row(`ES forward passes ${r.es.model || ''} b${r.es.batch || ''} (${r.es.forward_passes_per_step || ''} per step)`,
    missing(r.es) || `${num(r.es.forward_passes_per_s)} passes/s`, nat ? `native ${num(r.es.native_forward_passes_per_s)}` : '-', nat ? `${ratio(r.es.forward_passes_per_s, r.es.native_forward_passes_per_s)} of native` : '-', noiseOf(r.es.noise, r.es.native_noise));
  if (r.native && r.native.not_measured) row('wasm vs native', missing(r.native), '-', '-', '-');
  if (nat) {
    for (const t of r.training || [])
      row(`wasm vs native: step ${t.model} b${t.batch}`, `${num(t.optzoo_steps_per_s)} steps/s`, `native ${num(t.native_steps_per_s)}`, `${ratio(t.optzoo_steps_per_s, t.native_steps_per_s)} of native`, noiseOf(t.optzoo_noise, t.native_noise));
    for (const g of r.gemm || [])
      row(`wasm vs native: GEMM n=${g.n}`, `${num(g.optzoo_gflops, 2)} GFLOP/s`, `native ${num(g.native_gflops, 2)}`, `${ratio(g.optzoo_gflops, g.native_gflops)} of native`, noiseOf(g.optzoo_noise, g.native_noise));
    if (r.cnn && !r.cnn.not_measured)
      row('wasm vs native: MNIST CNN step', `${num(r.cnn.optzoo_examples_per_s)} examples/s`, `native ${num(r.cnn.native_examples_per_s)}`, `${ratio(r.cnn.optzoo_examples_per_s, r.cnn.native_examples_per_s)} of native`, noiseOf(r.cnn.optzoo_noise, r.cnn.native_noise));
  }
  if (r.scaling) {
    const s = r.scaling, m = missing(s);
    const list = (pts, key) => pts.map((p) => `${p[key]}: ${num(p.step_seconds * 1e6)}`).join(', ');
    row(`step time vs width (784-W-10, b64, ${s.optimizer || ''})`, m || `∝ W^${num(s.width_exponent, 2)}`, m ? '-' : `µs/step ${list(s.width, 'width')}`, '-', m ? '-' : `max ${pct(Math.max(...s.width.map((p) => p.noise)))}`);
    row(`step time vs batch (784-128-10, ${s.optimizer || ''})`, m || `∝ B^${num(s.batch_exponent, 2)}`, m ? '-' : `µs/step ${list(s.batch, 'batch')}`, '-', m ? '-' : `max ${pct(Math.max(...s.batch.map((p) => p.noise)))}`);
  }
  if (r.memory) {
    const m = r.memory, mib = (b) => `${num(b / 2 ** 20, 1)} MiB`;
    row(`peak wasm memory, ${m.runs || 8}-run MNIST race (${m.steps || ''} steps)`, missing(m) || `${mib(m.peak_memory_bytes)} linear memory`,
      missing(m) ? '-' : `at start ${mib(m.start_memory_bytes)}; malloc in use peak ${mib(m.peak_heap_in_use_bytes)}`, '-', 'one run (deterministic)');
  }
  if (r.page_load) {
    const p = r.page_load;
    row(`page load to first step, headless Chromium (${p.preset || 'default preset'})`, missing(p) || `${num(p.median * 1000)} ms (median of ${p.samples.length})`,
      missing(p) ? '-' : `first, cold load ${num(p.cold_seconds * 1000)} ms; DOMContentLoaded at ${num(p.dom_content_loaded_median_seconds * 1000)} ms; target 1,000 ms`, '-', noiseOf(p.noise));
  }
  if (r.size) {
    const kb = (b) => `${num(b / 1024, 1)} KiB`;
    row('shipped size, gzip -9 per file', `${kb(r.size.dist_wasm_js_gzip_bytes + r.size.page_js_gzip_bytes)}`,
      `every file that could be shipped: wasm+loader+vendor ${kb(r.size.dist_wasm_js_gzip_bytes)}, page JS ${kb(r.size.page_js_gzip_bytes)} (includes Node-only modules)`, '-', 'exact');
  }
  if (r.page_load && r.page_load.fetched_files) {
    // What the cold page load really fetched (datasets left out), against the target.
    const f = r.page_load.fetched_files, sum = (list) => list.reduce((s, e) => s + e.gzip_bytes, 0);
    const code = sum(f.filter((e) => /\.(wasm|js)$/.test(e.file))), all = sum(f);
    const both = (b) => `${num(b / 1000, 1)} KB (${num(b / 1024, 1)} KiB)`;
    row('downloaded by the page, gzip -9 per file', `wasm+JS ${both(code)}`,
      `${f.length} files fetched on a cold load; with HTML and CSS ${both(all)}; target 400 KB`, '-', 'exact');
  }
  return out;
}

function printReport(results) {
  const header = ['measure', 'optzoo (wasm)', 'reference', 'optzoo ÷ reference', 'noise (IQR/median)'];
  console.log('');
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => '---').join('|')}|`);
  for (const r of rows(results)) console.log(`| ${r.join(' | ')} |`);
  const n = results.noise_iqr_over_median;
  console.log(`\nnoise over all figures: median ${pct(n.median)}, worst ${pct(n.max)}. ${results.uptime_after ? `load after the run: ${results.uptime_after}` : ''}`);
  console.log('MNIST CNN: ConvNetJS trains one example at a time, so the CNN rows compare examples per second (steps/s x batch).');
  console.log('Its GFLOP/s count the dense products a step stands for; the backward pass of a convolution behind ReLU and max-pooling sums over the nonzero output gradient entries alone.');
}

module.exports = { printReport, rows };
