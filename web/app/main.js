// The playground page: wires the worker, the controls, the plots and the URL. The
// experiment spec (the same JSON the CLI runs) is the page's state; page-only
// settings (colours, axes) sit beside it in `ui`.
import { Trainer } from './worker-client.js';
import { SeriesStore } from './series.js';
import { Charts, X_AXES } from './plots.js';
import { ProblemView } from './views.js';
import { RunCard } from './run-controls.js';
import { buildProblemControls } from './problem-controls.js';
import { LessonPlots } from './lesson-plots.js';
import { PRESETS, PROBLEMS, LESSONS, FAMILY_DEFAULTS, familyOf, scheduleChoices, setCoreFacts, budgetSupported } from './catalogue.js';
import { encodeState, decodeState, readFlags, encodeJson } from './url-state.js';
import { colorHex, nextFreeColor } from './palette.js';
import { initTheme } from './theme.js';
import { downloadCsv, downloadJson, resultFromStore, composePng, downloadCanvas, stitch } from './exporting.js';
import { setupDrop, csvProblem } from './importing.js';
import { h, option } from './dom.js';

const $ = (id) => document.getElementById(id);
const clone = (v) => JSON.parse(JSON.stringify(v));

const app = {
  spec: null, ui: { colors: [], x: 'step', log: true, smoothing: 0, showTest: true },
  registry: [], version: '', info: null, playing: false, loaded: false, lost: null,
  availableProblems: new Set(), cards: [], notes: {}, loads: 0,
};
const store = new SeriesStore();
const flags = readFlags(location.search);
let trainer, charts, view, lessonPlots;
let readyResolve;
const ready = new Promise((r) => { readyResolve = r; });

// ---------- errors and notices, always in the page ----------
// One line per violation ("path: rule"), as text nodes: user strings never become HTML.
function showError(e, context) {
  const message = typeof e === 'string' ? e : e.message;
  const lines = String(message).split('\n').filter(Boolean);
  $('errors').replaceChildren(...lines.map((text) => {
    const cut = text.indexOf(': ');
    return h('div', {}, context ? `${context}: ` : '',
      cut > 0 ? h('span', { class: 'field', text: text.slice(0, cut) }) : null, cut > 0 ? text.slice(cut) : text);
  }));
}
function showNotice(text) { $('errors').replaceChildren(h('div', { text })); }
function clearErrors() { $('errors').replaceChildren(); }

// ---------- spec preparation ----------
function uniqueLabels(runs) {
  const used = new Set();
  runs.forEach((run) => {
    if (!run || typeof run !== 'object') return;
    let label = run.label || run.optimizer;
    if (used.has(label)) {
      let k = 2;
      while (used.has(`${run.optimizer} ${k}`)) k += 1;
      label = `${run.optimizer} ${k}`;
      run.label = label;
    }
    used.add(label);
  });
}

// Input and output sizes of the problem, from the core's problemInfo when it has one.
async function problemShape(spec) {
  const base = { seed: spec.seed || 0, problem: spec.problem, steps: 0, runs: [{ optimizer: app.registry[0].name }] };
  for (const extra of [{ model: { kind: 'logistic' } }, { model: { kind: 'linear' }, loss: 'mse' }]) {
    try {
      const { info } = await trainer.probe({ ...base, ...extra });
      if (info) {
        const inputs = (info.input_shape || [1]).reduce((a, b) => a * b, 1);
        return { inputs, outputs: info.task === 'classification' ? info.classes : info.outputs || info.classes || 1 };
      }
      break;
    } catch (e) { /* try the next model kind */ }
  }
  const p = spec.problem;
  if (p && p.kind === 'inline' && Array.isArray(p.x) && p.x.length) {
    const classify = p.task !== 'regression';
    const outputs = classify ? Math.max(...p.y) + 1 : (Array.isArray(p.y[0]) ? p.y[0].length : 1);
    return { inputs: p.x[0].length, outputs };
  }
  return null;
}

