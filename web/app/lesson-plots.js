// The two lesson pictures the curve charts cannot draw, and the entry's `plots` list:
// - "histogram": each run's stationary-density histogram (CONTRACTS "histogram"). In
//   2-D a density image with the level sets of the loss that hold 50% and 90% of the
//   samples. A Gibbs density exp(-f/T) is a function of f alone, so whatever T it is
//   constant along those level sets: a cloud that crosses them is not Gibbs
//   (McAllester, TTIC 31230, 003: the two-temperature 2-D case). When the lesson's
//   `gibbs` key gives a run's T, the lines hold 50% and 90% of the Gibbs density
//   instead: the prediction, not the measurement. In 1-D, bars with the Gibbs density
//   exp(-f/T)/Z drawn over them for every run with a T.
// - "heatmap": one map per optimizer of a series' final value (tail-averaged) over two
//   hyperparameters of the runs (the catalogue's `heatmap` key), as in Loshchilov &
//   Hutter's lr x weight-decay figures.
// Canvas pixels from small grids, as in views.js; uPlot stays for the curves.
import { h, uid } from './dom.js';
import { cssVar } from './palette.js';
import '../lessons/gibbs.js'; // a script shared with the Node checks: sets self.OptzooGibbs

const { gibbsCells, cdfGap } = self.OptzooGibbs;

// The catalogue's plot names and the page cards that draw them (others stay as they are).
const CARDS = { loss: 'loss', metrics: 'metric', internals: 'internals', contour: 'view', boundary: 'view' };
const HEAT = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
const heat = (t) => {
  const s = Math.min(Math.max(t, 0), 1) * (HEAT.length - 1);
  const i = Math.min(Math.floor(s), HEAT.length - 2), f = s - i;
  return HEAT[i].map((c, k) => Math.round(c + f * (HEAT[i + 1][k] - c)));
};
const GIBBS_LINE = [255, 102, 204];
const fmt = (v) => (!Number.isFinite(v) ? '×' : Math.abs(v) >= 100 || Math.abs(v) < 0.01 ? v.toExponential(1) : v.toPrecision(3));

// Mean of the last `tail` fraction of a column's finite values (the last one for 0).
function tailMean(col, tail) {
  const values = col ? Array.from(col).filter(Number.isFinite) : [];
  if (!values.length) return NaN;
  const part = values.slice(values.length - Math.max(1, Math.round(values.length * (tail || 0))));
  return part.reduce((a, b) => a + b, 0) / part.length;
}

// The f level below which `fraction` of the histogram's samples lie (cells sorted by f).
function massLevel(f, counts, fraction) {
  const order = [...counts.keys()].sort((a, b) => f[a] - f[b]);
  const total = counts.reduce((a, b) => a + b, 0);
  let sum = 0;
  for (const i of order) { sum += counts[i]; if (sum >= fraction * total) return f[i]; }
  return f[order[order.length - 1]];
}

// The variance of a 1-D distribution given as cell probabilities at `centers`.
function variance(p, centers) {
  const mean = p.reduce((a, v, i) => a + v * centers[i], 0);
  return p.reduce((a, v, i) => a + v * (centers[i] - mean) ** 2, 0);
}

// The cells [first, last] a 1-D panel shows: where the measured and the Gibbs densities
// have their mass (all but 0.1% on each side), padded by a fifth, so that a cold run
// (a narrow spike) and a hot one are each readable at their own scale.
function window1d(distributions, n) {
  let first = n - 1, last = 0;
  for (const p of distributions) {
    let sum = 0;
    p.forEach((v, i) => {
      if (sum <= 0.001 && sum + v > 0.001) first = Math.min(first, i);
      sum += v;
      if (sum - v < 0.999 && sum >= 0.999) last = Math.max(last, i);
    });
  }
  if (first > last) return [0, n - 1];
  const pad = Math.ceil((last - first + 1) / 5);
  return [Math.max(0, first - pad), Math.min(n - 1, last + pad)];
}

