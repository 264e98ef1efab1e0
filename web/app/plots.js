// Live curves with uPlot: loss (train solid, test dashed), a metric (test accuracy by
// default), optimizer internals and the ES cosine. Each chart describes the series
// it wants from the store; when that list changes (a new run, a column that
// appears later) the chart is rebuilt, otherwise only its data is replaced.
/* global uPlot */
import { h, option, uid } from './dom.js';
import { colorHex, cssVar } from './palette.js';
import { smooth, strideIndices } from './series.js';

const MAX_POINTS = 2500; // per series on screen; the CSV export has every point

export const X_AXES = [
  { key: 'step', label: 'steps' },
  { key: 'examples', label: 'examples seen' },
  { key: 'fpe', label: 'forward-pass equivalents' },
  { key: 'flops', label: 'flops (passes + curvature work)' },
  { key: 'wall_time', label: 'wall time (s)' },
];

const pretty = (key) => key.replace(/^(metrics|internals)\./, '').replace(/\./g, ' ').replace(/_/g, ' ');

function fmt(v) {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  const a = Math.abs(v);
  if (a >= 1e9) return `${Number((v / 1e9).toPrecision(3))}G`;
  if (a >= 1e6) return `${Number((v / 1e6).toPrecision(3))}M`;
  if (a >= 1e4) return `${Number((v / 1e3).toPrecision(3))}k`;
  if (a !== 0 && a < 1e-3) return v.toExponential(2);
  return Number(v.toPrecision(4)).toString();
}

class Chart {
  constructor(page, { id, title, wide, picker, describe }) {
    Object.assign(this, { page, id, title, describe });
    this.plot = null;
    this.signature = '';
    this.markers = [];
    this.body = h('div', { class: 'plot' });
    this.select = picker ? h('select', { 'aria-label': `${title}: what to plot` }) : null;
    if (this.select) this.select.addEventListener('change', () => { this.chosen = this.select.value; this.refresh(true); });
    this.png = h('button', { type: 'button', title: `Download ${title} as PNG`, text: 'PNG', 'aria-label': `Download ${title} as PNG` });
    this.png.addEventListener('click', () => page.exportPng(this));
    this.heading = h('h3', { id: uid('h'), text: title });
    this.el = h('section', { class: `card${wide ? ' wide' : ''}`, 'data-chart': id, 'aria-labelledby': this.heading.id },
      h('div', { class: 'card-head' }, this.heading, this.select, this.png), this.body);
  }

  // Fills the picker with the columns available; returns the chosen one.
  pick(keys, preferred) {
    if (!this.select) return null;
    const have = [...this.select.options].map((o) => o.value).join('|');
    if (have !== keys.join('|')) this.select.replaceChildren(...keys.map((k) => option(k, pretty(k))));
    if (!keys.includes(this.chosen)) this.chosen = preferred.find((k) => keys.includes(k)) || keys[0];
    if (this.chosen) this.select.value = this.chosen;
    return this.chosen;
  }

  destroy() { if (this.plot) this.plot.destroy(); this.plot = null; this.signature = ''; }

  refresh(force) {
    const d = this.describe(this);
    this.el.hidden = !d;
    if (!d) { this.destroy(); return; }
    const signature = JSON.stringify([d.series.map((s) => [s.label, s.color, s.dash]), d.x, d.log, d.yLabel, this.page.themeKey]);
    const data = this.data(d);
    if (force || signature !== this.signature || !this.plot) {
      this.destroy();
      this.signature = signature;
      this.plot = new uPlot(this.options(d), data, this.body);
    } else {
      this.plot.setData(data);
    }
  }

  options(d) {
    const fg = cssVar('--fg'), grid = cssVar('--grid');
    const axis = (label) => ({ stroke: fg, label, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, size: 56, labelSize: 18, values: (u, vals) => vals.map((v) => (v === null || v === undefined ? '' : fmt(v))) });
    const width = Math.max(260, this.body.clientWidth || 400);
    return {
      width,
      height: Math.round(Math.min(300, Math.max(200, width * 0.5))),
      scales: { x: { time: false }, y: d.log ? { distr: 3, log: 10 } : { auto: true } },
      series: [
        { label: d.xLabel, value: (u, v) => fmt(v) },
        ...d.series.map((s) => ({ label: s.label, stroke: s.color, width: s.dash ? 1.5 : 2, dash: s.dash, spanGaps: true, value: (u, v) => fmt(v) })),
      ],
      axes: [axis(d.xLabel), axis(d.yLabel)],
      legend: { live: true },
      cursor: { drag: { x: true, y: false, setScale: true } },
      hooks: { draw: [(u) => this.drawMarkers(u)] },
    };
  }

  // A cross where a run diverged, at its last finite point.
  drawMarkers(u) {
    const ctx = u.ctx;
    for (const m of this.markers) {
      const px = u.valToPos(m.x, 'x', true), py = u.valToPos(m.y, 'y', true);
      if (!Number.isFinite(px) || !Number.isFinite(py)) continue;
      const r = 6 * devicePixelRatio;
      ctx.save();
      ctx.strokeStyle = m.color;
      ctx.lineWidth = 3 * devicePixelRatio;
      ctx.beginPath();
      ctx.moveTo(px - r, py - r); ctx.lineTo(px + r, py + r);
      ctx.moveTo(px + r, py - r); ctx.lineTo(px - r, py + r);
      ctx.stroke();
      ctx.fillStyle = m.color;
      ctx.font = `${12 * devicePixelRatio}px system-ui, sans-serif`;
      ctx.fillText(`${m.label} diverged (step ${m.step})`, px + r + 4, py - r);
      ctx.restore();
    }
  }