async function prepare(input) {
  const spec = clone(input);
  const notes = [];
  // Anything but an object with a list of runs goes to the core as it is, for its error.
  if (!spec || typeof spec !== 'object' || !Array.isArray(spec.runs)) return { spec, notes };
  const names = new Set(app.registry.map((o) => o.name));
  // Runs of optimizers this build lacks (a link from a newer build) are left out with a
  // note; a name of the wrong type is the core's to report.
  const missing = spec.runs.filter((r) => r && typeof r.optimizer === 'string' && !names.has(r.optimizer));
  if (missing.length && missing.length < spec.runs.length) {
    spec.runs = spec.runs.filter((r) => !missing.includes(r));
    notes.push(`Left out ${missing.map((r) => `"${r.optimizer}"`).join(', ')}: not in this build of the core.`);
  }
  const model = spec.model;
  if (model && model.hidden) {
    const shape = await problemShape(spec);
    const { hidden, ...rest } = model;
    spec.model = { ...rest, sizes: shape ? [shape.inputs, ...hidden, shape.outputs] : hidden };
  }
  uniqueLabels(spec.runs);
  return { spec, notes };
}

// ---------- loading an experiment ----------
function runMeta() {
  return app.spec.runs.map((r, i) => ({ label: r.label || r.optimizer, color: colorHex(app.ui.colors[i]) }));
}

function ensureColors(n) {
  const colors = app.ui.colors.slice(0, n);
  while (colors.length < n) colors.push(nextFreeColor(colors));
  app.ui.colors = colors;
}

async function updateUrl() {
  const hash = await encodeState(app.spec, { ...app.ui });
  history.replaceState(null, '', `${location.pathname}${location.search}${hash}`);
}

// After a load the link follows once the page is idle: history.replaceState takes tens
// of milliseconds in Chromium, and the first curve points should not wait for it.
let urlUpdateQueued = false;
function updateUrlWhenIdle() {
  if (urlUpdateQueued) return;
  urlUpdateQueued = true;
  requestIdleCallback(() => { urlUpdateQueued = false; updateUrl(); }, { timeout: 250 });
}

// Validates, then makes `spec` the page's experiment. On error the previous
// experiment stays and the message is shown.
async function load(input, { play = false, notes = [], preset = '', lesson = null } = {}) {
  let prepared;
  try {
    prepared = await prepare(input);
  } catch (e) {
    showError(e);
    return false;
  }
  const { spec } = prepared;
  const error = await trainer.validate(spec).catch((e) => e.message);
  if (error) { showError(error, 'This experiment cannot run'); renderSpecText(spec); return false; }
  const allNotes = [...notes, ...prepared.notes];
  if (allNotes.length) showNotice(allNotes.join(' ')); else clearErrors();
  app.spec = spec;
  app.loads += 1;
  $('preset').value = preset;
  showLesson(lesson);
  lessonPlots.setLesson(lesson, spec);
  ensureColors(spec.runs.length);
  app.notes = {};
  app.loaded = false;
  app.lost = null;
  store.reset(spec.runs.length);
  store.steps = spec.steps;
  setPlaying(play);
  trainer.load(spec, play);
  // The plots first: they read styles and sizes, which is cheap before the controls
  // below change the page and costly after.
  charts.setRuns(runMeta());
  renderControls();
  renderSpecText(spec);
  renderStatus();
  updateUrlWhenIdle();
  return true;
}

function reload(play = app.playing) {
  return load(app.spec, { play, preset: $('preset').value, lesson: LESSONS.find((l) => l.id === $('lesson').value) });
}

// The lesson's title, lecture and paragraphs beside the plots (text nodes only: strict CSP).
function showLesson(lesson) {
  const box = $('lesson-text');
  $('lesson').value = lesson ? lesson.id : '';
  box.hidden = !lesson;
  if (!lesson) { box.replaceChildren(); return; }
  box.replaceChildren(h('h2', { text: lesson.title }), ...lesson.text.map((t) => h('p', { text: t })),
    h('p', { class: 'lesson-source', text: `Lecture: ${lesson.lecture}. Checked headless by: npx optzoo lessons check ${lesson.id}` }));
}

// ---------- rendering ----------
// Indented JSON with every list of plain numbers kept on one line (inline data
// would otherwise take a line per number).
function specText(spec) {
  return JSON.stringify(spec, null, 1).replace(/\[[\s\d.eE+,-]*\]/g, (m) => m.replace(/\s+/g, ''));
}
function renderSpecText(spec) { $('spec-text').value = specText(spec); }

