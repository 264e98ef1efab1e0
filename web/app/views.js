// Pictures of the problem itself, drawn from grids the core computes (Problem views
// in coord API): a contour map of a 2-D function with every run's trajectory, the
// decision boundary of each run on a 2-D dataset with the data points, and a grid
// of test images with each run's predictions. Each image is plain pixels from a
// grid, so a canvas is the right tool; the curves stay with uPlot.
import { h, uid } from './dom.js';
import { classColor, cssVar, hexToRgb } from './palette.js';

const CONTOUR_GRID = 200;
const BOUNDARY_GRID = 72;
const DIGITS = 24;

// Viridis-like ramp (perceptually uniform and colour-blind safe), 6 anchors.
const RAMP = [[68, 1, 84], [65, 68, 135], [42, 120, 142], [34, 168, 132], [122, 209, 81], [253, 231, 37]];
function ramp(t) {
  const s = Math.min(Math.max(t, 0), 1) * (RAMP.length - 1);
  const i = Math.min(Math.floor(s), RAMP.length - 2), f = s - i;
  return RAMP[i].map((c, k) => c + f * (RAMP[i + 1][k] - c));
}

// A canvas with room for axes around a square plot area.
function frame(size, margin) {
  const canvas = h('canvas', { width: size + margin.l + margin.r, height: size + margin.t + margin.b });
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = cssVar('--panel') || '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  return { canvas, ctx };
}

const tick = (v) => String(Number(v.toFixed(Math.abs(v) >= 10 ? 0 : 2)));

function drawAxes(ctx, b, box) {
  ctx.save();
  ctx.fillStyle = cssVar('--muted') || '#555';
  ctx.font = '11px system-ui, sans-serif';
  ctx.textAlign = 'center';
  for (let k = 0; k <= 4; ++k) {
    const fx = k / 4;
    ctx.fillText(tick(b[0] + fx * (b[1] - b[0])), box.x + fx * box.w, box.y + box.h + 14);
  }
  ctx.textAlign = 'right';
  for (let k = 0; k <= 4; ++k) {
    const fy = k / 4;
    ctx.fillText(tick(b[2] + fy * (b[3] - b[2])), box.x - 4, box.y + box.h - fy * box.h + 4);
  }
  ctx.restore();
}

// Grid values → image: log-spaced bands of the loss, with darker lines where the
// band changes, which reads as a contour plot.
function contourImage(values, nx, ny) {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  const levels = 18;
  const t = (v) => Math.log1p(Math.max(v - lo, 0)) / Math.log1p(Math.max(hi - lo, 1e-12));
  const band = new Int16Array(nx * ny);
  for (let i = 0; i < values.length; ++i) band[i] = Number.isFinite(values[i]) ? Math.min(levels - 1, Math.floor(t(values[i]) * levels)) : levels - 1;
  const img = new ImageData(nx, ny);
  for (let row = 0; row < ny; ++row)
    for (let col = 0; col < nx; ++col) {
      const i = row * nx + col;
      const edge = (col + 1 < nx && band[i + 1] !== band[i]) || (row + 1 < ny && band[i + nx] !== band[i]);
      const [r, g, b] = ramp((band[i] + 0.5) / levels).map((c) => (edge ? c * 0.55 : c));
      const o = ((ny - 1 - row) * nx + col) * 4; // row 0 is ymin: draw it at the bottom
      img.data[o] = r; img.data[o + 1] = g; img.data[o + 2] = b; img.data[o + 3] = 255;
    }
  return img;
}

function imageCanvas(img) {
  const c = h('canvas', { width: img.width, height: img.height });
  c.getContext('2d').putImageData(img, 0, 0);
  return c;
}

// One canvas per test image, drawn once per load. Pixels arrive normalised as the
// spec asks (unit, raw or standardised): the shown range maps onto white..black so
// every normalisation draws the same picture.
function imageTiles(images, count, H, W) {
  let lo = Infinity, hi = -Infinity;
  for (let p = 0; p < count * W * H; ++p) { lo = Math.min(lo, images[p]); hi = Math.max(hi, images[p]); }
  const inkScale = hi > lo ? 255 / (hi - lo) : 0;
  const tiles = [];
  for (let k = 0; k < count; ++k) {
    const img = new ImageData(W, H);
    for (let p = 0; p < W * H; ++p) {
      const v = 255 - Math.round(inkScale * (images[k * W * H + p] - lo));
      img.data[4 * p] = img.data[4 * p + 1] = img.data[4 * p + 2] = v; img.data[4 * p + 3] = 255;
    }
    tiles.push(imageCanvas(img));
  }
  return tiles;
}