export class LessonPlots {
  // runMeta(): the runs' labels and colours, as the curve charts get them.
  constructor(container, trainer, store, runMeta = () => []) {
    Object.assign(this, { container, trainer, store, runMeta });
    this.lesson = null;
    this.heading = h('h3', { id: uid('h'), text: 'Lesson plot' });
    this.body = h('div', { class: 'views' });
    this.legend = h('p', { class: 'legend-line' });
    this.el = h('section', { class: 'card wide', 'data-chart': 'lesson', 'aria-labelledby': this.heading.id, hidden: true },
      h('div', { class: 'card-head' }, this.heading), this.body, this.legend);
    container.prepend(this.el);
    this.lastDraw = 0;
    this.busy = false;
  }

  // After each load: the lesson (or null) and the spec it runs. Shows only the cards
  // the lesson's `plots` list names (a preset or a spec shows them all).
  setLesson(lesson, spec) {
    this.lesson = lesson;
    this.spec = spec;
    const wanted = lesson && Array.isArray(lesson.plots) ? new Set(lesson.plots.map((p) => CARDS[p]).filter(Boolean)) : null;
    for (const card of this.container.querySelectorAll('[data-chart]')) {
      const id = card.dataset.chart;
      card.classList.toggle('lesson-off', !!wanted && Object.values(CARDS).includes(id) && !wanted.has(id));
    }
    this.kind = lesson && lesson.plots ? ['histogram', 'heatmap'].find((k) => lesson.plots.includes(k)) || null : null;
    if (this.kind === 'heatmap' && !lesson.heatmap) this.kind = null;
    this.grid = null;
    this.drewFinal = false;
    this.el.hidden = !this.kind;
    this.body.replaceChildren();
    this.canvases = [];
    this.legend.textContent = this.kind ? 'Drawn as the runs progress.' : '';
    this.heading.textContent = this.kind === 'histogram' ? 'Stationary density of the iterates' : 'Final values over the hyperparameter grid';
  }

  // Redraws at most every 500 ms while training, and once more when finished.
  async update(finished) {
    if (!this.kind) return;
    if (this.busy) { this.pending = this.pending || finished; return; }
    const now = performance.now();
    if (!finished && now - this.lastDraw < 500) return;
    if (finished && this.drewFinal) return;
    this.busy = true;
    const gen = this.trainer.gen;
    try {
      if (this.kind === 'heatmap') this.drawHeatmaps();
      else await this.drawHistograms(gen);
      this.lastDraw = performance.now();
      this.drewFinal = finished;
    } catch (e) {
      // The experiment changed under the request; the next load redraws.
    } finally {
      this.busy = false;
    }
    // The last points arrived while drawing: draw the finished picture now.
    if (this.pending) { this.pending = false; await this.update(true); }
  }

