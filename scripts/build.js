#!/usr/bin/env node
// Builds everything `npm start` serves and `npm test` runs. Incremental: CMake and
// make rebuild only what changed, so a second run takes seconds.
//   node scripts/build.js           data assets, the wasm module, the site
//   node scripts/build.js --tests   also the native, sanitizer and wasm test binaries and the fuzz targets
//   node scripts/build.js --bench   also the bench's wasm module (build/wasm/optzoo_bench_core: the core with
//                                   the bench workloads' bindings) and native baseline (build/native/optzoo_bench)
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const DIST = path.join(ROOT, 'web', 'dist');
const JOBS = String(Math.max(1, Math.min(require('os').cpus().length, 4)));
// em++ 3.1.6 needs Debian's acorn, which lives under /usr/share/nodejs.
const EM_ENV = { ...process.env, NODE_PATH: ['/usr/share/nodejs', process.env.NODE_PATH].filter(Boolean).join(':') };

function step(label, fn) {
  const started = Date.now();
  process.stdout.write(`build: ${label} ... `);
  fn();
  process.stdout.write(`${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

function exec(cmd, args, env = process.env) {
  try {
    execFileSync(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  } catch (e) {
    process.stdout.write('failed\n');
    process.stderr.write(String(e.stdout || '') + String(e.stderr || ''));
    process.stderr.write(`build: ${cmd} ${args.join(' ')} failed\n`);
    process.exit(1);
  }
}

function cmakeBuild(dir, targets, { configure, env = process.env, flags = [] }) {
  const buildDir = path.join(ROOT, 'build', dir);
  // Configure when new, or when CMakeLists.txt changed since: a target it added is
  // unknown to the old Makefiles, which would fail before regenerating themselves.
  const cache = path.join(buildDir, 'CMakeCache.txt');
  if (!fs.existsSync(cache) || fs.statSync(path.join(ROOT, 'CMakeLists.txt')).mtimeMs > fs.statSync(cache).mtimeMs) {
    const args = ['-S', ROOT, '-B', buildDir, ...flags];
    if (configure === 'emcmake') exec('emcmake', ['cmake', ...args], env);
    else exec('cmake', args, env);
  }
  exec('cmake', ['--build', buildDir, '-j', JOBS, '--target', ...targets], env);
  return buildDir;
}

function copyIfChanged(from, to) {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  if (fs.existsSync(to) && fs.readFileSync(to).equals(fs.readFileSync(from))) return;
  fs.copyFileSync(from, to);
}

// Third-party browser files the page loads from its own origin (no CDN).
const VENDOR = [
  ['node_modules/uplot/dist/uPlot.iife.min.js', 'vendor/uPlot.iife.min.js'],
  ['node_modules/uplot/dist/uPlot.min.css', 'vendor/uPlot.min.css'],
];

function main() {
  const withTests = process.argv.includes('--tests');
  const withBench = process.argv.includes('--bench');
  step('packing datasets', () => require('./pack-data.js').packAll({ quiet: true }));
  step('wasm module (em++)', () => {
    const dir = cmakeBuild('wasm', withTests ? ['optzoo_module', 'optzoo_tests'] : ['optzoo_module'], {
      configure: 'emcmake', env: EM_ENV, flags: ['-DCMAKE_BUILD_TYPE=Release'],
    });
    copyIfChanged(path.join(dir, 'optzoo_core.js'), path.join(DIST, 'optzoo_core.js'));
    copyIfChanged(path.join(dir, 'optzoo_core.wasm'), path.join(DIST, 'optzoo_core.wasm'));
  });
  step('vendor files', () => {
    for (const [from, to] of VENDOR)
      if (fs.existsSync(path.join(ROOT, from))) copyIfChanged(path.join(ROOT, from), path.join(DIST, to));
  });
  if (withBench) {
    step('bench wasm module (em++)', () => cmakeBuild('wasm', ['optzoo_bench_module'], {
      configure: 'emcmake', env: EM_ENV, flags: ['-DCMAKE_BUILD_TYPE=Release'],
    }));
  }
  if (withBench) step('native bench (g++)', () => cmakeBuild('native', ['optzoo_bench'], { flags: ['-DCMAKE_BUILD_TYPE=Release'] }));
  if (withTests) {
    step('native tests (g++)', () => cmakeBuild('native', ['optzoo_tests'], { flags: ['-DCMAKE_BUILD_TYPE=Release'] }));
    step('sanitizer tests (g++ ASan+UBSan)', () =>
      cmakeBuild('sanitize', ['optzoo_tests'], { flags: ['-DCMAKE_BUILD_TYPE=RelWithDebInfo', '-DOPTZOO_SANITIZE=ON'] }));
    // libFuzzer comes with clang only: tests/fuzz/run-fuzz.js runs these.
    step('fuzz targets (clang-14 libFuzzer)', () =>
      cmakeBuild('fuzz', ['fuzz_spec', 'fuzz_data'], {
        flags: ['-DCMAKE_BUILD_TYPE=RelWithDebInfo', '-DOPTZOO_FUZZ=ON', '-DCMAKE_C_COMPILER=clang-14', '-DCMAKE_CXX_COMPILER=clang++-14'],
      }));
  }
}

main();
