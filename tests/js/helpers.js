// Shared helpers for the node:test suites.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'web', 'cli.js');

// Runs the CLI with args (and optional stdin); returns {status, stdout, stderr}.
function cli(args, { input, nodeFlags = [] } = {}) {
  const r = spawnSync(process.execPath, [...nodeFlags, CLI, ...args], { cwd: ROOT, input, encoding: 'utf8', timeout: 120000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function golden(name) {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'tests', 'golden', 'cases', `${name}.json`), 'utf8'));
}

function goldenNames() {
  return fs.readdirSync(path.join(ROOT, 'tests', 'golden', 'cases'))
    .filter((f) => f.endsWith('.json') && !f.startsWith('gradients_'))
    .map((f) => f.slice(0, -5));
}

function writeTemp(name, content) {
  const dir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'optzoo-test-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

function relDiff(a, b) {
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-12);
}

// A CLI result with its wall-clock times removed: everything else must be reproducible.
function reproducible(stdout) {
  const r = JSON.parse(stdout);
  for (const run of r.runs) delete run.wall_time;
  return r;
}

module.exports = { ROOT, CLI, cli, golden, goldenNames, writeTemp, relDiff, reproducible };
