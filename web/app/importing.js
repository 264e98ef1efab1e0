// Your own data: a CSV dropped on the page (or chosen with the file picker, which
// keeps it keyboard operable) becomes a problem of kind "csv" whose text the core's
// loader parses. The page only picks the column to predict (the last one) and
// whether it is a class label or a regression target; every check on the file is
// the core's, and its errors (line and column) are shown in the page by the caller.
const MAX_BYTES = 20 * 1024 * 1024;

// The cells of one CSV line, honouring double quotes (RFC 4180) well enough to read
// a header and the last column; the core's reader is the one that decides.
function cells(line) {
  const out = [];
  let cur = '', quoted = false;
  for (let i = 0; i < line.length; ++i) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { cur += '"'; ++i; } else if (c === '"') quoted = false; else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { out.push(cur.trim()); cur = ''; } else cur += c;
  }
  out.push(cur.trim());
  return out;
}

export function csvProblem(text) {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines.length ? cells(lines[0]) : [''];
  const column = header[header.length - 1] || 'label';
  const last = lines.slice(1, 2001).map((l) => cells(l)).map((c) => c[c.length - 1]);
  const integers = last.every((v) => /^-?\d+$/.test(v));
  const problem = { kind: 'csv', text };
  if (integers) problem.label = column; else problem.target = column;
  if (lines.length > 40) problem.test_fraction = 0.2;
  return problem;
}

export function setupDrop({ zone, input, target, onText, onError }) {
  const read = (file) => {
    if (!file) return;
    if (file.size > MAX_BYTES) { onError(`${file.name}: is ${(file.size / 1048576).toFixed(1)} MB; the page takes CSV files up to 20 MB`); return; }
    file.text().then((text) => onText(text, file.name), (e) => onError(`${file.name}: could not be read (${e.message})`));
  };
  zone.addEventListener('click', () => input.click());
  zone.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); input.click(); }
  });
  input.addEventListener('change', () => { read(input.files[0]); input.value = ''; });
  // The whole page accepts drops, so a file never navigates away from the experiment.
  target.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('over'); });
  target.addEventListener('dragleave', (e) => { if (e.target === zone || !e.relatedTarget) zone.classList.remove('over'); });
  target.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    const file = e.dataTransfer && e.dataTransfer.files[0];
    if (file) read(file);
  });
}