export class ProblemView {
  constructor(container, trainer, store) {
    Object.assign(this, { container, trainer, store });
    this.runs = [];
    this.heading = h('h3', { id: uid('h'), text: 'Problem view' });
    this.png = h('button', { type: 'button', text: 'PNG', 'aria-label': 'Download the problem view as PNG' });
    this.body = h('div', { class: 'views' });
    this.legend = h('p', { class: 'legend-line' });
    this.el = h('section', { class: 'card wide', 'data-chart': 'view', 'aria-labelledby': this.heading.id, hidden: true },
      h('div', { class: 'card-head' }, this.heading, this.png), this.body, this.legend);
    container.append(this.el);
    this.busy = false;
    this.lastDraw = 0;
  }

  // Called after each load with the problem's info (null when the core has no views).
  async setProblem(info, runs) {
    this.info = info;
    this.runs = runs;
    this.kind = null;
    this.static = null;
    this.body.replaceChildren();
    this.legend.textContent = '';
    if (!info) { this.el.hidden = true; return; }
    if (info.task === 'function' && info.two_d) this.kind = 'contour';
    else if (info.two_d && info.task === 'classification') this.kind = 'boundary';
    else if (info.image) this.kind = 'digits';
    this.el.hidden = !this.kind;
    if (!this.kind) return;
    this.heading.textContent = { contour: 'Loss contours and trajectories', boundary: 'Decision boundaries', digits: 'Test images and predictions' }[this.kind];
    const gen = this.trainer.gen;
    try {
      const b = info.bounds;
      if (this.kind === 'contour') {
        const grid = await this.trainer.view('lossGrid', [b[0], b[1], b[2], b[3], CONTOUR_GRID, CONTOUR_GRID]);
        this.static = { image: imageCanvas(contourImage(grid, CONTOUR_GRID, CONTOUR_GRID)) };
      } else if (this.kind === 'boundary') {
        const [train, test] = await Promise.all([this.trainer.view('dataPoints', ['train', 400]), this.trainer.view('dataPoints', ['test', 200])]);
        this.static = { train, test };
      } else {
        const { images, labels } = await this.trainer.view('testImages', [0, DIGITS]);
        const [, H, W] = info.input_shape || [1, 28, 28];
        this.static = { tiles: imageTiles(images, DIGITS, H, W), labels };
      }
    } catch (e) {
      this.el.hidden = true;
      return;
    }
    if (gen !== this.trainer.gen) return;
    await this.update(true);
  }

  setRuns(runs) { this.runs = runs; this.update(true); }

  // Redraws at most every 300 ms while training; force for the final picture.
  async update(force = false) {
    if (!this.kind || !this.static || this.busy) return;
    const now = performance.now();
    if (!force && now - this.lastDraw < 300) return;
    this.busy = true;
    const gen = this.trainer.gen;
    try {
      if (this.kind === 'contour') this.drawContour();
      else if (this.kind === 'boundary') await this.drawBoundaries(gen);
      else await this.drawDigits(gen);
      this.lastDraw = performance.now();
    } catch (e) {
      // The experiment changed under the request; the next load redraws.
    } finally {
      this.busy = false;
    }
  }

