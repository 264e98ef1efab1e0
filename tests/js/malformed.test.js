// The malformed-input corpus (tests/malformed/mutations.js) through the CLI: every
// broken spec, CSV and share link exits 2 within a timeout, with one "optzoo: path:
// rule" line per violation that names the broken field (or the CSV line), and never
// a stack trace. Specs alternate between `run` and `validate`; links go to `run`.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('child_process');
const { CLI, ROOT } = require('./helpers.js');
const { malformedSpecs, malformedCsvs, malformedUrls, csvSpec, namesField, looksLikeCrash } = require('../malformed/mutations.js');

const TIMEOUT_MS = 30000;
const PARALLEL = 3;

function cliAsync(args, input) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '', stderr = '', timedOut = false;
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, TIMEOUT_MS);
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (status) => { clearTimeout(timer); resolve({ status, stdout, stderr, timedOut }); });
    child.stdin.on('error', () => {}); // the CLI may exit before reading a link case's stdin
    child.stdin.end(input === undefined ? '' : input);
  });
}

// Runs every case, PARALLEL at a time; returns the failures as text.
async function feed(cases, check) {
  const failures = [];
  let next = 0;
  async function worker() {
    while (next < cases.length) {
      const c = cases[next++];
      const r = await cliAsync(c.args, c.input);
      const problem = r.timedOut ? `no answer in ${TIMEOUT_MS / 1000} s` : check(c, r);
      if (problem) failures.push(`${c.name}: ${problem}\n  stderr: ${r.stderr.slice(0, 400)}`);
    }
  }
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return failures;
}

function commonProblem(r) {
  if (r.status !== 2) return `exit code ${r.status}, expected 2`;
  if (r.stdout !== '') return 'printed a result';
  const lines = r.stderr.trim().split('\n');
  if (!lines.every((l) => /^optzoo: \S[^:]*: \S/.test(l))) return 'a line is not "optzoo: path: rule"';
  if (looksLikeCrash(r.stderr)) return 'shows a stack trace or an internal error';
  return null;
}

const specCases = malformedSpecs();

test(`${specCases.length} malformed specs: exit 2, the broken field named, no stack trace`, async () => {
  const cases = specCases.map((c, i) => ({
    ...c, input: c.text !== undefined ? c.text : JSON.stringify(c.spec), args: [i % 2 ? 'validate' : 'run', '-', '--quiet'].slice(0, i % 2 ? 2 : 3),
  }));
  const failures = await feed(cases, (c, r) => commonProblem(r) || (namesField(r.stderr.trim().split('\n'), c.path) ? null : `does not name ${c.path}`));
  assert.deepEqual(failures, []);
});

test('malformed CSVs: exit 2, the line (or the file) named, no stack trace', async () => {
  const cases = malformedCsvs().map((c) => ({ ...c, input: JSON.stringify(csvSpec(c.text)), args: ['run', '-', '--quiet'] }));
  assert.ok(cases.length >= 40);
  const failures = await feed(cases, (c, r) => {
    const bad = commonProblem(r);
    if (bad) return bad;
    if (!namesField(r.stderr.trim().split('\n'), c.label ? 'problem.label|problem.text' : 'problem.text')) return 'does not name problem.text';
    if (c.line && !r.stderr.includes(`line ${c.line}`)) return `does not name line ${c.line}`;
    return null;
  });
  assert.deepEqual(failures, []);
});

test('malformed share links: exit 2, the link or the broken field named, no stack trace', async () => {
  const cases = malformedUrls(specCases).map((c) => ({ ...c, args: ['run', c.url, '--quiet'] }));
  assert.ok(cases.length >= 40);
  const failures = await feed(cases, (c, r) => commonProblem(r) || (namesField(r.stderr.trim().split('\n'), c.path) ? null : `does not name ${c.path}`));
  assert.deepEqual(failures, []);
});