function renderStatus() {
  const done = store.stepsDone, spec = app.spec || {};
  $('progress').max = 1;
  $('progress').value = store.finished && app.loaded ? 1 : store.progress || 0;
  const of = spec.budget ? ` · ${Math.round(100 * (store.progress || 0))}% of the budget` : ` / ${spec.steps}`;
  const hint = store.finished && app.loaded ? ' · finished' : done === 0 && !app.playing ? ' · press Play' : '';
  $('status').textContent = `step ${done}${of}${hint}`;
}

function setPlaying(on) {
  app.playing = on;
  if (app.spec) renderStatus();
  $('play').textContent = on ? 'Pause' : 'Play';
  $('play').setAttribute('aria-pressed', String(on));
}

function renderControls() {
  buildProblemControls($('problem-controls'), {
    spec: app.spec,
    available: app.availableProblems,
    budget: budgetSupported,
    onProblem: (entry) => switchProblem(entry.problem),
    onChange: (patch) => { const s = clone(app.spec); patch(s); load(s, { play: app.playing }); },
    onError: (m) => showError(m),
  });
  const canRemove = app.spec.runs.length > 1;
  app.cards = app.spec.runs.map((run, index) => new RunCard({
    index, run: clone(run), color: app.ui.colors[index], registry: app.registry, schedules: scheduleChoices(app.spec.steps), canRemove,
    onChange: runChanged, onRemove: removeRun, onColor: colorChanged,
  }));
  $('runs').replaceChildren(...app.cards.map((c) => c.el));
  app.cards.forEach((c, i) => { const r = store.runs[i]; if (r) c.setStatus(r.status, r.divergedAt, app.notes[i]); });
}

// The x-axis choices the recorded columns allow (steps always).
let xKeys = '';
function updateXChoices() {
  const keys = store.keys().join('|');
  if (keys === xKeys) return;
  xKeys = keys;
  for (const o of $('x-axis').options) o.disabled = o.value !== 'step' && !store.hasAny(o.value);
}

// Plot option controls show app.ui (after a link or preset set it).
function syncPlotOptions() {
  $('x-axis').value = app.ui.x;
  $('y-scale').value = app.ui.log ? 'log' : 'linear';
  $('smoothing').value = String(app.ui.smoothing);
  $('smoothing-value').textContent = Number(app.ui.smoothing).toFixed(2);
  $('show-test').checked = app.ui.showTest;
}

let frameRequested = false;
function redraw() {
  if (frameRequested) return;
  frameRequested = true;
  requestAnimationFrame(() => {
    frameRequested = false;
    updateXChoices();
    charts.refresh();
    view.update(store.finished);
    lessonPlots.update(store.finished);
    renderStatus();
    app.cards.forEach((c, i) => { const r = store.runs[i]; if (r) c.setStatus(r.status, r.divergedAt); });
  });
}

// ---------- user actions ----------
async function switchProblem(problem) {
  const family = familyOf(problem);
  const d = FAMILY_DEFAULTS[family];
  const s = clone(app.spec);
  s.problem = clone(problem);
  if (d.model) {
    const hidden = s.model && s.model.kind === 'mlp' && familyOf(app.spec.problem) === family ? s.model.sizes.slice(1, -1) : d.model.hidden;
    s.model = { kind: 'mlp', hidden, activation: d.model.activation };
    s.loss = undefined;
  } else {
    delete s.model;
    delete s.loss;
  }
  if (s.loss === undefined) delete s.loss;
  s.batch_size = d.batch_size;
  s.steps = d.steps;
  if (d.record_every > 1) s.record_every = d.record_every; else delete s.record_every;
  return load(s, { play: false });
}

function runChanged(index, run, { structural }) {
  const s = clone(app.spec);
  s.runs[index] = clone(run);
  if (structural || !app.loaded) { load(s, { play: app.playing }); return; }
  uniqueLabels(s.runs);
  trainer.update(index, s.runs[index]).then(({ step }) => {
    app.spec = s;
    app.notes[index] = step > 0 ? `changed at step ${step}; Reset replays the run from step 0 with the new settings` : '';
    app.cards[index].setStatus(store.runs[index].status, store.runs[index].divergedAt, app.notes[index]);
    clearErrors();
    charts.setRuns(runMeta());
    view.setRuns(runMeta());
    renderSpecText(s);
    updateUrl();
  }, (e) => showError(e));
}