  drawContour() {
    const size = Math.min(440, Math.max(260, this.container.clientWidth - 60));
    const m = { l: 44, r: 12, t: 10, b: 22 };
    const { canvas, ctx } = frame(size, m);
    const box = { x: m.l, y: m.t, w: size, h: size };
    const b = this.info.bounds;
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(this.static.image, box.x, box.y, box.w, box.h);
    drawAxes(ctx, b, box);
    const px = (x) => box.x + ((x - b[0]) / (b[1] - b[0])) * box.w;
    const py = (y) => box.y + box.h - ((y - b[2]) / (b[3] - b[2])) * box.h;
    ctx.save();
    ctx.beginPath(); ctx.rect(box.x, box.y, box.w, box.h); ctx.clip();
    if (this.info.minimum) {
      const [mx, my] = this.info.minimum;
      ctx.fillStyle = '#fff'; ctx.strokeStyle = '#000'; ctx.lineWidth = 1.5;
      ctx.beginPath(); ctx.arc(px(mx), py(my), 6, 0, 2 * Math.PI); ctx.fill(); ctx.stroke();
      ctx.beginPath(); ctx.moveTo(px(mx) - 4, py(my)); ctx.lineTo(px(mx) + 4, py(my)); ctx.moveTo(px(mx), py(my) - 4); ctx.lineTo(px(mx), py(my) + 4); ctx.stroke();
    }
    this.store.runs.forEach((run, i) => {
      const xy = run.trajectory.view();
      if (xy.length < 2) return;
      const color = this.runs[i] ? this.runs[i].color : '#000';
      // A dark halo under each coloured path keeps it visible on every band.
      for (const [stroke, width] of [['rgba(0,0,0,0.6)', 4.5], [color, 2.2]]) {
        ctx.strokeStyle = stroke; ctx.lineWidth = width; ctx.lineJoin = 'round';
        ctx.beginPath();
        ctx.moveTo(px(xy[0]), py(xy[1]));
        const stride = Math.max(1, Math.floor(xy.length / 2 / 4000));
        for (let k = 2; k < xy.length; k += 2 * stride) ctx.lineTo(px(xy[k]), py(xy[k + 1]));
        ctx.lineTo(px(xy[xy.length - 2]), py(xy[xy.length - 1]));
        ctx.stroke();
      }
      ctx.fillStyle = color; ctx.strokeStyle = '#000'; ctx.lineWidth = 1.5;
      ctx.beginPath(); ctx.arc(px(xy[xy.length - 2]), py(xy[xy.length - 1]), 5, 0, 2 * Math.PI); ctx.fill(); ctx.stroke();
    });
    const first = this.store.runs[0] && this.store.runs[0].trajectory.view();
    if (first && first.length >= 2) {
      ctx.fillStyle = '#fff'; ctx.strokeStyle = '#000';
      ctx.fillRect(px(first[0]) - 4, py(first[1]) - 4, 8, 8); ctx.strokeRect(px(first[0]) - 4, py(first[1]) - 4, 8, 8);
    }
    ctx.restore();
    this.body.replaceChildren(h('figure', {}, canvas, h('figcaption', { class: 'sr-only', text: 'Contours of the loss with the path of each run' })));
    this.canvases = [canvas];
    this.legend.textContent = 'Square: the shared start. Circle with a cross: the minimum. Dots: where each run is now. Bands are log-spaced loss levels (dark purple = low).';
  }

  async drawBoundaries(gen) {
    const b = this.info.bounds;
    const n = BOUNDARY_GRID;
    const grids = [];
    for (let i = 0; i < this.store.runs.length; ++i) grids.push(await this.trainer.view('predictGrid', [i, b[0], b[1], b[2], b[3], n, n]));
    if (gen !== this.trainer.gen) return;
    const K = Math.max(2, this.info.classes || 2);
    const size = Math.max(150, Math.min(240, Math.floor((this.container.clientWidth - 40) / Math.max(1, Math.min(this.store.runs.length, 3))) - 50));
    const m = { l: 40, r: 16, t: 6, b: 20 };
    const bg = hexToRgb(cssVar('--panel') || '#ffffff');
    const canvases = grids.map((probs) => {
      const img = new ImageData(n, n);
      for (let row = 0; row < n; ++row)
        for (let col = 0; col < n; ++col) {
          const cell = row * n + col;
          const rgb = [0, 0, 0];
          for (let k = 0; k < K; ++k) {
            const c = hexToRgb(classColor(k)), p = probs[cell * K + k];
            for (let j = 0; j < 3; ++j) rgb[j] += p * c[j];
          }
          const o = ((n - 1 - row) * n + col) * 4;
          for (let j = 0; j < 3; ++j) img.data[o + j] = 0.55 * rgb[j] + 0.45 * bg[j]; // lighter, so the points stand out
          img.data[o + 3] = 255;
        }
      const { canvas, ctx } = frame(size, m);
      const box = { x: m.l, y: m.t, w: size, h: size };
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(imageCanvas(img), box.x, box.y, box.w, box.h);
      drawAxes(ctx, b, box);
      const px = (x) => box.x + ((x - b[0]) / (b[1] - b[0])) * box.w;
      const py = (y) => box.y + box.h - ((y - b[2]) / (b[3] - b[2])) * box.h;
      for (const [set, hollow] of [[this.static.train, false], [this.static.test, true]]) {
        set.x.forEach((p, k) => {
          const c = classColor(set.y[k]);
          ctx.beginPath(); ctx.arc(px(p[0]), py(p[1]), 3.2, 0, 2 * Math.PI);
          ctx.fillStyle = hollow ? '#fff' : c; ctx.fill();
          ctx.lineWidth = hollow ? 1.6 : 1; ctx.strokeStyle = hollow ? c : '#000'; ctx.stroke();
        });
      }
      return canvas;
    });
    this.body.replaceChildren(...canvases.map((c, i) => {
      const meta = this.runs[i] || { label: `run ${i + 1}`, color: '#000' };
      return h('figure', {}, h('figcaption', { style: { color: meta.color }, text: `■ ${meta.label}` }), c);
    }));
    this.canvases = canvases;
    this.legend.textContent = 'Background: each run\'s predicted class (mixed by probability). Filled dots: training points; hollow dots: test points.';
  }

