// The curvature methods through the CLI: listed with their limits, and a race on an
// ill-conditioned classification problem whose --summary shows each run's compute.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('path');
const { cli } = require('./helpers.js');

const CURVATURE = ['natural_gradient', 'kfac', 'shampoo', 'full_adagrad', 'muon', 'cubic_newton', 'lbfgs'];

test('optimizers lists every curvature method, with its needs and size limit', () => {
  const list = JSON.parse(cli(['optimizers']).stdout).optimizers;
  const byName = Object.fromEntries(list.map((o) => [o.name, o]));
  for (const name of CURVATURE) assert.ok(byName[name], `${name} is listed`);
  assert.equal(byName.kfac.capabilities.needs_fisher, true);
  assert.ok(byName.natural_gradient.max_params >= 1000, `natural_gradient.max_params ${byName.natural_gradient.max_params}`);
});

test('run --summary: K-FAC and natural gradient beat SGD per step and report their curvature work', () => {
  const r = cli(['run', '--summary', path.join(__dirname, '..', '..', 'examples', 'curvature-race.json')]);
  assert.equal(r.status, 0, r.stderr);
  const runs = Object.fromEntries(JSON.parse(r.stdout).runs.map((run) => [run.label, run]));
  const last = (a) => a[a.length - 1];
  for (const name of ['kfac', 'natural_gradient']) {
    assert.ok(last(runs[name].loss) < last(runs.sgd.loss), `${name} ${last(runs[name].loss)} vs sgd ${last(runs.sgd.loss)}`);
    assert.ok(last(runs[name].curvature_flops) > 0, `${name} counts curvature work`);
    assert.ok(last(runs[name].flops) > last(runs.sgd.flops), `${name} spends more compute than sgd`);
  }
  assert.equal(last(runs.sgd.curvature_flops), 0);
  // The table on stderr: a header and one row per run, each naming its run.
  const rows = r.stderr.trim().split('\n');
  assert.match(rows[0], /run.*final loss.*curvature GFLOP/);
  for (const label of Object.keys(runs)) assert.ok(rows.some((row) => row.trimStart().startsWith(label)), `row for ${label}:\n${r.stderr}`);
});