function removeRun(index) {
  const s = clone(app.spec);
  s.runs.splice(index, 1);
  app.ui.colors.splice(index, 1);
  load(s, { play: app.playing });
}

function addRun() {
  const s = clone(app.spec);
  const used = new Set(s.runs.map((r) => r.optimizer));
  const pick = ['adam', 'nero', 'rmsprop', 'sgd'].find((n) => !used.has(n) && app.registry.some((o) => o.name === n)) || app.registry[0].name;
  s.runs.push({ optimizer: pick });
  load(s, { play: app.playing });
}

function colorChanged(index, color) {
  app.ui.colors[index] = color;
  charts.setRuns(runMeta());
  view.setRuns(runMeta());
  updateUrl();
}

function togglePlay() {
  if (!app.spec) return;
  if (app.playing) { trainer.pause(); setPlaying(false); return; }
  if (store.finished || app.lost) { reload(true); return; }
  trainer.play();
  setPlaying(true);
}

function reseed() {
  const s = clone(app.spec);
  s.seed = crypto.getRandomValues(new Uint32Array(1))[0];
  load(s, { play: app.playing });
}

async function showShare(label, text) {
  $('share-label').textContent = label;
  $('share-text').value = text;
  $('share-box').hidden = false;
  $('share-text').focus();
  $('share-text').select();
  try { await navigator.clipboard.writeText(text); $('share-label').textContent = `${label} (copied to the clipboard)`; } catch (e) { /* the box is there to copy by hand */ }
}

function embedCode() {
  const base = new URL('.', location.href).href;
  return `<script src="${base}embed.js"></script>\n<optzoo-playground spec="${encodeJson(app.spec)}" hide="spec,data"></optzoo-playground>`;
}

async function exportJson() {
  if (app.lost) {
    const stopped = `the training worker stopped at step ${app.lost.step}: ${app.lost.message}`;
    downloadJson(app.spec, resultFromStore(store), app.version, { stopped });
    return;
  }
  try {
    const result = await trainer.view('result');
    downloadJson(app.spec, result, app.version);
  } catch (e) { showError(e, 'Export'); }
}

function exportPng(chart) {
  if (!chart.plot) return;
  const series = chart.plot.series.slice(1).map((s) => ({ label: s.label, color: s.stroke(), dash: s.dash }));
  downloadCanvas(composePng(chart.plot.ctx.canvas, chart.title, series), `optzoo-${chart.id}.png`);
}

function exportViewPng() {
  if (!view.canvases || !view.canvases.length) return;
  downloadCanvas(composePng(stitch(view.canvases), view.heading.textContent, runMeta()), 'optzoo-view.png');
}

async function importCsv(text, name) {
  const s = clone(app.spec);
  s.problem = csvProblem(text);
  const d = FAMILY_DEFAULTS.csv;
  s.model = { kind: 'mlp', hidden: d.model.hidden, activation: d.model.activation };
  delete s.loss;
  s.batch_size = d.batch_size;
  delete s.record_every;
  const ok = await load(s, { play: false });
  if (ok) showNotice(`Loaded ${name}: press Play to train on it.`);
  else { const box = $('errors'); box.prepend(h('div', { text: `${name} was not loaded.` })); }
}

// ---------- start-up ----------
// Every problem the core lists, except real datasets whose packed file this server
// lacks (checked by a HEAD request, not by loading 10 MB).
async function availableProblems() {
  const present = await Promise.all(PROBLEMS.map(async (p) => {
    if (!p.data) return true;
    const r = await fetch(`dist/data/${p.data}`, { method: 'HEAD' }).catch(() => null);
    return !!(r && r.ok);
  }));
  return new Set(PROBLEMS.filter((p, i) => present[i]).map((p) => p.id));
}

function presetUsable(preset) {
  return preset.spec.problem.kind === 'inline' || app.availableProblems.has(PROBLEMS.find((p) => p.problem.name === preset.spec.problem.name)?.id);
}

function fillPresets(selected) {
  const select = $('preset');
  select.replaceChildren(option('', '— choose a preset —', !selected),
    ...PRESETS.map((p) => { const o = option(p.id, p.label, p.id === selected); o.disabled = !presetUsable(p); return o; }));
}

