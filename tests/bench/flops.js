// The work of one training step, from the forward flops of each layer in order: the
// forward pass, the weight gradient as much again, and the input gradient as much again
// for every layer but the first (nothing needs the gradient with respect to the data,
// so the core does not compute it).
'use strict';

function trainingFlops(forwardPerLayer) {
  const total = forwardPerLayer.reduce((s, f) => s + f, 0);
  return 3 * total - (forwardPerLayer[0] || 0);
}

module.exports = { trainingFlops };
