// Round trips through the page: a race exported as JSON and re-run from its spec in
// Node gives the same numbers; a copied link opened in a fresh tab loads the same spec
// and trains to the same curves; and the page's link encoder round-trips every
// example, preset and small spec (and every lesson once catalogue/ holds them),
// read back by the page's decoder and by the CLI's (web/link.js).
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const { start, loadSpec, runToEnd, curves, download, ROOT } = require('./browser.js');
const { load } = require('../../web/node.js');
const { specFromLink } = require('../../web/link.js');
const { validSpecs } = require('../fuzz/valid-specs.js');

let b;
before(async () => { b = await start(); });
after(async () => { if (b) await b.stop(); });

const RACE = {
  seed: 9,
  problem: { kind: 'dataset', name: 'moons', size: 150 },
  model: { kind: 'mlp', sizes: [2, 10, 2], activation: 'relu' },
  loss: 'cross_entropy', batch_size: 16, steps: 60, record_every: 5,
  runs: [{ optimizer: 'sgd', lr: 0.1, momentum: 0.9, schedule: { kind: 'cosine' } }, { optimizer: 'adam', lr: 0.01, label: 'adam' }],
};

const withoutWallTime = (result) => {
  const r = JSON.parse(JSON.stringify(result));
  for (const run of r.runs) delete run.wall_time;
  return r;
};

test('a race exported as JSON from the page and re-run from its spec gives identical numbers', async () => {
  const page = await b.open('');
  await loadSpec(page, RACE);
  await runToEnd(page);
  const doc = JSON.parse((await download(page, () => page.click('#export-json'))).bytes.toString('utf8'));
  assert.deepEqual(doc.spec.runs.map((r) => r.optimizer), ['sgd', 'adam']);
  const api = await load();
  const again = await api.run(doc.spec);
  assert.deepEqual(withoutWallTime(again), withoutWallTime(doc.result));
  assert.equal(doc.result.runs[0].loss.length, 13);
  await page.close();
});

test('a copied link opened in a fresh tab loads the same spec and trains to the same curves', async () => {
  const first = await b.open('');
  await loadSpec(first, RACE);
  await runToEnd(first);
  const drawn = await curves(first);
  await first.click('#copy-link');
  const link = await first.evaluate(() => location.href);
  const spec = await first.evaluate(() => window.optzoo.app.spec);
  await first.close();

  const second = await b.open(link.slice(b.origin.length + 1));
  await second.waitForFunction(() => window.optzoo.app.loaded);
  assert.deepEqual(await second.evaluate(() => window.optzoo.app.spec), spec);
  await runToEnd(second);
  assert.deepEqual(await curves(second), drawn);
  await second.close();
});

// Lessons (catalogue/, built on another branch) once they are here: every JSON file
// below it that holds a spec, as {"spec": {...}} or the spec itself.
function lessonSpecs() {
  const dir = path.join(ROOT, 'catalogue');
  if (!fs.existsSync(dir)) return [];
  const out = [];
  const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).forEach((e) => {
    const full = path.join(d, e.name);
    if (e.isDirectory()) walk(full);
    else if (e.name.endsWith('.json')) {
      const doc = JSON.parse(fs.readFileSync(full, 'utf8'));
      const spec = doc && doc.spec ? doc.spec : doc;
      if (spec && Array.isArray(spec.runs)) out.push({ name: `lesson ${path.relative(ROOT, full)}`, spec });
    }
  });
  walk(dir);
  return out;
}

test('a link survives encode and decode for every example, preset, small spec and lesson', async () => {
  const page = await b.open('');
  const examples = fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.json'))
    .map((f) => ({ name: `example ${f}`, spec: JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', f), 'utf8')) }));
  const others = [...examples, ...validSpecs().filter((s) => s.small), ...lessonSpecs()];
  const ui = { colors: [3, 1], x: 'fpe', log: false, smoothing: 0.25, showTest: false };
  // In the page: its own encoder and decoder, on the presets it offers and on the specs above.
  const encoded = await page.evaluate(async ([list, settings]) => {
    const { encodeState, decodeState } = await import('./app/url-state.js');
    const { PRESETS } = await import('./app/catalogue.js');
    const all = [...PRESETS.map((p) => ({ name: `preset ${p.id}`, spec: p.spec })), ...list];
    const out = [];
    for (const { name, spec } of all) {
      const hash = await encodeState(spec, settings);
      const back = await decodeState(hash);
      out.push({ name, spec, hash, back });
    }
    return out;
  }, [others, ui]);
  assert.ok(encoded.length >= others.length + 5, `${encoded.length} specs`);
  const kinds = new Set();
  for (const { name, spec, hash, back } of encoded) {
    kinds.add(hash.slice(1, hash.indexOf('=')));
    assert.deepEqual(back.spec, spec, `${name} through the page`);
    assert.deepEqual(back.ui, ui, `${name} page settings`);
    assert.deepEqual(JSON.parse(specFromLink(`${b.origin}/index.html${hash}`)), spec, `${name} through the CLI`);
  }
  // Both encodings are exercised: base64url, and deflate for long (inline, CSV) specs.
  assert.deepEqual([...kinds].sort(), ['spec', 'z']);
  await page.close();
});
