// The JavaScript face of the optzoo core, shared by Node (CLI, tests) and the
// browser worker. It wraps the Embind module: errors come back from C++ as status
// strings and leave here as OptzooError; every Embind object is deleted after use.
(function (root) {
  'use strict';

  // A user-facing error: `field` is the spec path ("runs[0].lr"), `rule` what it broke.
  class OptzooError extends Error {
    constructor(message) {
      super(message);
      this.name = 'OptzooError';
      const cut = message.indexOf(': ');
      this.field = cut > 0 ? message.slice(0, cut) : '';
      this.rule = cut > 0 ? message.slice(cut + 2) : message;
    }
  }

  // Real datasets are large binary assets the host must supply (fs in Node, fetch in
  // the page) before an experiment that uses them is created.
  const REAL_DATASETS = ['mnist', 'fashion-mnist'];

  function datasetsNeeded(spec) {
    const p = spec && spec.problem;
    if (p && p.kind === 'dataset' && REAL_DATASETS.includes(p.name)) return [p.name];
    return [];
  }

  function specText(spec) {
    if (typeof spec === 'string') return spec;
    return JSON.stringify(spec);
  }

  function wrap(core, options = {}) {
    const loaded = new Set();
    const loadDataset = options.loadDataset;

    async function ensureDatasets(spec) {
      const parsed = typeof spec === 'string' ? safeParse(spec) : spec;
      for (const name of datasetsNeeded(parsed)) {
        if (loaded.has(name)) continue;
        if (!loadDataset || !core.registerDataset) throw new OptzooError(`problem.name: dataset "${name}" is not available here`);
        const bytes = await loadDataset(name);
        const status = core.registerDataset(name, bytes);
        if (status) throw new OptzooError(status);
        loaded.add(name);
      }
    }

    function safeParse(text) {
      try { return JSON.parse(text); } catch (e) { return null; }
    }

    // One experiment: many runs in lockstep. Call delete() when done.
    class Experiment {
      constructor(handle) { this.handle = handle; this.recorded = []; }
      get steps() { return this.handle.steps(); }
      get stepsDone() { return this.handle.stepsDone(); }
      // Fraction of the work done, 0..1 (steps, or the compute budget of the slowest run).
      get progress() { return this.handle.progress(); }
      get finished() { return this.handle.finished(); }
      get dim() { return this.handle.dim(); }
      advance(n) {
        const status = this.handle.advance(n);
        if (status) throw new OptzooError(status);
      }
      // The whole result, or with `from`, only points recorded from index `from` on.
      result(from = 0) { return JSON.parse(this.handle.resultJson(from)); }
      // Points recorded since the previous call: what a live plot needs.
      // Each run keeps its own count: runs under a budget record at different rates.
      takeNewPoints() {
        const r = JSON.parse(this.handle.resultSinceJson(JSON.stringify(this.recorded)));
        r.runs.forEach((run, i) => { this.recorded[i] = (this.recorded[i] || 0) + run.step.length; });
        return r;
      }
      updateRun(index, runSpec) {
        const status = this.handle.updateRun(index, JSON.stringify(runSpec));
        if (status) throw new OptzooError(status);
      }
      delete() { if (this.handle) { this.handle.delete(); this.handle = null; } }
    }

    const api = {
      OptzooError,
      version: () => core.version(),
      simd: () => core.simdEnabled(),
      registry: () => JSON.parse(core.registryJson()),
      // null when the spec is valid, else the one-line message.
      validate(spec) {
        const status = core.validateSpec(specText(spec));
        return status || null;
      },
      async createExperiment(spec) {
        await ensureDatasets(spec);
        const handle = new core.Experiment(specText(spec));
        const error = handle.error();
        if (error) { handle.delete(); throw new OptzooError(error); }
        return new Experiment(handle);
      },
      // Runs a spec to the end; onProgress(fraction 0..1, stepsDone) after each chunk.
      async run(spec, { onProgress, chunk = 50 } = {}) {
        const e = await api.createExperiment(spec);
        try {
          while (!e.finished) {
            e.advance(chunk);
            if (onProgress) onProgress(e.progress, e.stepsDone);
          }
          return e.result();
        } finally {
          e.delete();
        }
      },
      ensureDatasets,
      core,
    };
    return api;
  }

  const exported = { wrap, OptzooError, datasetsNeeded, REAL_DATASETS };
  if (typeof module === 'object' && module.exports) module.exports = exported;
  else root.Optzoo = exported;
})(typeof self !== 'undefined' ? self : this);
