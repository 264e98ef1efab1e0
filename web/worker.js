// The training worker: it owns the wasm module and the one live Experiment, steps it
// in slices of about 12 ms so that page messages (pause, a changed hyperparameter,
// a view request) are handled between slices, and posts only the curve points
// recorded since the previous post, as transferred typed arrays.
/* global importScripts, createOptzooCore, Optzoo */
'use strict';
// The module's bytes download while the scripts load and run.
const wasmResponse = fetch('dist/optzoo_core.wasm');
importScripts('dist/optzoo_core.js', 'optzoo.js');

const SLICE_MS = 12;
const MAX_TRAJECTORY = 20000; // points kept per run for 2-D function trajectories

let api = null;
let exp = null;
let info = null;
let gen = 0; // which `load` the current experiment answers; the page drops stale posts
let playing = false;
let msPerStep = null; // measured per experiment; until then a slice starts with one step

function post(message, transfer = []) { self.postMessage(message, transfer); }

// `restart`: the module ran out of memory or stopped, so the page starts a fresh worker.
function errorMessage(e) {
  const message = e && e.message ? e.message : String(e);
  return { message, field: (e && e.field) || '', rule: (e && e.rule) || message, violations: (e && e.violations) || [message],
    restart: !!(e && e.restart) };
}

// A failure while training: the experiment stops, the page is told (and the curves it has stay there).
function trainingFailed(e) {
  playing = false;
  post({ op: 'error', gen, ...errorMessage(e) });
}

// Fetches relative to the worker script, which lives beside index.html: the site
// works from any folder of any static server.
async function fetched(url, request = fetch(url)) {
  const response = await request;
  if (!response.ok) throw new Optzoo.OptzooError(`${url}: could not be loaded (HTTP ${response.status})`);
  return response;
}
async function fetchBytes(url) { return new Uint8Array(await (await fetched(url)).arrayBuffer()); }

// Compiles the module while its bytes arrive, which also lets Chromium keep the compiled
// code for the next visit. A server that does not send application/wasm gets the bytes
// path (fetched again: buffering a copy of every download for that case costs more).
async function instantiate(imports) {
  const url = 'dist/optzoo_core.wasm';
  try {
    return await WebAssembly.instantiateStreaming(fetched(url, wasmResponse), imports);
  } catch (e) {
    if (e instanceof Optzoo.OptzooError) throw e;  // HTTP error: the bytes path would fail alike
    return WebAssembly.instantiate(await fetchBytes(url), imports);
  }
}

async function init() {
  const core = await new Promise((resolve, reject) => {
    const instantiateWasm = (imports, receive) => {
      instantiate(imports).then((r) => receive(r.instance, r.module), reject);
      return {};  // Emscripten: the exports arrive through `receive`
    };
    createOptzooCore({ instantiateWasm }).then(resolve, reject);
  });
  api = Optzoo.wrap(core, { loadDataset: (name) => fetchBytes(`dist/data/${name}.ozd`) });
  return { registry: api.registry(), catalogue: api.catalogue(), problems: api.problems(), version: api.version(), simd: api.simd() };
}
// The core starts at once, not when the page asks (boot.js starts this worker early);
// a failure reaches the page as the answer to its `init` request.
const booting = init();
booting.catch(() => {});

// A scheduler with no 4 ms clamp: a message to ourselves runs after pending page messages.
const channel = new MessageChannel();
let scheduled = false;
channel.port1.onmessage = () => { scheduled = false; tick(); };
function schedule() {
  if (!scheduled) { scheduled = true; channel.port2.postMessage(null); }
}

function problemInfo(experiment) {
  if (typeof experiment.problemInfo !== 'function') return null;
  try { return experiment.problemInfo(); } catch (e) { return null; }
}

function tracksTrajectory() { return !!(info && info.task === 'function' && info.two_d && exp.trackTrajectory); }

function postPoints() {
  const { runs, trajectories, buffer } = exp.takePoints();
  // Budget runs end by compute, not steps: the core's progress says how far along.
  const progress = typeof exp.progress === 'number' ? exp.progress : exp.stepsDone / Math.max(exp.steps, 1);
  post({ op: 'points', gen, stepsDone: exp.stepsDone, steps: exp.steps, progress, finished: exp.finished, playing, runs, trajectories }, [buffer]);
}