  async drawDigits(gen) {
    const preds = [];
    for (let i = 0; i < this.store.runs.length; ++i) preds.push(await this.trainer.view('predict', [i, 0, DIGITS]));
    if (gen !== this.trainer.gen) return;
    const [, H, W] = this.info.input_shape || [1, 28, 28];
    const { tiles, labels } = this.static;
    const cols = Math.max(4, Math.min(12, Math.floor((this.container.clientWidth - 30) / 64)));
    const scale = 2, cellW = 64, chip = 14;
    const cellH = H * scale + 16 + chip * Math.ceil(preds.length / 3);
    const rows = Math.ceil(DIGITS / cols);
    const canvas = h('canvas', { width: cols * cellW, height: rows * cellH });
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = cssVar('--panel') || '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    const fg = cssVar('--fg') || '#000';
    // Class names from the core (problem info); digits are their own names.
    const names = Array.isArray(this.info.class_names) ? this.info.class_names : [];
    const named = names.some((n, c) => n !== String(c));
    ctx.imageSmoothingEnabled = false;
    for (let k = 0; k < DIGITS; ++k) {
      const x0 = (k % cols) * cellW, y0 = Math.floor(k / cols) * cellH;
      ctx.drawImage(tiles[k], x0 + (cellW - W * scale) / 2, y0, W * scale, H * scale);
      ctx.fillStyle = fg; ctx.font = '11px system-ui, sans-serif'; ctx.textAlign = 'center';
      // Class names are too wide for "true: " in a 64 px cell; digits are not.
      const caption = named ? names[labels[k]] : `true: ${labels[k]}`;
      ctx.fillText(caption, x0 + cellW / 2, y0 + H * scale + 11, cellW - 4);
      preds.forEach((pred, i) => {
        const meta = this.runs[i] || { color: '#000' };
        const cx = x0 + 8 + (i % 3) * 18, cy = y0 + H * scale + 16 + Math.floor(i / 3) * chip;
        const wrong = pred[k] !== labels[k];
        ctx.fillStyle = meta.color; ctx.fillRect(cx, cy, 16, chip - 2);
        ctx.fillStyle = '#000'; ctx.font = 'bold 11px system-ui, sans-serif';
        ctx.fillText(String(pred[k]), cx + 8, cy + 10);
        if (wrong) { ctx.strokeStyle = '#000'; ctx.lineWidth = 1.5; ctx.beginPath(); ctx.moveTo(cx, cy + chip - 2); ctx.lineTo(cx + 16, cy); ctx.stroke(); }
      });
    }
    this.body.replaceChildren(h('figure', {}, canvas, h('figcaption', { class: 'sr-only', text: 'Test images with the class each run predicts' })));
    this.canvases = [canvas];
    const correct = preds.map((p) => p.filter((v, k) => v === labels[k]).length);
    this.legend.textContent = `Chips: each run's predicted class in its colour, struck through when wrong. Correct of ${DIGITS}: ` +
      this.runs.map((r, i) => `${r.label} ${correct[i]}`).join(', ') + '.' +
      (named ? ` Classes: ${names.map((name, c) => `${c} ${name}`).join(', ')}.` : '');
  }
}
