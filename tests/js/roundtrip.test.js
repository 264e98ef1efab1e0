// Round trips are exact: a result exported as JSON and re-run from its spec gives the
// same numbers (wall time aside), through the API and the CLI. (Share links, which
// need the browser's CompressionStream: tests/browser/roundtrip.test.js.)
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { load } = require('../../web/node.js');
const { validSpecs } = require('../fuzz/valid-specs.js');
const { cli, reproducible } = require('./helpers.js');

const withoutWallTime = (result) => {
  const r = JSON.parse(JSON.stringify(result));
  for (const run of r.runs) delete run.wall_time;
  return r;
};

const small = validSpecs().filter((s) => s.small);

test('an exported result re-run from its spec gives identical numbers (API)', async () => {
  const api = await load();
  for (const { name, spec } of small) {
    const doc = JSON.parse(JSON.stringify({ optzoo: api.version(), spec, result: await api.run(spec) }));
    const again = await api.run(doc.spec);
    assert.deepEqual(withoutWallTime(again), withoutWallTime(doc.result), name);
    assert.ok(doc.result.runs.every((r) => r.loss.length > 1), `${name} recorded curves`);
  }
});

test('an exported result re-run from its spec gives identical numbers (CLI)', () => {
  for (const { name, spec } of small.slice(0, 4)) {
    const first = cli(['run', '-'], { input: JSON.stringify(spec) });
    assert.equal(first.status, 0, first.stderr);
    const doc = JSON.parse(JSON.stringify({ spec, result: JSON.parse(first.stdout) }));
    const again = cli(['run', '-'], { input: JSON.stringify(doc.spec) });
    assert.equal(again.status, 0, again.stderr);
    assert.deepEqual(reproducible(again.stdout), withoutWallTime(doc.result), name);
  }
});
