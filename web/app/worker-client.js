// The page's side of the worker protocol (see worker.js). Every `load` bumps a
// generation number; posts about an older experiment are dropped here, so a
// reset never mixes curves from two experiments.
export class Trainer {
  constructor(handlers) {
    this.handlers = handlers; // {points, loaded, error, fatal}
    this.pending = new Map();
    this.nextId = 1;
    this.gen = 0;
    this.start();
  }

  // The first Trainer adopts the worker boot.js started with the page; restarts make a new one.
  start() {
    const early = window.optzooEarlyWorker;
    window.optzooEarlyWorker = null;
    this.worker = early ? early.worker : new Worker('worker.js');
    this.worker.onmessage = (e) => this.receive(e.data);
    // An abort inside wasm (out of memory) kills the module: start a fresh worker.
    const failed = (message) => {
      this.stop();
      this.handlers.fatal(message || 'the training worker stopped');
    };
    this.worker.onerror = (e) => {
      e.preventDefault();
      failed(e.message);
    };
    if (early && early.error) queueMicrotask(() => failed(early.error));
  }

  // Ends the worker; its unanswered requests fail.
  stop() {
    this.worker.onmessage = null;
    this.worker.onerror = null;
    this.worker.terminate();
    for (const { reject } of this.pending.values()) reject(new Error('the training worker stopped'));
    this.pending.clear();
  }

  receive(m) {
    if (m.op === 'reply') {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.error) p.reject(Object.assign(new Error(m.error.message), m.error));
      else p.resolve(m.value);
      return;
    }
    if (m.gen !== undefined && m.gen !== this.gen) return;
    const handler = this.handlers[m.op];
    if (handler) handler(m);
  }

  request(op, fields = {}) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ op, id, ...fields });
    });
  }

  init() { return this.request('init'); }
  validate(spec) { return this.request('validate', { spec }); }
  probe(spec) { return this.request('probe', { spec }); }
  view(kind, args) { return this.request('view', { kind, args, gen: this.gen }); }
  update(index, run) { return this.request('update', { index, run, gen: this.gen }); }

  load(spec, play = false) {
    this.gen += 1;
    this.worker.postMessage({ op: 'load', spec, gen: this.gen, play });
    return this.gen;
  }
  play() { this.worker.postMessage({ op: 'play', gen: this.gen }); }
  pause() { this.worker.postMessage({ op: 'pause', gen: this.gen }); }
  step(n = 1) { this.worker.postMessage({ op: 'step', n, gen: this.gen }); }
}
