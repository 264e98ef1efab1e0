#!/usr/bin/env node
// optzoo's command line: the wasm core, headless. Results go to stdout as JSON;
// errors are one line on stderr and a non-zero exit, never a stack trace.
'use strict';
const fs = require('fs');

const USAGE = `usage: optzoo <command> [options]

commands:
  run SPEC.json       run an experiment and print its result as JSON
                        --out FILE   write the result to FILE instead of stdout
                        --pretty     indent the JSON
                        --progress   show progress on stderr (default when stderr is a terminal)
                        --summary    print a table of each run's final loss and compute on stderr
  validate SPEC.json  check a spec: prints "ok", or every problem (one per line) and exits 2
  optimizers          list every optimizer with its hyperparameter schema, as JSON
  lessons             list the catalogue's lessons (entries with checks): id and title
  lessons check [ID...]
                      run the lessons' checks (all, or the ids given): one line per
                        lesson, PASS or FAIL with the figure it judged, then
                        "N passed, N failed"; exits 1 if any failed
  help                show this text

SPEC.json may be "-" to read the spec from standard input, or a share link of the
page ("https://.../#spec=..."), to replay its experiment.`;

class UsageError extends Error {}

// One line per problem ("optzoo: path: rule"); a spec that broke several rules gets
// one line for each, so a student can fix them all at once.
function fail(message, code, lines = [String(message).split('\n')[0]]) {
  process.stderr.write(lines.map((l) => `optzoo: ${l}\n`).join(''));
  process.exit(code);
}

function parseArgs(argv) {
  const args = { positional: [], flags: {} };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out') {
      if (i + 1 >= argv.length) throw new UsageError('--out needs a file name');
      args.flags.out = argv[++i];
    } else if (a === '--pretty' || a === '--progress' || a === '--quiet' || a === '--summary') {
      args.flags[a.slice(2)] = true;
    } else if (a.startsWith('--')) {
      throw new UsageError(`unknown option ${a} (see optzoo help)`);
    } else {
      args.positional.push(a);
    }
  }
  return args;
}

function readSpec(file) {
  if (!file) throw new UsageError('missing SPEC.json (see optzoo help)');
  const { isLink, specFromLink } = require('./link.js');
  if (isLink(file)) {
    try {
      return specFromLink(file);
    } catch (e) {
      const { OptzooError } = require('./optzoo.js');
      throw new OptzooError(e.message);
    }
  }
  let text;
  try {
    text = file === '-' ? fs.readFileSync(0, 'utf8') : fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  }
  return text;
}

// A CSV problem.path in the spec is relative to the spec file (or the working folder for stdin).
function specDir(file) {
  return file === '-' || require('./link.js').isLink(file) ? process.cwd() : require('path').dirname(require('path').resolve(file));
}

function progressBar(fraction, stepsDone) {
  const width = 30;
  const filled = Math.round(Math.min(Math.max(fraction, 0), 1) * width);
  return `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%  step ${stepsDone}`;
}

// `lessons` and `lessons check [ID...]` over the catalogue the core was built with
// (catalogue/*.json compiled in; checks judged by web/lessons/).
async function lessonsCommand(api, positional) {
  const lessons = api.catalogue().filter((e) => e.checks);
  const [sub, ...ids] = positional;
  if (sub === undefined) {
    for (const e of lessons) process.stdout.write(`${e.id}  ${e.title}\n`);
    return;
  }
  if (sub !== 'check') throw new UsageError(`lessons: unknown subcommand "${sub}" (lessons, or lessons check [ID...])`);
  const unknown = ids.filter((id) => !lessons.some((e) => e.id === id));
  if (unknown.length) throw new UsageError(`lessons: no lesson ${unknown.join(', ')} (see optzoo lessons)`);
  const { checkEntry, lessonLine } = require('./lessons/run.js');
  let passed = 0, failed = 0;
  for (const e of lessons.filter((x) => !ids.length || ids.includes(x.id))) {
    const outcome = await checkEntry(api, e);
    outcome.pass ? passed++ : failed++;
    process.stdout.write(lessonLine(e.id, outcome) + '\n');
  }
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  if (failed) process.exitCode = 1;
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(USAGE + '\n');
    return;
  }
  const args = parseArgs(rest);
  const { load, OptzooError } = require('./node.js');
  const api = await load();
  try {
    if (command === 'optimizers') {
      process.stdout.write(JSON.stringify({ optimizers: api.registry() }, null, 2) + '\n');
    } else if (command === 'lessons') {
      await lessonsCommand(api, args.positional);
    } else if (command === 'validate') {
      const text = readSpec(args.positional[0]);
      const baseDir = specDir(args.positional[0]);
      await api.ensureDatasets(text);
      const error = api.check(text, { baseDir });
      if (error) fail(error.message, 2, error.violations);
      process.stdout.write('ok\n');
    } else if (command === 'run') {
      const text = readSpec(args.positional[0]);
      const showProgress = !args.flags.quiet && (args.flags.progress || process.stderr.isTTY);
      const started = Date.now();
      const result = await api.run(text, {
        baseDir: specDir(args.positional[0]),
        onProgress: showProgress ? (fraction, done) => process.stderr.write(progressBar(fraction, done)) : null,
      });
      if (showProgress) process.stderr.write(`\n${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      const json = JSON.stringify(result, null, args.flags.pretty ? 2 : 0) + '\n';
      if (args.flags.out) fs.writeFileSync(args.flags.out, json);
      else process.stdout.write(json);
      if (args.flags.summary) process.stderr.write(require('./summary.js').formatSummary(result));
    } else {
      throw new UsageError(`unknown command "${command}" (see optzoo help)`);
    }
  } catch (e) {
    if (e instanceof OptzooError) fail(e.message, 2, e.violations);
    throw e;
  }
}

main().catch((e) => {
  if (e instanceof UsageError) fail(e.message, 1);
  if (e && e.name === 'OptzooError') fail(e.message, 2, e.violations);
  // Anything else is our bug or an aborted module: still one line, never a stack.
  fail(`internal error: ${e && e.message ? e.message : e}`, 3);
});
