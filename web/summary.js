// A plain-text table of a result's runs for the terminal: where each run ended and
// what it cost, including the matrix work of curvature methods (K-FAC, natural
// gradient, ...), so runs can be compared at equal compute as well as equal steps.
'use strict';

const last = (a) => (Array.isArray(a) && a.length ? a[a.length - 1] : null);

function formatNumber(x, digits = 4) {
  if (x === null || x === undefined) return '-';
  if (typeof x !== 'number' || !Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const abs = Math.abs(x);
  return abs >= 1e5 || abs < 1e-3 ? x.toExponential(2) : x.toPrecision(digits);
}

// GFLOP with three significant digits, "-" for none.
const gflop = (x) => (x ? formatNumber(x / 1e9, 3) : '-');

function summaryRows(result) {
  return result.runs.map((run) => ({
    run: run.label,
    status: run.status === 'diverged' ? `diverged@${run.diverged_at}` : run.status,
    'final loss': formatNumber(last(run.loss)),
    'test acc': formatNumber(last(run.metrics && run.metrics.test_accuracy), 3),
    steps: String(last(run.step)),
    fpe: formatNumber(last(run.fpe), 3),
    'curvature GFLOP': gflop(last(run.curvature_flops)),
    'total GFLOP': gflop(last(run.flops)),
  }));
}

function formatSummary(result) {
  const rows = summaryRows(result);
  if (!rows.length) return '';
  const headers = Object.keys(rows[0]);
  const widths = headers.map((h) => Math.max(h.length, ...rows.map((r) => String(r[h]).length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(headers.map((h) => r[h])))].join('\n') + '\n';
}

module.exports = { formatSummary };
