// The headline comparison of lecture 002 through the CLI, on real MNIST digits: at one
// compute budget, backprop and ES both beat chance, backprop ends clearly ahead, and
// the ES cosine to the true gradient sits near sqrt(M / (M + d + 1)).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const { ROOT, cli, writeTemp } = require('./helpers.js');

test('es vs backprop on MNIST at equal compute (the example spec, smaller budget)', () => {
  const spec = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', 'es-vs-backprop-mnist.json'), 'utf8'));
  spec.budget = 300000;
  spec.record_fpe = 100000;
  const r = cli(['run', writeTemp('spec.json', spec)]);
  assert.equal(r.status, 0, r.stderr);
  const runs = JSON.parse(r.stdout).runs;
  const d = 784 * 16 + 16 + 16 * 10 + 10;
  const accuracy = (run) => run.metrics.test_accuracy.at(-1);
  for (const run of runs) {
    assert.ok(run.fpe.at(-1) <= spec.budget && run.fpe.at(-1) > 0.9 * spec.budget, `${run.label}: ${run.fpe.at(-1)}`);
    assert.ok(accuracy(run) > 0.2, `${run.label} is not above chance: ${accuracy(run)}`);
  }
  const backprop = runs.filter((run) => !run.cosine);
  const es = runs.filter((run) => run.cosine);
  assert.equal(es.length, 2);
  for (const b of backprop) for (const e of es) assert.ok(accuracy(b) > accuracy(e) + 0.2, `${b.label} vs ${e.label}`);
  for (const e of es) {
    const m = spec.runs.find((s) => s.label === e.label).directions;
    const cos = e.cosine.slice(1);
    const mean = cos.reduce((a, c) => a + c, 0) / cos.length;
    const theory = Math.sqrt(m / (m + d + 1));
    assert.ok(mean > 0.4 * theory && mean < 1.6 * theory, `${e.label}: mean cosine ${mean}, random-direction theory ${theory}`);
  }
});
