// Downloads: every recorded point as CSV (one row per run and point, one column per
// recorded quantity), the spec with the full result as JSON, and any plot as PNG.
import { download } from './dom.js';
import { cssVar } from './palette.js';

const FIRST = ['step', 'examples', 'fpe', 'forward_passes', 'backward_passes', 'flops', 'curvature_flops', 'wall_time', 'loss'];

function csvCell(v) {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'NaN';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function curvesCsv(store) {
  const keys = store.keys();
  const cols = [...FIRST.filter((k) => keys.includes(k)), ...keys.filter((k) => !FIRST.includes(k))];
  const lines = [['run', 'label', 'optimizer', 'status', ...cols].join(',')];
  store.runs.forEach((run, r) => {
    const data = cols.map((k) => run.col(k));
    for (let i = 0; i < run.length; ++i)
      lines.push([r, run.label, run.optimizer, run.status, ...data.map((c) => (c ? c[i] : NaN))].map(csvCell).join(','));
  });
  return `${lines.join('\n')}\n`;
}

// The result as far as the page has it, for when the worker that held the experiment
// is gone: every recorded column nested back into the core's shape ("metrics.test_loss"
// -> metrics.test_loss), with null where a value is not finite, as the core writes it.
export function resultFromStore(store) {
  return {
    runs: store.runs.map((run) => {
      const out = { label: run.label, optimizer: run.optimizer, status: run.status };
      if (run.divergedAt !== null && run.divergedAt !== undefined) out.diverged_at = run.divergedAt;
      for (const key of run.keys()) {
        const parts = key.split('.');
        let node = out;
        for (const part of parts.slice(0, -1)) node = node[part] = node[part] || {};
        node[parts[parts.length - 1]] = Array.from(run.col(key), (v) => (Number.isFinite(v) ? v : null));
      }
      return out;
    }),
  };
}

export function downloadCsv(store, name = 'optzoo-curves.csv') {
  download(name, new Blob([curvesCsv(store)], { type: 'text/csv' }));
}

// `extra`: more top-level fields (`stopped` for a result cut short).
export function downloadJson(spec, result, version, extra = {}, name = 'optzoo-experiment.json') {
  const doc = { optzoo: version, spec, result, ...extra };
  download(name, new Blob([`${JSON.stringify(doc, null, 1)}\n`], { type: 'application/json' }));
}

// A plot canvas on an opaque background, with a title above and a legend below
// (uPlot draws its legend as HTML, which a canvas export would lose).
export function composePng(source, title, legend = []) {
  const pad = 10, titleH = title ? 22 : 0, legendH = legend.length ? 18 * Math.ceil(legend.length / 3) + 6 : 0;
  const out = document.createElement('canvas');
  out.width = source.width + 2 * pad;
  out.height = source.height + 2 * pad + titleH + legendH;
  const ctx = out.getContext('2d');
  ctx.fillStyle = cssVar('--panel') || '#fff';
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.fillStyle = cssVar('--fg') || '#000';
  ctx.font = 'bold 14px system-ui, sans-serif';
  if (title) ctx.fillText(title, pad, pad + 14);
  ctx.drawImage(source, pad, pad + titleH);
  ctx.font = '12px system-ui, sans-serif';
  const colW = Math.floor((out.width - 2 * pad) / 3);
  legend.forEach((item, k) => {
    const x = pad + (k % 3) * colW, y = pad + titleH + source.height + 14 + 18 * Math.floor(k / 3);
    ctx.strokeStyle = item.color; ctx.lineWidth = 3;
    ctx.setLineDash(item.dash || []);
    ctx.beginPath(); ctx.moveTo(x, y - 4); ctx.lineTo(x + 20, y - 4); ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = cssVar('--fg') || '#000';
    ctx.fillText(item.label, x + 26, y);
  });
  return out;
}

export function downloadCanvas(canvas, name) {
  canvas.toBlob((blob) => download(name, blob), 'image/png');
}

// Several canvases side by side (the per-run decision boundaries) as one image.
export function stitch(canvases) {
  if (canvases.length === 1) return canvases[0];
  const gap = 8;
  const out = document.createElement('canvas');
  out.width = canvases.reduce((w, c) => w + c.width, 0) + gap * (canvases.length - 1);
  out.height = Math.max(...canvases.map((c) => c.height));
  const ctx = out.getContext('2d');
  let x = 0;
  for (const c of canvases) { ctx.drawImage(c, x, 0); x += c.width + gap; }
  return out;
}
