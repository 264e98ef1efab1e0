// The Gibbs density p(x) = exp(-f(x)/T) / Z on a histogram's cells, and how far a
// measured histogram is from it. Lecture 003 (McAllester, TTIC 31230: the 1-D Langevin
// stationary distribution) predicts this density for SGD and SGLD with a small step.
// Shared by the page (web/app/lesson-plots.js draws it) and the checks
// (web/lessons/checks.js judges it), so both use one normalisation.
(function (root) {
  'use strict';

  // Cell probabilities from the loss at the cell centres (equal-width cells, midpoint
  // rule), normalised to 1 over the cells: so over the histogram's range, not the line.
  // f - min f keeps exp from underflowing at small T. Cells where f is not finite get 0.
  function gibbsCells(loss, temperature) {
    if (!(temperature > 0)) throw new Error(`gibbs: temperature must be a positive number, got ${temperature}`);
    let lo = Infinity;
    for (const f of loss) if (Number.isFinite(f) && f < lo) lo = f;
    if (lo === Infinity) throw new Error('gibbs: the loss is not finite anywhere on the grid');
    const p = Array.from(loss, (f) => (Number.isFinite(f) ? Math.exp(-(f - lo) / temperature) : 0));
    const z = p.reduce((a, b) => a + b, 0);
    return p.map((v) => v / z);
  }

  // Kolmogorov-Smirnov distance of a 1-D histogram from cell probabilities: the largest
  // gap between the two cumulative distributions at the cell edges, with the counts
  // taken over the samples inside the range. It needs no choice of coarser bins, and
  // sampling noise shrinks like 1/sqrt(effective samples).
  function cdfGap(counts, probabilities) {
    if (counts.length !== probabilities.length)
      throw new Error(`gibbs: ${counts.length} histogram cells but ${probabilities.length} Gibbs cells`);
    const n = counts.reduce((a, b) => a + b, 0);
    if (!(n > 0)) return NaN;
    let measured = 0, predicted = 0, worst = 0;
    counts.forEach((c, i) => {
      measured += c / n;
      predicted += probabilities[i];
      worst = Math.max(worst, Math.abs(measured - predicted));
    });
    return worst;
  }

  const exported = { gibbsCells, cdfGap };
  if (typeof module === 'object' && module.exports) module.exports = exported;
  else root.OptzooGibbs = exported;
})(typeof self !== 'undefined' ? self : this);
