// Your own data: a CSV dropped on the page (or chosen with the file picker, which
// keeps it keyboard operable) becomes a problem of kind "csv" whose text the core's
// loader parses. Its errors (line and column) are shown in the page by the caller.
const MAX_BYTES = 20 * 1024 * 1024;

export function csvProblem(text) {
  return { kind: 'csv', text };
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
