#!/usr/bin/env node
// Runs the libFuzzer targets (build/fuzz/fuzz_*, built by `node scripts/build.js --tests`
// with clang-14) for a while each, starting from the committed seed corpus. New inputs
// go to a scratch folder, never into tests/fuzz/corpus. A target passes when it ran
// its time with no crash, leak, timeout or out-of-memory report; a finding is saved
// under build/fuzz-artifacts/ (add it to the corpus and a doctest, see README).
//   node tests/fuzz/run-fuzz.js                 30 s per target (npm test)
//   node tests/fuzz/run-fuzz.js --seconds 1800  a long run
// Prints one line per target and a last line "fuzz: N passed, N failed".
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.join(__dirname, '..', '..');
const BUILD = path.join(ROOT, 'build', 'fuzz');
const ARTIFACTS = path.join(ROOT, 'build', 'fuzz-artifacts');
const TARGETS = ['fuzz_spec', 'fuzz_data']; // corpus folder: the name without "fuzz_"

function argSeconds() {
  const i = process.argv.indexOf('--seconds');
  const s = i >= 0 ? Number(process.argv[i + 1]) : 30;
  if (!(s > 0)) throw new Error('--seconds needs a positive number');
  return s;
}

function runTarget(name, seconds) {
  const exe = path.join(BUILD, name);
  if (!fs.existsSync(exe)) return { ok: false, line: `${name}: not built (node scripts/build.js --tests needs clang-14 and libclang-rt-14-dev)` };
  const seeds = path.join(__dirname, 'corpus', name.replace(/^fuzz_/, ''));
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), `optzoo-${name}-`));
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const r = spawnSync(exe, [`-max_total_time=${seconds}`, '-timeout=20', '-rss_limit_mb=2048', '-print_final_stats=1',
    `-artifact_prefix=${path.join(ARTIFACTS, `${name}-`)}`, scratch, seeds], { encoding: 'utf8', maxBuffer: 256 << 20 });
  fs.rmSync(scratch, { recursive: true, force: true });
  const out = (r.stdout || '') + (r.stderr || '');
  fs.writeFileSync(path.join(ARTIFACTS, `${name}.log`), out);
  const runs = (out.match(/stat::number_of_executed_units:\s*(\d+)/) || [])[1];
  const finding = (out.match(/^==\d+==\s*ERROR: .*$|^fuzz: .*$|^SUMMARY: .*$/m) || [])[0];
  const ok = r.status === 0 && !finding;
  return { ok, line: `${name}: ${runs || '?'} executions in ${seconds} s, ${ok ? 'no crash' : `FAILED (exit ${r.status}) ${finding || ''}; see build/fuzz-artifacts/`}` };
}

function main() {
  const seconds = argSeconds();
  let passed = 0, failed = 0;
  for (const name of TARGETS) {
    const { ok, line } = runTarget(name, seconds);
    console.log(line);
    if (ok) passed += 1; else failed += 1;
  }
  console.log(`fuzz: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main();