  async drawHistograms(gen) {
    const result = await this.trainer.view('result');
    if (gen !== this.trainer.gen) return;
    const meta = this.runMeta();
    const runs = result.runs.map((r, index) => ({ ...r, index })).filter((r) => r.histogram && r.histogram.samples > 0);
    if (!runs.length) return;
    const hist = runs[0].histogram;
    const twoD = hist.bins.length === 2;
    const temperatures = (this.lesson && this.lesson.gibbs && this.lesson.gibbs.temperature) || {};
    // The loss at the bin centres, for the level sets (2-D) and the Gibbs curves (1-D,
    // only when the lesson gives a temperature). A problem that has no loss grid (not a
    // test function) keeps the bars and images without lines.
    if (this.grid === null && (twoD || Object.keys(temperatures).length)) {
      const [cx, cy] = hist.centers;
      const box = twoD ? [cx[0], cx[cx.length - 1], cy[0], cy[cy.length - 1], cx.length, cy.length] : [cx[0], cx[cx.length - 1], 0, 0, cx.length, 1];
      const grid = await this.trainer.view('lossGrid', box).catch(() => false);
      if (gen !== this.trainer.gen) return; // another experiment loaded meanwhile: not its grid
      this.grid = grid;
    }
    const size = Math.max(160, Math.min(260, Math.floor((this.container.clientWidth - 40) / Math.min(runs.length, 3)) - 50));
    const panels = runs.map((r) => {
      const T = this.grid ? temperatures[r.label] : undefined;
      const color = (meta[r.index] || {}).color || cssVar('--fg') || '#000';
      return twoD ? this.density2d(r.histogram, size, T) : this.density1d(r.histogram, size, T, color);
    });
    this.canvases = panels.map((p) => p.canvas);
    this.body.replaceChildren(...runs.map((r, i) => {
      const m = r.histogram;
      const v = m.covariance.map((row, k) => row[k]);
      const caption = `${r.label}: ${m.samples} iterates, var ${v.map((x) => x.toPrecision(3)).join(' / ')}` +
        (twoD ? ` (y/x ${(v[1] / v[0]).toPrecision(3)})` : '') + (panels[i].note ? `; ${panels[i].note}` : '');
      // As wide as its canvas, so a long caption wraps and the panels stay side by side;
      // the canvases line up at the bottom whatever their captions' lengths.
      const style = { maxWidth: `${this.canvases[i].width}px`, display: 'flex', flexDirection: 'column', justifyContent: 'space-between' };
      return h('figure', { 'data-gibbs': panels[i].note ? 'yes' : 'no', style },
        h('figcaption', { text: caption }), this.canvases[i]);
    }));
    // The theory sentences only when some panel draws it.
    const theory = panels.some((p) => p.note) ? this.lesson.gibbs.theory : '';
    this.legend.textContent = twoD
      ? 'Colour: the measured density of the iterates after the burn-in (bright = dense). White lines: the level sets of the loss holding 50% and 90% of the samples. A Gibbs density exp(-f/T) is constant along them for any T, so a Gibbs cloud fills them evenly; one stretched across them has a different temperature per coordinate.' +
        (theory ? ` Pink lines: the level sets holding 50% and 90% of the predicted Gibbs density exp(-f/T) at the T in its caption, so a cloud that matches the theory fills them as the white lines would. Temperatures: ${theory}` : '')
      : 'Grey bars: the measured density of the iterates after the burn-in (the iterates inside the histogram\'s range), each panel zoomed to where its mass lies.' +
        (theory ? ` Line in the run's colour: the predicted Gibbs density exp(-f/T)/Z, normalised over the same range, at the T in the caption; "gap" is the largest difference of the two cumulative distributions. Temperatures: ${theory}` : '');
  }

  // In pink when the lesson gives the run's temperature T: the level sets holding 50%
  // and 90% of exp(-f/T) over the histogram's range; else, in white, those holding 50%
  // and 90% of the samples. (Pink, not the run's colour: viridis holds no pink, while a
  // green or blue run colour would vanish into the image.)
  density2d(m, size, T) {
    const [bx, by] = m.bins;
    const counts = m.counts;
    let hi = 0;
    for (const c of counts) hi = Math.max(hi, c);
    const img = new ImageData(bx, by);
    const weights = this.grid && T !== undefined ? gibbsCells(this.grid, T) : counts;
    const levels = this.grid ? [0.5, 0.9].map((q) => massLevel(this.grid, weights, q)) : [];
    const line = T !== undefined && this.grid ? GIBBS_LINE : [255, 255, 255];
    const band = (i) => levels.filter((l) => this.grid[i] > l).length;
    for (let row = 0; row < by; ++row)
      for (let col = 0; col < bx; ++col) {
        const i = row * bx + col;
        // Square-root scale, so that the tails of the density stay visible.
        let rgb = heat(hi ? Math.sqrt(counts[i] / hi) : 0);
        const edge = this.grid && ((col + 1 < bx && band(i + 1) !== band(i)) || (row + 1 < by && band(i + bx) !== band(i)));
        if (edge) rgb = line;
        const o = ((by - 1 - row) * bx + col) * 4; // row 0 is the lowest y: drawn at the bottom
        img.data[o] = rgb[0]; img.data[o + 1] = rgb[1]; img.data[o + 2] = rgb[2]; img.data[o + 3] = 255;
      }
    const { canvas, ctx, box } = framed(size);
    const pixels = h('canvas', { width: bx, height: by });
    pixels.getContext('2d').putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(pixels, box.x, box.y, box.w, box.h);
    axes(ctx, box, m.range[0], m.range[1]);
    return { canvas, note: T !== undefined && this.grid ? `lines: Gibbs at T = ${T}` : '' };
  }

