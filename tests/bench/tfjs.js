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

// A timed workload ({work(n), dispose()}) and its rate ({rate, noise}) when timed alone.
function rateOf({ work, dispose }) {
  try {
    return measure(work);
  } finally {
    dispose();
  }
}

// n steps of opt.minimize on one fixed batch (x, one-hot y), softmax cross-entropy;
// dispose() frees model, x and y.
function tfStepWork(tf, model, x, y, opt) {
  return {
    work(n) {
      let loss;
      for (let i = 0; i < n; i++) {
        if (loss) loss.dispose();
        loss = opt.minimize(() => tf.losses.softmaxCrossEntropy(y, model.predict(x)), true);
      }
      loss.dataSync();
      loss.dispose();
    },
    dispose() {
      model.dispose();
      x.dispose();
      y.dispose();
    },
  };
}
const tfStepRate = (tf, model, x, y, opt) => rateOf(tfStepWork(tf, model, x, y, opt));

// Training steps of a ReLU MLP on one fixed random batch.
function tfTrainingWork(tf, { sizes, batch }, optimizer, lr) {
  const layers = [];
  for (let i = 1; i < sizes.length; i++)
    layers.push(tf.layers.dense({ units: sizes[i], activation: i + 1 < sizes.length ? 'relu' : 'linear', inputShape: i === 1 ? [sizes[0]] : undefined }));
  const model = tf.sequential({ layers });
  const x = tf.randomUniform([batch, sizes[0]]);
  const y = tf.oneHot(tf.randomUniform([batch], 0, sizes[sizes.length - 1], 'int32'), sizes[sizes.length - 1]);
  // The same update rule on both sides: Adam when optzoo has it, else plain SGD.
  return tfStepWork(tf, model, x, y, optimizer === 'adam' ? tf.train.adam(lr) : tf.train.sgd(lr));
}
const tfTrainingRate = (tf, model, optimizer, lr) => rateOf(tfTrainingWork(tf, model, optimizer, lr));

// tf.matMul calls on n x n float32 matrices.
function tfGemmWork(tf, n) {
  const a = tf.randomUniform([n, n]);
  const b = tf.randomUniform([n, n]);
  return {
    work(count) {
      for (let i = 0; i < count; i++) {
        const c = tf.matMul(a, b);
        c.dataSync();
        c.dispose();
      }
    },
    dispose() {
      a.dispose();
      b.dispose();
    },
  };
}

module.exports = { loadTf, tfStepRate, tfTrainingRate, tfTrainingWork, tfGemmWork };
