// The MNIST CNN training step on three engines: optzoo, TensorFlow.js (cpu backend:
// its wasm backend has no Conv2D gradient) and ConvNetJS. One LeNet-like network,
// built from one layer list so all three get the same shapes:
//   28x28x1 -> conv 5x5 x8 (pad 2) -> ReLU -> max-pool 2 -> conv 5x5 x16 (pad 2) -> ReLU
//   -> max-pool 2 -> dense 10 -> softmax cross-entropy, plain SGD, one fixed random batch.
// ConvNetJS trains one example at a time (forward, backward, and an update every
// batch_size examples), so every engine is compared in examples per second.
'use strict';
const { measure } = require('./timing.js');
const { tfStepRate } = require('./tfjs.js');
const { trainingFlops } = require('./flops.js');

const INPUT = [1, 28, 28];  // channels, height, width
const CLASSES = 10;
const BATCH = 32;
const LAYERS = [
  { type: 'conv2d', filters: 8, kernel: 5, padding: 2 }, { type: 'relu' }, { type: 'maxpool', size: 2 },
  { type: 'conv2d', filters: 16, kernel: 5, padding: 2 }, { type: 'relu' }, { type: 'maxpool', size: 2 },
  { type: 'flatten' }, { type: 'dense', units: CLASSES },
];

// The TrainingBench config (cpp/bench/bench.hpp).
const optzooConfig = () => ({ input: INPUT, classes: CLASSES, model: { kind: 'cnn', layers: LAYERS } });

// Flops of one example's training step (flops.js), from 2 x the multiply-adds of each
// conv and dense layer's forward pass.
function flopsPerExample() {
  let [c, h, w] = INPUT;
  const forward = [];
  for (const l of LAYERS) {
    if (l.type === 'conv2d') {
      h = h + 2 * l.padding - l.kernel + 1;
      w = w + 2 * l.padding - l.kernel + 1;
      forward.push(2 * h * w * l.filters * c * l.kernel * l.kernel);
      c = l.filters;
    } else if (l.type === 'maxpool') {
      h = Math.floor(h / l.size);
      w = Math.floor(w / l.size);
    } else if (l.type === 'dense') {
      forward.push(2 * c * h * w * l.units);
      c = l.units; h = 1; w = 1;
    }
  }
  return trainingFlops(forward);
}

function tfModel(tf) {
  const layers = [];
  for (const l of LAYERS) {
    const first = layers.length === 0 ? { inputShape: [INPUT[1], INPUT[2], INPUT[0]] } : {};
    if (l.type === 'conv2d') layers.push(tf.layers.conv2d({ filters: l.filters, kernelSize: l.kernel, padding: 'same', ...first }));
    else if (l.type === 'relu') layers.push(tf.layers.reLU());
    else if (l.type === 'maxpool') layers.push(tf.layers.maxPooling2d({ poolSize: l.size }));
    else if (l.type === 'flatten') layers.push(tf.layers.flatten());
    else if (l.type === 'dense') layers.push(tf.layers.dense({ units: l.units }));
  }
  return tf.sequential({ layers });
}

// Examples per second ({rate, noise, forward_rate}) of TF.js training steps on one batch
// (NHWC, as TF.js wants), and of its forward pass alone.
function tfExamplesPerSecond(tf, lr) {
  const model = tfModel(tf);
  const x = tf.randomUniform([BATCH, INPUT[1], INPUT[2], INPUT[0]]);
  const y = tf.oneHot(tf.randomUniform([BATCH], 0, CLASSES, 'int32'), CLASSES);
  // Inference alone, to show how much of TF.js's step is the backward pass.
  const forward = measure((n) => {
    for (let i = 0; i < n; i++) {
      const p = model.predict(x);
      p.dataSync();
      p.dispose();
    }
  });
  const steps = tfStepRate(tf, model, x, y, tf.train.sgd(lr));
  return { rate: steps.rate * BATCH, noise: steps.noise, repeats: steps.repeats, forward_rate: forward.rate * BATCH };
}

function convnetLayers() {
  const defs = [{ type: 'input', out_sx: INPUT[2], out_sy: INPUT[1], out_depth: INPUT[0] }];
  for (let i = 0; i < LAYERS.length; i++) {
    const l = LAYERS[i];
    // ConvNetJS folds the activation into the layer before it, and its softmax layer
    // brings its own fully connected layer: {dense 10} + loss = {softmax, 10 classes}.
    if (l.type === 'conv2d') defs.push({ type: 'conv', sx: l.kernel, filters: l.filters, stride: 1, pad: l.padding, activation: LAYERS[i + 1].type === 'relu' ? 'relu' : undefined });
    else if (l.type === 'maxpool') defs.push({ type: 'pool', sx: l.size, stride: l.size });
    else if (l.type === 'dense') defs.push({ type: 'softmax', num_classes: l.units });
  }
  return defs;
}

// Examples per second ({rate, noise}) of ConvNetJS's Trainer on BATCH fixed random examples.
function convnetExamplesPerSecond(lr) {
  const convnetjs = require('convnetjs');
  const net = new convnetjs.Net();
  net.makeLayers(convnetLayers());
  const trainer = new convnetjs.Trainer(net, { method: 'sgd', learning_rate: lr, momentum: 0, batch_size: BATCH });
  const examples = Array.from({ length: BATCH }, (_, i) => {
    const v = new convnetjs.Vol(INPUT[2], INPUT[1], INPUT[0], 0);
    for (let k = 0; k < v.w.length; k++) v.w[k] = Math.random();
    return { x: v, y: i % CLASSES };
  });
  let next = 0;
  return measure((n) => {
    for (let i = 0; i < n; i++) {
      const e = examples[next];
      next = (next + 1) % BATCH;
      trainer.train(e.x, e.y);
    }
  });
}

module.exports = { BATCH, LAYERS, optzooConfig, flopsPerExample, tfExamplesPerSecond, convnetExamplesPerSecond };
