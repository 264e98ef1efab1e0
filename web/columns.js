// Turns one run of an Experiment result into flat numeric columns keyed by path
// ("loss", "metrics.test_accuracy", "internals.update_ratio.layer0", ...), so the
// worker can transfer them as typed arrays and the page can offer whatever the core
// records without knowing the list in advance. JSON writes NaN and infinities as
// null; they come back as NaN here, never as 0.
(function (root) {
  'use strict';

  function toColumn(values) {
    const out = new Float64Array(values.length);
    for (let i = 0; i < values.length; ++i) out[i] = values[i] === null ? NaN : Number(values[i]);
    return out;
  }

  function isNumberArray(v) {
    return Array.isArray(v) && v.every((x) => x === null || typeof x === 'number');
  }

  // Whole-run summaries, not series aligned with "step": a histogram's counts, bin
  // centres and moments would be taken for curves.
  const NOT_SERIES = new Set(['histogram']);

  function collect(obj, prefix, cols) {
    for (const [key, value] of Object.entries(obj)) {
      if (!prefix && NOT_SERIES.has(key)) continue;
      const path = prefix ? `${prefix}.${key}` : key;
      if (isNumberArray(value)) cols[path] = toColumn(value);
      else if (value && typeof value === 'object' && !Array.isArray(value)) collect(value, path, cols);
    }
  }

  function flattenRun(run) {
    const cols = {};
    collect(run, '', cols);
    return {
      label: run.label,
      optimizer: run.optimizer,
      status: run.status,
      diverged_at: run.diverged_at === undefined ? null : run.diverged_at,
      cols,
    };
  }

  const exported = { flattenRun };
  if (typeof module === 'object' && module.exports) module.exports = exported;
  else Object.assign(root, exported);
})(typeof self !== 'undefined' ? self : this);
