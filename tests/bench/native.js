// The native baseline: build/native/optzoo_bench (tests/bench/native/optzoo_bench.cpp,
// built by `node scripts/build.js --bench`) runs the same cpp/bench workloads as the
// wasm module, compiled by g++ from the same core, and times them the same way.
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const { REPEATS, TARGET_CHUNK_SECONDS, noise } = require('./timing.js');

const BINARY = path.join(__dirname, '..', '..', 'build', 'native', 'optzoo_bench');

// `jobs` maps a name to an optzoo_bench job; the answer maps it to that job's result
// ({calls_per_s, noise, ...}). Throws when the binary is not built.
function runNative(jobs) {
  if (!fs.existsSync(BINARY)) throw new Error(`${path.relative(process.cwd(), BINARY)} is not built (node scripts/build.js --bench)`);
  const names = Object.keys(jobs);
  const request = JSON.stringify({ jobs: names.map((n) => jobs[n]), repeats: REPEATS, chunk_seconds: TARGET_CHUNK_SECONDS });
  const { results } = JSON.parse(execFileSync(BINARY, [request], { encoding: 'utf8', maxBuffer: 16 << 20 }));
  for (const r of results) noise.push(r.noise);
  return Object.fromEntries(names.map((n, i) => [n, results[i]]));
}

// Runs single jobs right after their wasm twins, so that both see the same load on a
// shared machine. run(job) is null when the binary is not built (see `reason`).
function nativeRunner() {
  const reason = fs.existsSync(BINARY) ? null : `${path.relative(process.cwd(), BINARY)} is not built (node scripts/build.js --bench)`;
  return { reason, run: (job) => (reason ? null : runNative({ job }).job) };
}

module.exports = { runNative, nativeRunner, BINARY };
