// The curves received so far: per run, growable Float64 columns keyed like the
// worker's flattened result ("loss", "metrics.test_accuracy", ...), plus the 2-D
// trajectory of function problems. Plots read from here; nothing here draws.
class Column {
  constructor() { this.data = new Float64Array(256); this.length = 0; }
  append(values, at) {
    // `at` is the run's length before this batch: a column that appears late is
    // padded with NaN so that every column stays aligned with "step".
    const need = at + values.length;
    if (need > this.data.length) {
      const bigger = new Float64Array(Math.max(need, this.data.length * 2));
      bigger.set(this.data.subarray(0, this.length));
      this.data = bigger;
    }
    if (this.length < at) this.data.fill(NaN, this.length, at);
    this.data.set(values, at);
    this.length = need;
  }
  view() { return this.data.subarray(0, this.length); }
}

class Trajectory {
  constructor() { this.data = new Float64Array(512); this.length = 0; }
  append(xy) {
    if (this.length + xy.length > this.data.length) {
      const bigger = new Float64Array(Math.max(this.length + xy.length, this.data.length * 2));
      bigger.set(this.data.subarray(0, this.length));
      this.data = bigger;
    }
    this.data.set(xy, this.length);
    this.length += xy.length;
  }
  view() { return this.data.subarray(0, this.length); }
}

export class RunSeries {
  constructor() {
    this.cols = new Map();
    this.length = 0;
    this.status = 'ok';
    this.divergedAt = null;
    this.label = '';
    this.optimizer = '';
    this.trajectory = new Trajectory();
  }

  append(run) {
    this.label = run.label;
    this.optimizer = run.optimizer;
    this.status = run.status;
    this.divergedAt = run.diverged_at;
    const n = run.cols.step ? run.cols.step.length : 0;
    if (!n) return;
    const at = this.length;
    for (const [key, values] of Object.entries(run.cols)) {
      if (!this.cols.has(key)) this.cols.set(key, new Column());
      this.cols.get(key).append(values, at);
    }
    // Forward-pass equivalents: a backward pass counts as two forward passes.
    if (!run.cols.fpe && run.cols.forward_passes && run.cols.backward_passes) {
      const fpe = run.cols.forward_passes.map((f, i) => f + 2 * run.cols.backward_passes[i]);
      if (!this.cols.has('fpe')) this.cols.set('fpe', new Column());
      this.cols.get('fpe').append(fpe, at);
    }
    this.length += n;
  }

  col(key) {
    const c = this.cols.get(key);
    if (!c) return null;
    const v = c.view();
    if (v.length < this.length) {
      const padded = new Float64Array(this.length).fill(NaN);
      padded.set(v);
      return padded;
    }
    return v;
  }
  has(key) { return this.cols.has(key); }
  keys() { return [...this.cols.keys()]; }
}

export class SeriesStore {
  constructor() { this.runs = []; this.stepsDone = 0; this.steps = 0; this.progress = 0; this.finished = false; }
  reset(count) { this.runs = Array.from({ length: count }, () => new RunSeries()); this.stepsDone = 0; this.progress = 0; this.finished = false; }

  accept(message) {
    message.runs.forEach((run, i) => { if (this.runs[i]) this.runs[i].append(run); });
    if (message.trajectories)
      message.trajectories.forEach((xy, i) => { if (this.runs[i]) this.runs[i].trajectory.append(xy); });
    this.stepsDone = message.stepsDone;
    this.steps = message.steps;
    this.progress = message.progress;
    this.finished = message.finished;
  }

  // Every column some run has, in first-seen order.
  keys() {
    const seen = new Set();
    for (const r of this.runs) for (const k of r.keys()) seen.add(k);
    return [...seen];
  }
  hasAny(key) { return this.runs.some((r) => r.has(key) && r.col(key).some((v) => Number.isFinite(v))); }
}

// Exponential moving average with bias correction (as TensorBoard's smoothing), so
// the first points are not dragged towards zero. NaN passes through.
export function smooth(values, weight) {
  if (!weight) return values;
  const out = new Float64Array(values.length);
  let avg = 0, norm = 0;
  for (let i = 0; i < values.length; ++i) {
    const v = values[i];
    if (!Number.isFinite(v)) { out[i] = v; continue; }
    avg = weight * avg + (1 - weight) * v;
    norm = weight * norm + (1 - weight);
    out[i] = avg / norm;
  }
  return out;
}

// Indices of at most `max` evenly strided points, always keeping the last one.
export function strideIndices(n, max) {
  if (n <= max) return null;
  const stride = Math.ceil(n / max);
  const idx = [];
  for (let i = 0; i < n; i += stride) idx.push(i);
  if (idx[idx.length - 1] !== n - 1) idx.push(n - 1);
  return idx;
}
