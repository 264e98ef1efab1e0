// The malformed-input corpus: specs, CSVs and share links made from valid ones
// (tests/fuzz/valid-specs.js) by mutation rules. Each case carries what its error
// must name: `path` (the spec field, e.g. "runs[0].lr", or "spec" for text that is
// not JSON) and, for CSVs, the line. The rules are deterministic, so the corpus is
// the same on every run; `node tests/malformed/mutations.js DIR` writes it out.
'use strict';
const zlib = require('zlib');
const { validSpecs, CSV_CLASSIFY } = require('../fuzz/valid-specs.js');

const clone = (x) => JSON.parse(JSON.stringify(x));

// Validator paths: a.b[0].c
const pathText = (keys) => keys.reduce((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${k}` : k), '');

function setAt(root, keys, value) {
  const out = clone(root);
  let node = out;
  for (const k of keys.slice(0, -1)) node = node[k];
  const last = keys[keys.length - 1];
  if (value === undefined) delete node[last]; else node[last] = value;
  return out;
}

// Fields whose values are data rather than settings (any number is fine there) or
// text the CSV rules cover.
const DATA_KEYS = new Set(['x', 'y', 'init', 'text']);

// Every (keys, value) below the spec's settings, data arrays left out.
function* leaves(node, keys = []) {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; ++i) yield* leaves(node[i], [...keys, i]);
  } else if (node && typeof node === 'object') {
    yield { keys, value: node, container: true };
    for (const [k, v] of Object.entries(node)) if (!DATA_KEYS.has(k)) yield* leaves(v, [...keys, k]);
  } else {
    yield { keys, value: node };
  }
}

// Numbers that must be positive (or non-negative) wherever they appear: a negative
// value breaks the rule whatever the optimizer or problem.
const NON_NEGATIVE = new Set(['steps', 'batch_size', 'lr', 'momentum', 'weight_decay', 'eps', 'size', 'noise', 'record_every',
  'budget', 'test_fraction', 'dim', 'step_size', 'gamma', 'alpha', 'rho', 'lr_decay', 'units', 'seed']);
// Fields that take one of several types, where "wrong type" is not well defined.
const ANY_TYPE = new Set(['activation']);

const wrongValue = (v) => (typeof v === 'number' ? 'a string' : typeof v === 'string' ? 12345 : typeof v === 'boolean' ? 'yes' : 7);

// Spec cases from one valid spec; each mutation breaks exactly one field.
function specMutations(name, spec) {
  const out = [];
  const add = (rule, keys, mutated, path = pathText(keys)) => out.push({ name: `${name}/${rule}/${pathText(keys) || 'root'}`, spec: mutated, path });
  for (const { keys, value, container } of leaves(spec)) {
    const key = keys[keys.length - 1];
    if (container) {
      if (keys.length) add('array-for-object', keys, setAt(spec, keys, [1, 2]));
      add('unknown-key', [...keys, 'zz_unknown'], setAt(spec, [...keys, 'zz_unknown'], 1));
      continue;
    }
    if (typeof key === 'string' && !ANY_TYPE.has(key) && key !== 'label') add('wrong-type', keys, setAt(spec, keys, wrongValue(value)));
    if (key === 'label') add('wrong-type', keys, setAt(spec, keys, 12345));
    if (typeof value === 'number' && NON_NEGATIVE.has(key)) add('negative', keys, setAt(spec, keys, -3));
    if (key === 'optimizer') add('unknown-name', keys, setAt(spec, keys, 'no_such_optimizer'));
    if (key === 'kind') add('unknown-name', keys, setAt(spec, keys, 'no_such_kind'));
  }
  for (const keys of [['problem'], ['runs'], ['problem', 'kind'], ['runs', 0, 'optimizer']])
    add('missing-key', keys, setAt(spec, keys, undefined));
  if (spec.model) add('missing-key', ['model', 'kind'], setAt(spec, ['model', 'kind'], undefined));
  // Sizes far beyond the documented limits (docs/CONTRACTS.md), refused before allocating.
  add('huge', ['steps'], setAt(spec, ['steps'], 1e12));
  add('huge', ['runs'], setAt(spec, ['runs'], Array.from({ length: 65 }, () => clone(spec.runs[0]))));
  add('huge', ['batch_size'], setAt(spec, ['batch_size'], 1e9));
  add('huge', ['runs', 0, 'label'], setAt(spec, ['runs', 0, 'label'], 'L'.repeat(201)));
  if (spec.model && Array.isArray(spec.model.sizes)) {
    const sizes = spec.model.sizes;
    add('huge', ['model', 'sizes', 1], setAt(spec, ['model', 'sizes', 1], 1e6), 'model.sizes');
    add('huge-memory', ['model', 'sizes'], setAt(spec, ['model', 'sizes'], [sizes[0], 60000, 60000, sizes[sizes.length - 1]]), 'model');
  }
  if (spec.problem && spec.problem.size) add('huge', ['problem', 'size'], setAt(spec, ['problem', 'size'], 5e6));
  // Text that is not (whole) JSON.
  const text = JSON.stringify(spec);
  for (const frac of [0.1, 0.5, 0.9]) out.push({ name: `${name}/truncated/${frac}`, text: text.slice(0, Math.floor(text.length * frac)), path: 'spec' });
  out.push({ name: `${name}/truncated/last-brace`, text: text.slice(0, -1), path: 'spec' });
  return out;
}

// Specs made small enough to run in milliseconds, for the mutations of every field.
function baseSpecs() {
  return validSpecs().filter((s) => s.small);
}

function malformedSpecs() {
  return baseSpecs().flatMap(({ name, spec }) => specMutations(name, spec));
}

// CSV cases: the text goes into a csv problem (CLI) or is dropped on the page.
// `line` is the 1-based line the error must name (null: the file as a whole).
function malformedCsvs() {
  const header = 'x1,x2,label';
  const rows = CSV_CLASSIFY.trim().split('\n').slice(1);
  const file = (lines) => `${lines.join('\n')}\n`;
  const withRow = (i, row) => file([header, ...rows.slice(0, i), row, ...rows.slice(i + 1)]);
  const cases = [];
  rows.forEach((_, i) => {
    const line = i + 2;
    cases.push({ name: `short-row-${line}`, text: withRow(i, '1.0'), line });
    cases.push({ name: `long-row-${line}`, text: withRow(i, '1.0,2.0,1,9'), line });
    cases.push({ name: `not-a-number-${line}`, text: withRow(i, 'one,2.0,1'), line });
    cases.push({ name: `nan-cell-${line}`, text: withRow(i, 'NaN,2.0,1'), line });
    cases.push({ name: `overflow-cell-${line}`, text: withRow(i, '1e999,2.0,1'), line });
    cases.push({ name: `open-quote-${line}`, text: withRow(i, '"1.0,2.0,1'), line });
    cases.push({ name: `fractional-label-${line}`, text: withRow(i, '1.0,2.0,0.5'), line, label: 'label' });
    cases.push({ name: `negative-label-${line}`, text: withRow(i, '1.0,2.0,-1'), line, label: 'label' });
    cases.push({ name: `empty-cell-${line}`, text: withRow(i, '1.0,,1'), line });
  });
  cases.push({ name: 'blank-line-inside', text: file([header, rows[0], '', rows[1], rows[2]]), line: 3 });
  cases.push({ name: 'bare-carriage-return', text: `${header}\r${rows.join('\r')}\r`, line: 1 });
  cases.push({ name: 'header-only', text: `${header}\n`, line: null });
  cases.push({ name: 'empty-file', text: '', line: null });
  cases.push({ name: 'no-label-column', text: file(['x1,x2,x3', ...rows]), line: null, label: 'label' });
  cases.push({ name: 'binary-garbage', text: `${header}\n\u0000\u0001,\u00ff\u0002,1\n`, line: 2 });
  return cases;
}

// The spec that carries a CSV through the CLI: the column to predict is "label".
function csvSpec(text) {
  return { seed: 0, problem: { kind: 'csv', text, label: 'label' }, model: { kind: 'logistic' }, steps: 2, runs: [{ optimizer: 'sgd', lr: 0.1 }] };
}

const b64url = (buf) => Buffer.from(buf).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

// Share links: broken encodings, and good encodings of broken specs. `path` is what
// the error must name: "link" for a link that cannot be decoded at all, TEXT for one
// whose decoded text is not JSON (the page names the link, the core names the spec).
const TEXT = 'link|spec';

function malformedUrls(specCases = malformedSpecs()) {
  const base = 'https://optzoo.example/#';
  const good = JSON.stringify(baseSpecs()[0].spec);
  const urls = [
    { name: 'spec-not-base64', url: `${base}spec=!!!***`, path: 'link' },
    { name: 'spec-empty', url: `${base}spec=`, path: TEXT },
    { name: 'spec-percent-broken', url: `${base}spec=%E0%A4%A`, path: 'link' },
    { name: 'spec-percent-encoded-json', url: `${base}spec=${encodeURIComponent(good)}`, path: 'link' },
    { name: 'spec-not-utf8', url: `${base}spec=${b64url(Buffer.from([0xff, 0xfe, 0x7b, 0x80]))}`, path: TEXT },
    { name: 'spec-truncated-base64', url: `${base}spec=${b64url(good).slice(0, 40)}`, path: TEXT },
    { name: 'spec-json-array', url: `${base}spec=${b64url('[1,2,3]')}`, path: 'spec' },
    { name: 'spec-json-null', url: `${base}spec=${b64url('null')}`, path: 'spec' },
    { name: 'spec-long-zeros', url: `${base}spec=${'A'.repeat(100000)}`, path: TEXT },
    { name: 'z-not-deflate', url: `${base}z=${b64url('this is not deflate')}`, path: 'link' },
    { name: 'z-truncated', url: `${base}z=${b64url(zlib.deflateRawSync(good).subarray(0, 20))}`, path: 'link' },
    { name: 'z-not-base64', url: `${base}z=@@@`, path: 'link' },
    { name: 'z-deflated-truncated-json', url: `${base}z=${b64url(zlib.deflateRawSync(good.slice(0, 30)))}`, path: TEXT },
  ];
  // Every tenth spec case, as the page would encode it.
  specCases.filter((_, i) => i % 10 === 0).forEach((c) => {
    const text = c.text !== undefined ? c.text : JSON.stringify(c.spec);
    urls.push({ name: `spec-of/${c.name}`, url: `${base}spec=${b64url(text)}`, path: c.path === 'spec' ? TEXT : c.path });
  });
  specCases.filter((_, i) => i % 10 === 5).forEach((c) => {
    const text = c.text !== undefined ? c.text : JSON.stringify(c.spec);
    urls.push({ name: `z-of/${c.name}`, url: `${base}z=${b64url(zlib.deflateRawSync(text))}`, path: c.path === 'spec' ? TEXT : c.path });
  });
  return urls;
}

// Whether one of the error lines ("path: rule", optionally after "optzoo: ") names
// `path` ("a|b" = either) or a field inside it.
function namesField(lines, path) {
  const heads = path.split('|');
  return lines.map((l) => l.replace(/^optzoo: /, '')).some((l) => heads.some((h) => [':', '[', '.'].some((c) => l.startsWith(h + c))));
}

// A JS or C++ stack trace, or an internal error, in text shown to a user.
const looksLikeCrash = (text) => /\n\s+at \S.*:\d+:\d+|RuntimeError|Aborted\(|internal error|terminate called|Uncaught/.test(text);

module.exports = { namesField, looksLikeCrash, malformedSpecs, malformedCsvs, malformedUrls, csvSpec, pathText };

if (require.main === module) {
  const fs = require('fs');
  const path = require('path');
  const dir = process.argv[2];
  if (!dir) { console.error('usage: node tests/malformed/mutations.js OUT_DIR'); process.exit(1); }
  const specs = malformedSpecs(), csvs = malformedCsvs(), urls = malformedUrls(specs);
  const safe = (n) => n.replace(/[^A-Za-z0-9._-]+/g, '_');
  fs.mkdirSync(path.join(dir, 'spec'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'csv'), { recursive: true });
  specs.forEach((c) => fs.writeFileSync(path.join(dir, 'spec', `${safe(c.name)}.json`), c.text !== undefined ? c.text : JSON.stringify(c.spec)));
  csvs.forEach((c) => fs.writeFileSync(path.join(dir, 'csv', `${safe(c.name)}.csv`), c.text));
  fs.writeFileSync(path.join(dir, 'urls.txt'), urls.map((u) => u.url).join('\n') + '\n');
  console.log(`${specs.length} specs, ${csvs.length} CSVs, ${urls.length} URLs in ${dir}`);
}
