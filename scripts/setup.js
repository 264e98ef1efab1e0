#!/usr/bin/env node
// Installs what optzoo needs and is missing, so `npm start` and `npm test` work on a
// fresh Debian machine with only Node and npm. Idempotent: a second run only checks.
'use strict';
const { execSync, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');

// Debian packages: the toolchain, header-only libraries, the data and the browser.
const APT_BUILD = ['emscripten', 'cmake', 'g++', 'libeigen3-dev', 'doctest-dev', 'nlohmann-json3-dev', 'dataset-fashion-mnist'];
// clang-14 with its runtime libraries builds the libFuzzer targets (tests/fuzz).
const APT_TEST = ['chromium', 'clang-14', 'libclang-rt-14-dev'];

function missingDebianPackages(names) {
  return names.filter((name) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
    return r.status !== 0 || !r.stdout.includes('install ok installed');
  });
}

function run(cmd, opts = {}) {
  console.log(`setup: ${cmd}`);
  execSync(cmd, { stdio: 'inherit', cwd: ROOT, ...opts });
}

function installDebian(names) {
  const missing = missingDebianPackages(names);
  if (missing.length === 0) return;
  const isRoot = process.getuid && process.getuid() === 0;
  const sudo = isRoot ? '' : 'sudo ';
  try {
    run(`${sudo}apt-get update -q`);
    run(`${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends ${missing.join(' ')}`);
  } catch (e) {
    console.error(`setup: could not install ${missing.join(', ')}; install them with apt-get and retry`);
    process.exit(1);
  }
}

// npm packages: install when node_modules is missing or older than the lock file.
function installNpm() {
  const lock = path.join(ROOT, 'package-lock.json');
  const marker = path.join(ROOT, 'node_modules', '.package-lock.json');
  const fresh = fs.existsSync(marker) && (!fs.existsSync(lock) || fs.statSync(marker).mtimeMs >= fs.statSync(lock).mtimeMs);
  if (fresh) return;
  run(fs.existsSync(lock) ? 'npm ci --no-audit --no-fund' : 'npm install --no-audit --no-fund');
}

function main() {
  const forTests = process.argv.includes('--tests') || process.env.npm_lifecycle_event === 'test';
  // `npm run bench` times page load in Chromium too (tests/bench/page-load.js).
  const forBench = process.env.npm_lifecycle_event === 'bench';
  installDebian(forTests ? [...APT_BUILD, ...APT_TEST] : forBench ? [...APT_BUILD, 'chromium'] : APT_BUILD);
  installNpm();
}

main();
