// TensorFlow.js on the same MLP training steps and GEMMs as optzoo (tests/bench/bench.js).
'use strict';
const path = require('path');
const { measure } = require('./timing.js');

async function loadTf(backend) {
  const tf = require('@tensorflow/tfjs');
  if (backend === 'wasm') {
    const wasm = require('@tensorflow/tfjs-backend-wasm');
    const dir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
    wasm.setWasmPaths(path.join(dir, 'dist') + path.sep);
  }
  await tf.setBackend(backend);
  await tf.ready();
  return tf;
}

// Steps per second ({rate, noise}) of opt.minimize on one fixed batch (x, one-hot y),
// softmax cross-entropy; disposes of model, x and y afterwards.
function tfStepRate(tf, model, x, y, opt) {
  const result = measure((n) => {
    let loss;
    for (let i = 0; i < n; i++) {
      if (loss) loss.dispose();
      loss = opt.minimize(() => tf.losses.softmaxCrossEntropy(y, model.predict(x)), true);
    }
    loss.dataSync();
    loss.dispose();
  });
  model.dispose();
  x.dispose();
  y.dispose();
  return result;
}

// Steps per second ({rate, noise}) of a ReLU MLP on one fixed random batch.
function tfTrainingRate(tf, { sizes, batch }, optimizer, lr) {
  const layers = [];
  for (let i = 1; i < sizes.length; i++)
    layers.push(tf.layers.dense({ units: sizes[i], activation: i + 1 < sizes.length ? 'relu' : 'linear', inputShape: i === 1 ? [sizes[0]] : undefined }));
  const model = tf.sequential({ layers });
  const x = tf.randomUniform([batch, sizes[0]]);
  const y = tf.oneHot(tf.randomUniform([batch], 0, sizes[sizes.length - 1], 'int32'), sizes[sizes.length - 1]);
  // The same update rule on both sides: Adam when optzoo has it, else plain SGD.
  return tfStepRate(tf, model, x, y, optimizer === 'adam' ? tf.train.adam(lr) : tf.train.sgd(lr));
}

// tf.matMul calls per second ({rate, noise}) on n x n float32 matrices.
function tfGemmRate(tf, n) {
  const a = tf.randomUniform([n, n]);
  const b = tf.randomUniform([n, n]);
  const r = measure((count) => {
    for (let i = 0; i < count; i++) {
      const c = tf.matMul(a, b);
      c.dataSync();
      c.dispose();
    }
  });
  a.dispose();
  b.dispose();
  return r;
}

module.exports = { loadTf, tfStepRate, tfTrainingRate, tfGemmRate };
