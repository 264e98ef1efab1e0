// Tests for scripts/pack-data.js: both OZD1 assets are written with correct headers, sizes,
// CRCs and contents, a second run is a no-op, and a missing source is a one-line error.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const crypto = require('crypto');
const { spawnSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..', '..');
const SCRIPT = path.join(ROOT, 'scripts', 'pack-data.js');
const { packAll, crc32, crc32Fallback } = require(SCRIPT);
const DATA = path.join(ROOT, 'web', 'dist', 'data');

const EXPECT = {
  mnist: { nTrain: 8000, nTest: 2000 },
  'fashion-mnist': { nTrain: 60000, nTest: 10000 },
};

function header(buf) {
  const u = (o) => buf.readUInt32LE(o);
  return {
    magic: buf.toString('latin1', 0, 4), version: u(4), nTrain: u(8), nTest: u(12),
    rows: u(16), cols: u(20), channels: u(24), numClasses: u(28),
  };
}

function histogram(buf, from, to) {
  const h = new Array(10).fill(0);
  for (let i = from; i < to; i++) h[buf[32 + i]]++;
  return h;
}

function imageHash(pixels) {
  return crypto.createHash('sha1').update(pixels).digest('hex');
}

test('crc32 helpers agree with the CRC-32 check value', () => {
  assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
  assert.equal(crc32Fallback(Buffer.from('123456789')), 0xcbf43926);
  const b = crypto.randomBytes(4097);
  assert.equal(crc32Fallback(b), crc32(b));
});

test('packAll writes both datasets with valid headers, sizes and CRCs', () => {
  const results = packAll({ quiet: true });
  assert.deepEqual(results.map((r) => r.name).sort(), ['fashion-mnist', 'mnist']);
  for (const [name, want] of Object.entries(EXPECT)) {
    const file = path.join(DATA, `${name}.ozd`);
    const buf = fs.readFileSync(file);
    const h = header(buf);
    assert.deepEqual(h, {
      magic: 'OZD1', version: 1, nTrain: want.nTrain, nTest: want.nTest,
      rows: 28, cols: 28, channels: 1, numClasses: 10,
    }, name);
    const n = h.nTrain + h.nTest;
    assert.equal(buf.length, 32 + n + n * 28 * 28 + 4, `${name} size`);
    assert.equal(buf.readUInt32LE(buf.length - 4), crc32(buf.subarray(0, buf.length - 4)), `${name} CRC`);
    const result = results.find((r) => r.name === name);
    assert.equal(result.bytes, buf.length);
    // Every class appears in both train and test sets.
    const train = histogram(buf, 0, h.nTrain), testH = histogram(buf, h.nTrain, n);
    for (let c = 0; c < 10; c++) {
      assert.ok(train[c] > 0 && testH[c] > 0, `${name} class ${c}: train ${train[c]}, test ${testH[c]}`);
    }
  }
});

test('second packAll is a no-op', () => {
  const before = Object.keys(EXPECT).map((n) => fs.statSync(path.join(DATA, `${n}.ozd`)).mtimeMs);
  const results = packAll({ quiet: true });
  assert.ok(results.every((r) => r.skipped), JSON.stringify(results));
  const after = Object.keys(EXPECT).map((n) => fs.statSync(path.join(DATA, `${n}.ozd`)).mtimeMs);
  assert.deepEqual(after, before);
});

test('mnist.ozd holds exactly the package digits, stratified 80/20 by class', () => {
  const buf = fs.readFileSync(path.join(DATA, 'mnist.ozd'));
  const { nTrain, nTest } = header(buf);
  const n = nTrain + nTest;
  // Source multiset: hash of each digit image -> label.
  const digitsDir = path.join(path.dirname(require.resolve('mnist/package.json', { paths: [ROOT] })), 'src', 'digits');
  const source = new Map();
  const counts = [];
  for (let d = 0; d < 10; d++) {
    const data = JSON.parse(fs.readFileSync(path.join(digitsDir, `${d}.json`), 'utf8')).data;
    counts.push(data.length / 784);
    for (let k = 0; k < data.length / 784; k++) {
      const px = Uint8Array.from(data.slice(k * 784, (k + 1) * 784), (v) => Math.round(v * 255));
      source.set(imageHash(px), d);
    }
  }
  assert.equal(source.size, n, 'package digits are all distinct');
  const pixBase = 32 + n;
  const seen = new Set();
  for (let i = 0; i < n; i++) {
    const hsh = imageHash(buf.subarray(pixBase + i * 784, pixBase + (i + 1) * 784));
    assert.equal(source.get(hsh), buf[32 + i], `image ${i}: label matches the package's class`);
    seen.add(hsh);
  }
  assert.equal(seen.size, n, 'no image packed twice');
  // Test share of every class is within one image of 20%.
  const testH = histogram(buf, nTrain, n);
  for (let c = 0; c < 10; c++) assert.ok(Math.abs(testH[c] - counts[c] * 0.2) <= 1, `class ${c}`);
});

test('fashion-mnist.ozd keeps the official order', () => {
  const buf = fs.readFileSync(path.join(DATA, 'fashion-mnist.ozd'));
  const dir = process.env.OPTZOO_FASHION_MNIST_DIR || '/usr/share/datasets/fashion-mnist';
  const read = (base) => {
    const gz = path.join(dir, base + '.gz');
    return fs.existsSync(gz) ? zlib.gunzipSync(fs.readFileSync(gz)) : fs.readFileSync(path.join(dir, base));
  };
  const n = 70000;
  const trainLabels = read('train-labels-idx1-ubyte').subarray(8);
  const testLabels = read('t10k-labels-idx1-ubyte').subarray(8);
  assert.ok(buf.subarray(32, 32 + 60000).equals(trainLabels));
  assert.ok(buf.subarray(32 + 60000, 32 + n).equals(testLabels));
  const testImages = read('t10k-images-idx3-ubyte').subarray(16);
  assert.ok(buf.subarray(32 + n + 60000 * 784, buf.length - 4).equals(testImages));
  assert.deepEqual(histogram(buf, 0, 60000), new Array(10).fill(6000));
  assert.deepEqual(histogram(buf, 60000, n), new Array(10).fill(1000));
});

test('a missing source is a one-line error naming the package', () => {
  const r = spawnSync(process.execPath, [SCRIPT, '--quiet'], {
    env: { ...process.env, OPTZOO_FASHION_MNIST_DIR: path.join(ROOT, 'no-such-dir') },
    encoding: 'utf8',
  });
  assert.equal(r.status, 1);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], /^pack-data: Fashion-MNIST source missing: .*dataset-fashion-mnist/);
});