function fillLessons() {
  $('lesson').replaceChildren(option('', '— choose a lesson —', true), ...LESSONS.map((l) => option(l.id, l.title, false)));
}

async function loadLesson(id, play = false) {
  const lesson = LESSONS.find((l) => l.id === id);
  if (!lesson) { showError(`lesson: "${id}" is not a lesson (${LESSONS.map((l) => l.id).join(', ')})`); return false; }
  app.ui.colors = [];
  app.ui.x = lesson.x || 'step';
  syncPlotOptions();
  return load(lesson.spec, { play, lesson });
}

async function loadPreset(id, play = false) {
  const preset = PRESETS.find((p) => p.id === id);
  if (!preset) { showError(`preset: "${id}" is not a preset (${PRESETS.map((p) => p.id).join(', ')})`); return false; }
  app.ui.colors = [];
  if (preset.ui) Object.assign(app.ui, preset.ui);
  syncPlotOptions();
  return load(preset.spec, { play, preset: id });
}

function applyFlags() {
  document.body.classList.toggle('embed', flags.embed);
  document.body.dataset.hide = [...flags.hide].join(' ');
  // Without the settings panels the plots take the full width (play buttons above).
  document.body.classList.toggle('no-settings', ['problem', 'runs', 'data'].every((r) => flags.hide.has(r)));
  if (flags.embed) {
    const link = $('open-full');
    link.hidden = false;
    link.addEventListener('click', () => { link.href = `./${location.hash}`; });
  }
}

function wire() {
  $('play').addEventListener('click', togglePlay);
  $('step').addEventListener('click', async () => {
    if (app.lost && !(await reload(false))) return;
    if (!store.finished) { trainer.step(1); setPlaying(false); }
  });
  $('reset').addEventListener('click', () => reload(false));
  $('reseed').addEventListener('click', reseed);
  $('add-run').addEventListener('click', addRun);
  $('preset').addEventListener('change', () => { if ($('preset').value) loadPreset($('preset').value); });
  $('lesson').addEventListener('change', () => { if ($('lesson').value) loadLesson($('lesson').value); });
  $('copy-link').addEventListener('click', async () => {
    await updateUrl();
    // A link holds settings, not history: a mid-run change replays from step 0.
    const changed = Object.values(app.notes).some(Boolean);
    showShare(changed ? 'Link to this experiment (it runs the changed settings from step 0)' : 'Link to this experiment', location.href);
  });
  $('copy-embed').addEventListener('click', () => showShare('Embed code for a course page', embedCode()));
  $('share-close').addEventListener('click', () => { $('share-box').hidden = true; });
  $('spec-apply').addEventListener('click', () => {
    let spec;
    try { spec = JSON.parse($('spec-text').value); } catch (e) { showError(`spec: is not valid JSON (${e.message})`); return; }
    app.ui.colors = app.ui.colors.slice(0, spec && Array.isArray(spec.runs) ? spec.runs.length : 0);
    load(spec, { play: false });
  });
  $('export-csv').addEventListener('click', () => downloadCsv(store));
  $('export-json').addEventListener('click', exportJson);
  view.png.addEventListener('click', exportViewPng);
  charts.onPng = exportPng;

  const xSel = $('x-axis');
  xSel.replaceChildren(...X_AXES.map((a) => option(a.key, a.label, a.key === app.ui.x)));
  xSel.addEventListener('change', () => { app.ui.x = xSel.value; charts.refresh(true); updateUrl(); });
  $('y-scale').addEventListener('change', () => { app.ui.log = $('y-scale').value === 'log'; charts.refresh(true); updateUrl(); });
  $('smoothing').addEventListener('input', () => {
    app.ui.smoothing = Number($('smoothing').value);
    $('smoothing-value').textContent = app.ui.smoothing.toFixed(2);
    charts.refresh();
  });
  $('smoothing').addEventListener('change', updateUrl);
  syncPlotOptions();
  $('show-test').addEventListener('change', () => { app.ui.showTest = $('show-test').checked; charts.refresh(true); updateUrl(); });

  setupDrop({ zone: $('dropzone'), input: $('csv-file'), target: document.body, onText: importCsv, onError: (m) => showError(m) });

  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.target.closest('input, select, textarea, button, a, [role="button"]')) return;
    if (e.key === ' ') { e.preventDefault(); togglePlay(); }
    else if (e.key === 's' || e.key === 'S') $('step').click();
    else if (e.key === 'r' || e.key === 'R') $('reset').click();
  });
}

