// The JavaScript face of the optzoo core, shared by Node (CLI, tests) and the
// browser worker. It wraps the Embind module: every fallible call answers with a JSON
// reply (the value or an error) and errors leave here as OptzooError; every Embind
// object is deleted after use.
(function (root) {
  'use strict';

  // A user-facing error: `field` is the spec path ("runs[0].lr"), `rule` what it broke.
  // A spec that broke several rules lists them all in `violations` ("path: rule" each);
  // the message is then one violation per line.
  class OptzooError extends Error {
    constructor(message, violations) {
      super(message);
      this.name = 'OptzooError';
      this.violations = violations && violations.length ? violations : [message];
      const first = this.violations[0];
      const cut = first.indexOf(': ');
      this.field = cut > 0 ? first.slice(0, cut) : '';
      this.rule = cut > 0 ? first.slice(cut + 2) : first;
      // The module cannot be trusted after this error: the host starts a fresh one.
      this.restart = message.startsWith(OUT_OF_MEMORY_PREFIX);
    }
  }

  // As kOutOfMemoryMessage in cpp/core/reply.hpp.
  const OUT_OF_MEMORY_PREFIX = 'memory: out of memory';
  const OUT_OF_MEMORY = `${OUT_OF_MEMORY_PREFIX} (the model, batch or dataset is too large for this tab; see the limits in docs/CONTRACTS.md)`;

  // Every core entry answers with a reply, so a C++ exception can only escape in
  // Embind's own copy of an argument into a full heap. A
  // trap (WebAssembly.RuntimeError: an abort, an out-of-bounds access) kills the module.
  function coreFault(e) {
    // A number under JS-emulated exceptions, a WebAssembly.Exception under wasm's own.
    const cppException = typeof e === 'number' || (typeof WebAssembly !== 'undefined' && WebAssembly.Exception && e instanceof WebAssembly.Exception);
    if (cppException) return new OptzooError(OUT_OF_MEMORY);
    if (typeof WebAssembly !== 'undefined' && e instanceof WebAssembly.RuntimeError) return stopped(e);
    // V8 reports a stack overflow inside wasm as a RangeError; like a trap, it leaves
    // the call half done (seen when training on a nearly full heap).
    if (isStackOverflow(e)) return stopped(e);
    return e;
  }
  const stopped = (e) => Object.assign(new OptzooError(`core: stopped (${e.message})`), { restart: true });
  const isStackOverflow = (e) => e instanceof RangeError && /call stack/i.test(e.message);

  function guarded(fn) {
    try {
      return fn();
    } catch (e) {
      throw coreFault(e);
    }
  }

  // An Embind object whose methods go through guarded().
  function guard(target) {
    return new Proxy(target, {
      get(t, key) {
        const v = t[key];
        return typeof v === 'function' ? (...args) => guarded(() => v.apply(t, args)) : v;
      },
    });
  }

  // Every fallible core call answers with JSON text: its value, or
  // {"error": message, "violations"?: [...]} (core/reply.hpp). This is the one place
  // that reads that convention.
  function reply(text) {
    const value = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value) && typeof value.error === 'string')
      throw new OptzooError(value.error, value.violations);
    return value;
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

  // A spec object (parsing text) so that host-side preparation can look inside it.
  function specObject(spec) {
    if (typeof spec !== 'string') return spec;
    try { return JSON.parse(spec); } catch (e) { return null; }
  }

  function wrap(rawCore, options = {}) {
    const core = guard(rawCore);
    const loaded = new Set();
    const loadDataset = options.loadDataset;
    const readText = options.readText;

    // problem.kind "csv" with a "path": the host reads the file (the CLI from disk,
    // relative to baseDir) and the core gets its text.
    function resolveFiles(spec, baseDir) {
      const parsed = specObject(spec);
      const p = parsed && parsed.problem;
      if (!p || p.kind !== 'csv' || typeof p.path !== 'string') return spec;
      if (!readText) throw new OptzooError('problem.path: files cannot be read here; pass the CSV as problem.text');
      if (p.text !== undefined) throw new OptzooError('problem.text: must not be given together with problem.path');
      const { path: file, ...rest } = p;
      return { ...parsed, problem: { ...rest, text: readText(file, baseDir) } };
    }

    async function ensureDatasets(spec) {
      const parsed = typeof spec === 'string' ? safeParse(spec) : spec;
      for (const name of datasetsNeeded(parsed)) {
        if (loaded.has(name)) continue;
        if (!loadDataset || !core.registerDataset) throw new OptzooError(`problem.name: dataset "${name}" is not available here`);
        const bytes = await loadDataset(name);
        reply(core.registerDataset(name, bytes));
        loaded.add(name);
      }
    }

    function safeParse(text) { return specObject(text); }

    // One experiment: many runs in lockstep. Call delete() when done.
    class Experiment {
      constructor(handle) { this.handle = guard(handle); this.recorded = []; }
      get steps() { return this.handle.steps(); }
      get stepsDone() { return this.handle.stepsDone(); }
      // Fraction of the work done, 0..1 (steps, or the compute budget of the slowest run).
      get progress() { return this.handle.progress(); }
      get finished() { return this.handle.finished(); }
      get dim() { return this.handle.dim(); }
      advance(n) { reply(this.handle.advance(n)); }
      // The whole result, or with `from`, only points recorded from index `from` on.
      result(from = 0) { return reply(this.handle.resultJson(from)); }
      // Points recorded since the previous call: what a live plot needs.
      // Each run keeps its own count: runs under a budget record at different rates.
      takeNewPoints() {
        const r = reply(this.handle.resultSinceJson(JSON.stringify(this.recorded)));
        r.runs.forEach((run, i) => { this.recorded[i] = (this.recorded[i] || 0) + run.step.length; });
        return r;
      }
      // The same as flat columns, straight from the core's buffer with no JSON text for
      // the numbers: {runs: [{label, optimizer, status, diverged_at, cols: {key:
      // Float64Array}}], trajectories: [Float64Array [x0, y0, ...]] | null, buffer}.
      // Every array views `buffer`, one copy out of wasm memory (transfer it once).
      // The core keeps its own offsets: use this or takeNewPoints, not both.
      takePoints() {
        const meta = reply(this.handle.takePoints());
        const all = new Float64Array(this.handle.doubleBuffer());
        let at = 0;
        const take = (n) => all.subarray(at, (at += n));
        const runs = meta.runs.map((r) => {
          const cols = {};
          r.keys.forEach((key, j) => { cols[key] = take(r.counts[j]); });
          return { label: r.label, optimizer: r.optimizer, status: r.status, diverged_at: r.diverged_at, cols };
        });
        const trajectories = meta.trajectory ? meta.trajectory.map((n) => take(2 * n)) : null;
        return { runs, trajectories, buffer: all.buffer };
      }
      // Has the core keep every run's first two parameters after each step (2-D paths),
      // at most maxPoints per run; takePoints() then returns them.
      trackTrajectory(maxPoints) { reply(this.handle.trackTrajectory(maxPoints)); }
      get numRuns() { return this.handle.numRuns(); }
      updateRun(index, runSpec) {
        reply(this.handle.updateRun(index, JSON.stringify(runSpec)));
      }
      // --- Problem views (API.md); every array is a fresh copy.
      problemInfo() { return reply(this.handle.problemInfo()); }
      lossGrid(xmin, xmax, ymin, ymax, nx, ny) {
        reply(this.handle.lossGrid(xmin, xmax, ymin, ymax, nx, ny));
        return new Float32Array(this.handle.floatBuffer());
      }
      runParams(i) {
        reply(this.handle.runParams(i));
        return new Float32Array(this.handle.floatBuffer());
      }
      predictGrid(i, xmin, xmax, ymin, ymax, nx, ny) {
        reply(this.handle.predictGrid(i, xmin, xmax, ymin, ymax, nx, ny));
        return new Float32Array(this.handle.floatBuffer());
      }
      dataPoints(which, max) { return reply(this.handle.dataPoints(which, max)); }
      testImages(start, count) {
        reply(this.handle.testImages(start, count));
        return new Float32Array(this.handle.floatBuffer());
      }
      testLabels(start, count) {
        reply(this.handle.testLabels(start, count));
        return new Int32Array(this.handle.intBuffer());
      }
      predict(i, start, count) {
        reply(this.handle.predict(i, start, count));
        return new Int32Array(this.handle.intBuffer());
      }
      delete() { if (this.handle) { this.handle.delete(); this.handle = null; } }
    }

    const api = {
      OptzooError,
      version: () => core.version(),
      simd: () => core.simdEnabled(),
      registry: () => reply(core.registryJson()),
      // Presets, examples and lessons (catalogue/*.json, compiled into the core).
      catalogue: () => reply(core.catalogueJson()),
      // Every problem a spec can name (label, family, sizes, class names, options) and
      // the schedules a run can take: docs/CONTRACTS.md "Problem registry".
      problems: () => reply(core.problemsJson()),
      // null when the spec is valid, else the message: every violation, one per line.
      // `baseDir`: where a CSV problem.path is relative to (the CLI passes the spec's folder).
      validate(spec, { baseDir } = {}) {
        const e = api.check(spec, { baseDir });
        return e ? e.message : null;
      },
      // null, or the OptzooError listing every violation.
      check(spec, { baseDir } = {}) {
        try {
          reply(core.validateSpec(specText(resolveFiles(spec, baseDir))));
          return null;
        } catch (e) {
          if (e instanceof OptzooError) return e;
          throw e;
        }
      },
      async createExperiment(spec, { baseDir } = {}) {
        spec = resolveFiles(spec, baseDir);
        await ensureDatasets(spec);
        const text = specText(spec);
        const handle = guarded(() => new rawCore.Experiment(text));
        try {
          reply(guarded(() => handle.error()));
        } catch (e) {
          handle.delete();
          throw e;
        }
        return new Experiment(handle);
      },
      // Runs a spec to the end; onProgress(fraction 0..1, stepsDone) after each chunk.
      async run(spec, { onProgress, chunk = 50, baseDir } = {}) {
        const e = await api.createExperiment(spec, { baseDir });
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
      // Registers a packed dataset's bytes (Uint8Array) under its name.
      registerDataset(name, bytes) {
        reply(core.registerDataset(name, bytes));
        loaded.add(name);
      },
      core: rawCore,
    };
    return api;
  }

  const exported = { wrap, OptzooError, coreFault, reply, datasetsNeeded, REAL_DATASETS };
  if (typeof module === 'object' && module.exports) module.exports = exported;
  else root.Optzoo = exported;
})(typeof self !== 'undefined' ? self : this);