  // uPlot's aligned data. Runs in lockstep share "step", so for that axis the
  // longest run's x serves all; other axes differ per run and are joined.
  data(d) {
    const store = this.page.store;
    const smoothing = this.page.options.smoothing;
    this.markers = [];
    const tables = d.series.map((s) => {
      const run = store.runs[s.run];
      let x = run.col(d.x) || run.col('step') || new Float64Array(0);
      let y = run.col(s.col) || new Float64Array(x.length).fill(NaN);
      if (s.smooth) y = smooth(y, smoothing);
      if (d.log) y = y.map((v) => (v > 0 ? v : NaN));
      if (s.marker && run.status === 'diverged') {
        for (let i = y.length - 1; i >= 0; --i)
          if (Number.isFinite(y[i])) { this.markers.push({ x: x[i], y: y[i], color: s.color, label: s.label, step: run.divergedAt }); break; }
      }
      const idx = strideIndices(x.length, MAX_POINTS);
      if (idx) { x = Float64Array.from(idx, (i) => x[i]); y = Float64Array.from(idx, (i) => y[i]); }
      return [Array.from(x), Array.from(y, (v) => (Number.isFinite(v) ? v : null))];
    });
    if (!tables.length) return [[]];
    // Runs in lockstep record at the same x (one stopping early records a prefix):
    // one shared x column then. Otherwise (budgets, compute axes) join the tables.
    const longest = tables.reduce((a, t) => (t[0].length > a[0].length ? t : a), tables[0]);
    if (tables.every((t) => t[0].every((v, i) => v === longest[0][i])))
      return [longest[0], ...tables.map((t) => longest[0].map((_, i) => (i < t[1].length ? t[1][i] : null)))];
    return uPlot.join(tables.map((t) => [t[0], t[1]]));
  }
}

export class Charts {
  constructor(container, store, options) {
    this.container = container;
    this.store = store;
    this.options = options; // {x, log, smoothing, showTest}
    this.runs = []; // [{label, color}]
    this.themeKey = 0;
    this.charts = [
      new Chart(this, { id: 'loss', title: 'Loss', wide: true, describe: () => this.lossSeries() }),
      new Chart(this, { id: 'metric', title: 'Accuracy and metrics', picker: true, describe: (c) => this.metricSeries(c) }),
      new Chart(this, { id: 'internals', title: 'Optimizer internals', picker: true, describe: (c) => this.internalSeries(c) }),
      new Chart(this, { id: 'cosine', title: 'ES: cosine to the true gradient', describe: () => this.cosineSeries() }),
    ];
    container.append(...this.charts.map((c) => c.el));
    new ResizeObserver(() => this.resize()).observe(container);
  }

  setRuns(runs) { this.runs = runs; this.refresh(true); }
  xAxis() {
    const x = X_AXES.find((a) => a.key === this.options.x && this.store.hasAny(a.key));
    return x || X_AXES[0];
  }

  lossSeries() {
    if (!this.store.runs.length) return null;
    const x = this.xAxis();
    const series = [];
    this.store.runs.forEach((run, i) => {
      const meta = this.runs[i] || { label: run.label, color: colorHex(i) };
      series.push({ run: i, col: 'loss', label: `${meta.label} train`, color: meta.color, smooth: true, marker: true });
    });
    if (this.options.showTest && this.store.hasAny('metrics.test_loss'))
      this.store.runs.forEach((run, i) => {
        const meta = this.runs[i] || { label: run.label, color: colorHex(i) };
        series.push({ run: i, col: 'metrics.test_loss', label: `${meta.label} test`, color: meta.color, dash: [6, 4], smooth: true });
      });
    return { series, x: x.key, xLabel: x.label, log: this.options.log, yLabel: 'loss' };
  }

  perRun(col, smoothIt) {
    return this.store.runs.map((run, i) => {
      const meta = this.runs[i] || { label: run.label, color: colorHex(i) };
      return { run: i, col, label: meta.label, color: meta.color, smooth: smoothIt, marker: false };
    });
  }

  metricSeries(chart) {
    const keys = this.store.keys().filter((k) => k.startsWith('metrics.') && k !== 'metrics.test_loss' && this.store.hasAny(k));
    const col = chart.pick(keys, ['metrics.test_accuracy', 'metrics.train_accuracy', 'metrics.distance_to_min']);
    if (!col) return null;
    const x = this.xAxis();
    const log = /distance/.test(col);
    return { series: this.perRun(col, true), x: x.key, xLabel: x.label, log, yLabel: pretty(col) };
  }

  internalSeries(chart) {
    const keys = this.store.keys().filter((k) => k.startsWith('internals.') && this.store.hasAny(k));
    const col = chart.pick(keys, ['internals.effective_lr', 'internals.grad_norm']);
    if (!col) return null;
    const x = this.xAxis();
    return { series: this.perRun(col, true), x: x.key, xLabel: x.label, log: true, yLabel: pretty(col) };
  }

  cosineSeries() {
    if (!this.store.hasAny('cosine')) return null;
    const x = this.xAxis();
    const series = this.perRun('cosine', true).filter((s) => this.store.runs[s.run].has('cosine'));
    return { series, x: x.key, xLabel: x.label, log: false, yLabel: 'cosine' };
  }

  refresh(force = false) { for (const c of this.charts) c.refresh(force); }

  resize() {
    for (const c of this.charts) {
      if (!c.plot) continue;
      const width = Math.max(260, c.body.clientWidth);
      if (Math.abs(width - c.plot.width) > 2) c.plot.setSize({ width, height: Math.round(Math.min(300, Math.max(200, width * 0.5))) });
    }
  }

  exportPng(chart) { if (this.onPng) this.onPng(chart); }
}