function startTrainer() {
  trainer = new Trainer({
    loaded(m) {
      app.loaded = true;
      app.info = m.info;
      view.setProblem(m.info, runMeta());
    },
    points(m) {
      store.accept(m);
      if (!m.playing && app.playing) setPlaying(false);
      redraw();
    },
    error(m) {
      setPlaying(false);
      if (m.restart) workerLost(m.message);
      else showError(m.message);
    },
    fatal: workerLost,
  });
}

// The worker's module ran out of memory or stopped: a fresh worker takes over, while the
// spec and the curves so far stay on the page and can still be exported. Play or Step
// starts the experiment again from step 0.
function workerLost(message) {
  setPlaying(false);
  app.lost = { step: store.stepsDone, message };
  trainer.stop();
  startTrainer();
  trainer.init().catch((e) => showError(e, 'The optimizer core could not start'));
  showError(`${message}\nThe training worker was restarted. The curves so far are kept and can be exported; Play starts again from step 0.`);
}

async function main() {
  applyFlags();
  startTrainer();
  charts = new Charts($('cards'), store, app.ui);
  view = new ProblemView($('cards'), { view: (...a) => trainer.view(...a), get gen() { return trainer.gen; } }, store);
  $('cards').insertBefore(view.el, charts.charts[1].el); // the picture right under the loss curves
  lessonPlots = new LessonPlots($('cards'), { view: (...a) => trainer.view(...a), get gen() { return trainer.gen; } }, store, runMeta);
  initTheme($('theme'), new URLSearchParams(location.search).get('theme'), () => {
    charts.themeKey += 1;
    charts.refresh(true);
    view.update(true);
    if (app.spec) renderControls();
  });
  let state = {};
  try {
    const init = await trainer.init();
    app.registry = Array.isArray(init.registry) ? init.registry : init.registry.optimizers;
    setCoreFacts(init);
    app.problems = init.problems.problems;
    app.catalogue = init.catalogue;
    app.version = init.version;
    $('version').textContent = `optzoo ${init.version}${init.simd ? ' (wasm SIMD)' : ''}`;
  } catch (e) {
    showError(e, 'The optimizer core could not start');
    $('status').textContent = 'not loaded';
    return;
  }
  try { state = await decodeState(location.hash); } catch (e) { showError(e); }
  applyUi(state.ui);
  wire();
  app.availableProblems = await availableProblems();
  fillPresets(state.preset || '');
  fillLessons();
  let ok = await loadState(state);
  if (!ok && !app.spec) {
    const first = PRESETS.find(presetUsable);
    const errorShown = $('errors').textContent;
    ok = await loadPreset(first.id, flags.autoplay);
    if (errorShown) $('errors').prepend(h('div', { text: errorShown }));
    $('preset').value = first.id;
  }
  // A share link pasted over this one changes only the fragment (updateUrl's own
  // replaceState fires no hashchange): load what it holds, or say why it cannot.
  window.addEventListener('hashchange', async () => {
    let next;
    try { next = await decodeState(location.hash); } catch (e) { showError(e); return; }
    applyUi(next.ui);
    await loadState(next);
  });
  readyResolve();
}

// The experiment a link holds ('spec' may be any JSON: the core says what is wrong).
function loadState(state) {
  if ('spec' in state) return load(state.spec, { play: flags.autoplay });
  if (state.preset) return loadPreset(state.preset, flags.autoplay);
  if (state.lesson) return loadLesson(state.lesson, flags.autoplay);
  return Promise.resolve(false);
}

// Page settings from a link: only known keys with the type they have here.
function applyUi(ui) {
  if (!ui || typeof ui !== 'object') return;
  for (const [key, value] of Object.entries(ui)) {
    const have = app.ui[key];
    if (!(key in app.ui) || typeof value !== typeof have || Array.isArray(value) !== Array.isArray(have)) continue;
    app.ui[key] = key === 'colors' ? value.filter(Number.isInteger) : value;
  }
}

// For the browser tests and for curious users in the console: the live state.
window.optzoo = { app, store, ready, load: (spec, play) => load(spec, { play }), loadPreset };
main();
