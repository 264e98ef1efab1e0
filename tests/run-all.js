#!/usr/bin/env node
// Runs every test suite and ends with one line "N passed, N failed" over all of them.
// Each suite's full output goes to build/test-logs/<suite>.log; a failing suite's
// tail is printed here too.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const LOGS = path.join(ROOT, 'build', 'test-logs');

// Emscripten's doctest colours its summary even into a pipe, so colour codes go first.
const stripAnsi = (s) => s.replace(/\x1b\[[0-9;]*m/g, '');

function doctestCounts(out) {
  const m = stripAnsi(out).match(/test cases:\s*(\d+)\s*\|\s*(\d+) passed\s*\|\s*(\d+) failed/);
  return m ? { passed: Number(m[2]), failed: Number(m[3]) } : null;
}

function nodeTestCounts(out) {
  const pass = out.match(/^# pass (\d+)/m);
  const fail = out.match(/^# fail (\d+)/m);
  return pass && fail ? { passed: Number(pass[1]), failed: Number(fail[1]) } : null;
}

// A line "PREFIXN passed, N failed": tests/fuzz/run-fuzz.js ends with "fuzz: ..." (one
// per target), `optzoo lessons check` with the bare count (one per lesson).
const summaryCounts = (prefix) => (out) => {
  const m = out.match(new RegExp(`^${prefix}(\\d+) passed, (\\d+) failed`, 'm'));
  return m ? { passed: Number(m[1]), failed: Number(m[2]) } : null;
};

const node = process.execPath;
// The browser suite keeps Node's fetch: playwright-core needs the global Headers class.
const nodeTest = (dir, flags = ['--no-experimental-fetch']) => [node, [...flags, '--test', '--test-reporter=tap', '--test-concurrency=1', ...listTests(dir)]];

function listTests(dir) {
  const full = path.join(ROOT, dir);
  if (!fs.existsSync(full)) return [];
  return fs.readdirSync(full).filter((f) => f.endsWith('.test.js')).sort().map((f) => path.join(full, f));
}

const SUITES = [
  { name: 'native-doctest', cmd: [path.join(ROOT, 'build/native/optzoo_tests'), []], parse: doctestCounts },
  { name: 'sanitize-doctest', cmd: [path.join(ROOT, 'build/sanitize/optzoo_tests'), []], parse: doctestCounts },
  { name: 'wasm-doctest', cmd: [node, ['--no-experimental-fetch', path.join(ROOT, 'build/wasm/optzoo_tests.js')]], parse: doctestCounts },
  // Each libFuzzer target for 30 s from the committed corpus (a longer run: README).
  { name: 'fuzz', cmd: [node, [path.join(ROOT, 'tests/fuzz/run-fuzz.js'), '--seconds', '30']], parse: summaryCounts('fuzz: ') },
  // Every catalogue lesson's checks (web/cli.js lessons check), one count per lesson.
  { name: 'lessons', cmd: [node, ['--no-experimental-fetch', path.join(ROOT, 'web/cli.js'), 'lessons', 'check']], parse: summaryCounts('') },
  { name: 'js', cmd: nodeTest('tests/js'), parse: nodeTestCounts, files: 'tests/js' },
  { name: 'browser', cmd: nodeTest('tests/browser', []), parse: nodeTestCounts, files: 'tests/browser' },
];

// What a failing suite printed about its failures: each TAP "not ok" with its YAML
// block (the assertion, the values, the stack), or for other suites the log's tail.
function failureReport(out) {
  const lines = out.split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*not ok \d+/.test(lines[i])) continue;
    let j = i + 1;
    while (j < lines.length && !/^\s*\.\.\.\s*$/.test(lines[j]) && j - i < 80) j++;
    blocks.push(lines.slice(i, j + 1).join('\n'));
  }
  return blocks.length ? blocks.join('\n') : lines.slice(-60).join('\n');
}

function main() {
  const only = process.argv.slice(2);
  fs.mkdirSync(LOGS, { recursive: true });
  let passed = 0, failed = 0;
  for (const suite of SUITES) {
    if (only.length && !only.includes(suite.name)) continue;
    if (suite.files && listTests(suite.files).length === 0) continue;
    const started = Date.now();
    const r = spawnSync(suite.cmd[0], suite.cmd[1], { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 << 20, env: { ...process.env, NO_COLOR: '1' } });
    const out = (r.stdout || '') + (r.stderr || '') + (r.error ? `\n${r.error.message}\n` : '');
    fs.writeFileSync(path.join(LOGS, `${suite.name}.log`), out);
    let counts = suite.parse(out);
    // A suite that crashed or printed no summary counts as one failure.
    if (!counts) counts = { passed: 0, failed: 1 };
    if (r.status !== 0 && counts.failed === 0) counts.failed = 1;
    passed += counts.passed;
    failed += counts.failed;
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`${suite.name}: ${counts.passed} passed, ${counts.failed} failed (${secs} s)`);
    if (counts.failed) console.log(failureReport(out));
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main();