function tick() {
  if (!playing || !exp) return;
  const started = performance.now();
  try {
    while (!exp.finished) {
      const left = SLICE_MS - (performance.now() - started);
      if (left <= 0) break;
      const n = msPerStep === null ? 1 : Math.max(1, Math.min(100000, Math.floor(left / Math.max(msPerStep, 1e-4))));
      const t0 = performance.now();
      exp.advance(n); // 2-D trajectories are recorded in the core: one call per slice
      const per = (performance.now() - t0) / n;
      msPerStep = msPerStep === null ? per : 0.7 * msPerStep + 0.3 * per;
    }
    if (exp.finished) playing = false;
    postPoints();
  } catch (e) {
    trainingFailed(Optzoo.coreFault(e));  // a fault outside a core call (a stack overflow) stops the module alike
    return;
  }
  if (playing) schedule();
}

function dropExperiment() {
  playing = false;
  if (exp) exp.delete();
  exp = null;
  info = null;
}

async function load(msg) {
  dropExperiment();
  gen = msg.gen;
  try {
    const created = await api.createExperiment(msg.spec);
    if (gen !== msg.gen) { created.delete(); return; } // a newer load arrived meanwhile
    exp = created;
    info = problemInfo(exp);
    const runs = exp.numRuns;
    if (tracksTrajectory()) exp.trackTrajectory(MAX_TRAJECTORY);
    msPerStep = null;
    post({ op: 'loaded', gen, info, steps: exp.steps, runs });
    postPoints();
    if (msg.play) { playing = true; schedule(); }
  } catch (e) {
    if (gen === msg.gen) post({ op: 'error', gen, ...errorMessage(e) });
  }
}

// Synchronous queries for the views; each returns plain data or throws.
const VIEWS = {
  lossGrid: (a) => exp.lossGrid(...a),
  predictGrid: (a) => exp.predictGrid(...a),
  dataPoints: (a) => exp.dataPoints(...a),
  testImages: (a) => ({ images: exp.testImages(...a), labels: exp.testLabels(...a) }),
  predict: (a) => exp.predict(...a),
  runParams: (a) => exp.runParams(...a),
  result: () => exp.result(0),
};

function probe(spec) {
  // What the problem looks like (input size, classes) before a model is chosen.
  return api.createExperiment(spec).then((e) => {
    try { return { info: problemInfo(e), dim: e.dim }; } finally { e.delete(); }
  });
}

const HANDLERS = {
  init: () => booting,
  // Real datasets must be registered before the core can check a spec that uses them.
  async validate(m) { await api.ensureDatasets(m.spec); return api.validate(m.spec); },
  probe: (m) => probe(m.spec),
  view(m) {
    if (!exp || m.gen !== gen) throw new Optzoo.OptzooError('view: the experiment changed');
    if (!VIEWS[m.kind] || (m.kind !== 'result' && typeof exp[m.kind] !== 'function'))
      throw new Optzoo.OptzooError(`view: "${m.kind}" is not available in this build`);
    return VIEWS[m.kind](m.args || []);
  },
  update(m) {
    if (!exp || m.gen !== gen) throw new Optzoo.OptzooError('update: the experiment changed');
    exp.updateRun(m.index, m.run);
    return { step: exp.stepsDone };
  },
};

self.onmessage = async (event) => {
  const m = event.data;
  switch (m.op) {
    case 'load': return load(m);
    case 'play':
      if (exp && m.gen === gen && !exp.finished) { playing = true; schedule(); }
      return undefined;
    case 'pause':
      playing = false;
      try { if (exp && m.gen === gen) postPoints(); } catch (e) { trainingFailed(e); }
      return undefined;
    case 'step':
      if (!exp || m.gen !== gen) return undefined;
      playing = false;
      try {
        exp.advance(m.n || 1);
        postPoints();
      } catch (e) { trainingFailed(e); }
      return undefined;
    default: {
      const handler = HANDLERS[m.op];
      try {
        if (!handler) throw new Error(`worker: unknown op "${m.op}"`);
        const value = await handler(m);
        post({ op: 'reply', id: m.id, value });
      } catch (e) {
        post({ op: 'reply', id: m.id, error: errorMessage(e) });
      }
      return undefined;
    }
  }
};