  // Bars of the measured density, merged to about 40 over the panel's window, and with a
  // temperature T the Gibbs density at the cell centres as a line over them.
  density1d(m, size, T, color) {
    const { canvas, ctx, box } = framed(size);
    const n = m.bins[0], centers = m.centers[0];
    const width = (m.range[0][1] - m.range[0][0]) / n;
    const inside = m.counts.reduce((a, b) => a + b, 0);
    const measured = m.counts.map((c) => c / Math.max(1, inside));
    const gibbs = this.grid && T !== undefined ? gibbsCells(this.grid, T) : null;
    const [first, last] = window1d(gibbs ? [measured, gibbs] : [measured], n);
    const merge = Math.max(1, Math.ceil((last - first + 1) / 40));
    const bars = [];
    for (let k = first; k <= last; k += merge) {
      const cells = measured.slice(k, Math.min(k + merge, last + 1));
      bars.push({ k, cells: cells.length, density: cells.reduce((a, b) => a + b, 0) / (cells.length * width) });
    }
    const curve = gibbs ? gibbs.slice(first, last + 1).map((p) => p / width) : [];
    const top = 1.05 * Math.max(...bars.map((b) => b.density), ...curve, 1e-300);
    const x0 = centers[first] - width / 2, span = (last - first + 1) * width;
    const px = (x) => box.x + ((x - x0) / span) * box.w, py = (d) => box.y + box.h - (d / top) * box.h;
    ctx.fillStyle = cssVar('--muted') || '#777';
    ctx.globalAlpha = 0.5;
    for (const b of bars) {
      const left = px(centers[b.k] - width / 2), right = px(centers[b.k + b.cells - 1] + width / 2);
      ctx.fillRect(left, py(b.density), Math.max(1, right - left - 1), box.y + box.h - py(b.density));
    }
    ctx.globalAlpha = 1;
    if (gibbs) {
      ctx.strokeStyle = color;
      ctx.lineWidth = 2;
      ctx.beginPath();
      curve.forEach((d, i) => (i ? ctx.lineTo(px(centers[first + i]), py(d)) : ctx.moveTo(px(centers[first + i]), py(d))));
      ctx.stroke();
    }
    axes(ctx, box, [x0, x0 + span], [0, top]);
    if (!gibbs) return { canvas, note: '' };
    return { canvas, note: `Gibbs at T = ${T}: var ${variance(gibbs, centers).toPrecision(3)}, gap ${cdfGap(m.counts, gibbs).toFixed(3)}` };
  }

