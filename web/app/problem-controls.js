// The problem panel: which problem, the model (hidden widths and activation), batch
// size, steps, recording interval and seed. Every change here defines a new
// experiment, so it reports onChange(patch) and the page resets.
import { h, field, option } from './dom.js';
import { PROBLEMS, familyOf, problemEntryId } from './catalogue.js';

const ACTIVATIONS = ['tanh', 'relu', 'sigmoid', 'gelu', 'identity'];

function parseWidths(text) {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  const widths = parts.map(Number);
  if (widths.some((w) => !Number.isInteger(w) || w < 1)) return null;
  return widths;
}

export function hiddenOf(model) {
  if (!model) return [];
  if (model.hidden) return model.hidden;
  return Array.isArray(model.sizes) ? model.sizes.slice(1, -1) : [];
}

export function buildProblemControls(container, { spec, available, budget, onProblem, onChange, onError }) {
  const family = familyOf(spec.problem);
  const id = problemEntryId(spec.problem);
  const problems = PROBLEMS.filter((p) => available.has(p.id));
  const select = h('select', {},
    problems.map((p) => option(p.id, p.label, p.id === id)),
    id === 'custom' ? option('custom', spec.problem && spec.problem.kind === 'csv' ? 'Your CSV data' : 'Custom (from the spec)', true) : null);
  select.addEventListener('change', () => {
    const entry = PROBLEMS.find((p) => p.id === select.value);
    if (entry) onProblem(entry);
  });
  const rows = [...field('problem', select, 'What the runs minimise')];

  if (family !== 'function' && spec.model) {
    const model = spec.model;
    const hidden = h('input', { type: 'text', value: hiddenOf(model).join(', '), inputmode: 'numeric', disabled: model.kind !== 'mlp' });
    hidden.addEventListener('change', () => {
      const widths = parseWidths(hidden.value);
      if (!widths) { onError('model.sizes: hidden widths must be whole numbers ≥ 1, separated by commas'); return; }
      onChange((s) => { s.model.sizes = [s.model.sizes[0], ...widths, s.model.sizes[s.model.sizes.length - 1]]; });
    });
    rows.push(...field('hidden layers', hidden, 'Widths of the hidden layers, e.g. "16, 16" (MLP only)'));
    if (model.kind === 'mlp') {
      const act = typeof model.activation === 'string' ? model.activation : 'tanh';
      const activation = h('select', {}, ACTIVATIONS.map((a) => option(a, a, a === act)));
      activation.addEventListener('change', () => onChange((s) => { s.model.activation = activation.value; }));
      rows.push(...field('activation', activation, 'Non-linearity of the hidden layers'));
    } else {
      rows.push(h('span', { class: 'help wide', text: `model: ${model.kind} (edit it in the spec below)` }));
    }
  }

  // An empty box removes the key (steps under a budget: no cap but the budget).
  const number = (key, label, help, min, fallback) => {
    const shown = spec[key] !== undefined ? String(spec[key]) : key === 'steps' && spec.budget ? '' : String(fallback);
    const input = h('input', { type: 'number', min: String(min), step: '1', value: shown, placeholder: key === 'steps' ? 'no cap' : '' });
    input.addEventListener('change', () => {
      const v = Number(input.value);
      onChange((s) => { if (input.value === '' || (v === fallback && key !== 'steps')) delete s[key]; else s[key] = v; });
    });
    rows.push(...field(label, input, help));
  };
  number('steps', 'steps', 'Number of updates for every run (a cap when a budget is set)', 0, 100);
  if (budget || spec.budget) number('budget', 'budget (fpe)', 'Optional compute per run in forward-pass equivalents per example (a backward pass counts as two); 0 = none, runs stop at equal compute', 0, 0);
  if (family !== 'function') number('batch_size', 'batch size', 'Examples per minibatch; 0 = the whole training set', 0, 0);
  number('record_every', 'record every', 'Record the curves every this many steps (full-dataset loss is costly on MNIST)', 1, 1);
  number('seed', 'seed', 'The initial point and the minibatch order follow from the seed', 0, 0);

  container.replaceChildren(...rows);
}