  // One map per optimizer: columns = distinct values of heatmap.x, rows = heatmap.y,
  // colour = log of the run's tail-averaged series (low = dark), × for a diverged run.
  drawHeatmaps() {
    const spec = this.spec, m = this.lesson.heatmap;
    const key = m.of === 'loss' ? 'loss' : `metrics.${m.of}`;
    const cells = spec.runs.map((r, i) => {
      const run = this.store.runs[i];
      const value = !run || run.status === 'diverged' ? NaN : tailMean(run.col(key), m.tail);
      return { group: m.group_by ? r[m.group_by] : '', x: r[m.x], y: r[m.y], value, diverged: run && run.status === 'diverged' };
    });
    const groups = [...new Set(cells.map((c) => c.group))];
    // Each map has its own axes: the groups need not share a grid (SGD at one lr, say).
    const axis = (g, k) => [...new Set(cells.filter((c) => c.group === g).map((c) => c[k]))].sort((a, b) => a - b);
    const finite = cells.map((c) => c.value).filter((v) => Number.isFinite(v) && v > 0);
    if (!finite.length) return;
    const lo = Math.log(Math.min(...finite)), hi = Math.log(Math.max(...finite));
    const widest = Math.max(...groups.map((g) => axis(g, 'x').length));
    const cw = Math.max(40, Math.min(64, Math.floor((this.container.clientWidth - 80) / groups.length / widest) - 14)), ch = 28;
    const what = `${m.of}${m.tail ? ` (mean of the last ${Math.round(m.tail * 100)}%)` : ' (final)'}`;
    const margin = { l: 58, t: 22, b: 34 };
    this.canvases = groups.map((g) => {
      const xs = axis(g, 'x'), ys = axis(g, 'y');
      const canvas = h('canvas', { width: margin.l + cw * xs.length + 8, height: margin.t + ch * ys.length + margin.b });
      const ctx = canvas.getContext('2d');
      ctx.fillStyle = cssVar('--panel') || '#fff';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.font = '11px system-ui, sans-serif';
      ctx.textAlign = 'center';
      ctx.fillStyle = cssVar('--fg') || '#000';
      ctx.fillText(`${m.group_by ? `${g}: ` : ''}${what}`, canvas.width / 2, 14);
      for (const c of cells.filter((q) => q.group === g)) {
        const col = xs.indexOf(c.x), row = ys.length - 1 - ys.indexOf(c.y);
        const x0 = margin.l + col * cw, y0 = margin.t + row * ch;
        const t = Number.isFinite(c.value) && c.value > 0 && hi > lo ? (Math.log(c.value) - lo) / (hi - lo) : 1;
        const rgb = Number.isFinite(c.value) ? heat(t) : [150, 150, 150];
        ctx.fillStyle = `rgb(${rgb.join(',')})`;
        ctx.fillRect(x0, y0, cw - 2, ch - 2);
        ctx.fillStyle = t > 0.6 ? '#000' : '#fff';
        ctx.fillText(fmt(c.value), x0 + cw / 2 - 1, y0 + ch / 2 + 3, cw - 4);
      }
      ctx.fillStyle = cssVar('--muted') || '#555';
      xs.forEach((x, k) => ctx.fillText(String(x), margin.l + k * cw + cw / 2 - 1, margin.t + ch * ys.length + 12, cw - 2));
      ctx.fillText(m.x, margin.l + (cw * xs.length) / 2, margin.t + ch * ys.length + 28);
      ctx.textAlign = 'right';
      ys.forEach((y, k) => ctx.fillText(String(y), margin.l - 4, margin.t + (ys.length - 1 - k) * ch + ch / 2 + 3));
      ctx.save();
      ctx.translate(10, margin.t + (ch * ys.length) / 2);
      ctx.rotate(-Math.PI / 2);
      ctx.textAlign = 'center';
      ctx.fillText(m.y, 0, 0);
      ctx.restore();
      return canvas;
    });
    this.body.replaceChildren(...this.canvases.map((c) => h('figure', {}, c)));
    this.legend.textContent = `Each cell is one run: its ${what} (dark = low, on a log scale shared by the maps; × = diverged). While the race runs, the values so far.`;
  }
}

// A canvas with a square plot area and room for tick labels.
function framed(size) {
  const m = { l: 44, r: 10, t: 6, b: 20 };
  const canvas = h('canvas', { width: size + m.l + m.r, height: size + m.t + m.b });
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = cssVar('--panel') || '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  return { canvas, ctx, box: { x: m.l, y: m.t, w: size, h: size } };
}

function axes(ctx, box, [x0, x1], [y0, y1]) {
  const t = (v) => String(Number(v.toPrecision(2)));
  ctx.fillStyle = cssVar('--muted') || '#555';
  ctx.font = '11px system-ui, sans-serif';
  ctx.textAlign = 'center';
  for (let k = 0; k <= 2; ++k) ctx.fillText(t(x0 + (k / 2) * (x1 - x0)), box.x + (k / 2) * box.w, box.y + box.h + 14);
  ctx.textAlign = 'right';
  for (let k = 0; k <= 2; ++k) ctx.fillText(t(y0 + (k / 2) * (y1 - y0)), box.x - 4, box.y + box.h - (k / 2) * box.h + 4);
}
