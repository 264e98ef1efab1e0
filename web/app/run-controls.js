// One card per run, built from the optimizer registry's schema: the optimizer, its
// hyperparameters (defaults, ranges and one line of documentation each), an
// optional schedule and a colour. A new optimizer in the core appears here without
// page changes. A card edits its run spec in place and reports every committed
// change through onChange(index, run, {structural}).
import { h, field, option, uid } from './dom.js';
import { OKABE_ITO, colorHex } from './palette.js';

function rangeMin(r) { return r && (r.min !== undefined ? r.min : r.gt); }
function rangeMax(r) { return r && (r.max !== undefined ? r.max : r.lt); }

function sameValue(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

// A paper reference as text, with any URL or arXiv id in it made a link.
function referenceNode(text) {
  const out = h('div', { class: 'ref' }, 'Reference: ');
  const re = /(https?:\/\/\S+)|arXiv:?\s?(\d{4}\.\d{4,5})/gi;
  let last = 0, m;
  while ((m = re.exec(text))) {
    out.append(text.slice(last, m.index));
    const href = m[1] || `https://arxiv.org/abs/${m[2]}`;
    out.append(h('a', { href, target: '_blank', rel: 'noopener', text: m[0] }));
    last = m.index + m[0].length;
  }
  out.append(text.slice(last));
  return out;
}

// Log-scaled numbers get a slider over powers of ten next to the exact number box.
function numberControl(param, value, commit) {
  const input = h('input', {
    type: 'number', step: param.type === 'integer' ? '1' : 'any', value: String(value),
    min: rangeMin(param.range), max: rangeMax(param.range),
  });
  input.addEventListener('change', () => commit(input.value === '' ? param.default : Number(input.value)));
  if (!param.log_scale) return { control: input, focus: input };
  const lo = Math.floor(Math.log10(Math.max(rangeMin(param.range) || 1e-6, 1e-6)));
  const slider = h('input', {
    type: 'range', min: String(Math.max(lo, -6)), max: String(Math.min(Math.ceil(Math.log10(rangeMax(param.range) || 10)), 1)),
    step: '0.05', value: String(Math.log10(value > 0 ? value : param.default)),
    'aria-label': `${param.name} (log scale)`,
  });
  const fromSlider = () => Number(Math.pow(10, Number(slider.value)).toPrecision(2));
  slider.addEventListener('input', () => { input.value = String(fromSlider()); });
  slider.addEventListener('change', () => commit(fromSlider()));
  input.addEventListener('change', () => { if (Number(input.value) > 0) slider.value = String(Math.log10(Number(input.value))); });
  return { control: h('div', { class: 'slider-row' }, slider, input), focus: input };
}

function paramControl(param, run, commit) {
  const current = run[param.name] !== undefined ? run[param.name] : param.default;
  const help = `${param.doc}${param.range && param.range.rule ? ` (${param.range.rule})` : ''}; default ${JSON.stringify(param.default)}`;
  if (param.type === 'boolean') {
    const box = h('input', { type: 'checkbox', checked: !!current });
    box.addEventListener('change', () => commit(box.checked));
    return field(param.name, box, help);
  }
  if (param.type === 'pair') {
    const values = Array.isArray(current) ? current.slice() : param.default.slice();
    const boxes = values.map((v, k) => h('input', {
      type: 'number', step: 'any', value: String(v), 'aria-label': `${param.name}[${k}]`,
      min: rangeMin(param.range), max: rangeMax(param.range),
    }));
    boxes.forEach((b, k) => b.addEventListener('change', () => { values[k] = Number(b.value); commit(values.slice()); }));
    const [label] = field(param.name, boxes[0], help);
    return [label, h('div', { class: 'pair' }, ...boxes)];
  }
  if (param.type === 'choice') {
    const select = h('select', {}, param.choices.map((c) => option(c, c, c === current)));
    select.addEventListener('change', () => commit(select.value));
    return field(param.name, select, help);
  }
  if (param.type !== 'number' && param.type !== 'integer') {
    // A nested value (e.g. lookahead's inner optimizer): edited as JSON.
    const text = h('input', { type: 'text', value: JSON.stringify(current), spellcheck: 'false' });
    text.addEventListener('change', () => {
      try { commit(JSON.parse(text.value)); text.removeAttribute('aria-invalid'); } catch (e) { text.setAttribute('aria-invalid', 'true'); }
    });
    return field(param.name, text, `${help} (JSON)`);
  }
  const { control, focus } = numberControl(param, current, commit);
  const [label] = field(param.name, focus, help);
  return [label, control];
}

export class RunCard {
  // registry: [{name,title,summary,reference,equation,hyperparams}]; schedules: names the core accepts
  constructor({ index, run, color, registry, schedules, onChange, onRemove, onColor, canRemove }) {
    Object.assign(this, { index, run, color, registry, schedules, onChange, onRemove, onColor });
    this.canRemove = canRemove;
    this.el = h('div', { class: 'run', role: 'group' });
    this.render();
  }

  info() { return this.registry.find((o) => o.name === this.run.optimizer); }

  commit(key, value, structural = false) {
    const param = this.info() && this.info().hyperparams.find((p) => p.name === key);
    if (param && sameValue(value, param.default) && key !== 'lr') delete this.run[key];
    else if (value === '' || value === null) delete this.run[key];
    else this.run[key] = value;
    this.onChange(this.index, this.run, { structural });
  }

  setStatus(status, divergedAt, note) {
    this.badge.hidden = status !== 'diverged';
    this.badge.textContent = status === 'diverged' ? `diverged at step ${divergedAt}` : '';
    if (note !== undefined) this.note.textContent = note;
  }

  render() {
    const info = this.info();
    const title = this.run.label || this.run.optimizer;
    this.el.style.setProperty('--run-color', colorHex(this.color));
    this.el.setAttribute('aria-label', `Run ${this.index + 1}: ${title}`);
    this.el.dataset.run = String(this.index);

    const select = h('select', { class: 'optimizer', 'aria-label': `Optimizer of run ${this.index + 1}` },
      this.registry.map((o) => option(o.name, o.title && o.title !== o.name ? `${o.name} — ${o.title}` : o.name, o.name === this.run.optimizer)));
    select.addEventListener('change', () => {
      // Hyperparameters do not carry over between optimizers; the label does if set.
      const label = this.run.label;
      for (const k of Object.keys(this.run)) delete this.run[k];
      this.run.optimizer = select.value;
      if (label && !this.registry.some((o) => o.name === label)) this.run.label = label;
      this.render();
      this.onChange(this.index, this.run, { structural: true });
    });

    const swatch = h('button', { type: 'button', class: 'swatch', 'aria-label': `Colour of run ${this.index + 1}: ${OKABE_ITO[this.color % 8].name}`, 'aria-expanded': 'false' });
    const palette = h('div', { class: 'palette', hidden: true, role: 'group', 'aria-label': 'Choose a colour' },
      OKABE_ITO.map((c, k) => {
        const b = h('button', { type: 'button', 'aria-label': c.name, 'aria-pressed': String(k === this.color), style: { background: colorHex(k) } });
        b.addEventListener('click', () => { this.color = k; this.onColor(this.index, k); this.render(); });
        return b;
      }));
    swatch.addEventListener('click', () => {
      palette.hidden = !palette.hidden;
      swatch.setAttribute('aria-expanded', String(!palette.hidden));
      if (!palette.hidden) palette.querySelector('[aria-pressed="true"]').focus();
    });
    const remove = h('button', { type: 'button', class: 'icon', 'aria-label': `Remove run ${this.index + 1}`, title: 'Remove this run', disabled: !this.canRemove, text: '×' });
    remove.addEventListener('click', () => this.onRemove(this.index));

    this.badge = h('span', { class: 'badge diverged', hidden: true });
    this.note = h('div', { class: 'note', 'aria-live': 'polite' });

    const label = h('input', { type: 'text', value: this.run.label || '', placeholder: this.run.optimizer, 'aria-label': `Label of run ${this.index + 1}` });
    label.addEventListener('change', () => this.commit('label', label.value.trim()));

    const grid = h('div', { class: 'hyper' }, field('label', label, 'A name for this run in legends (must be unique)'));
    if (info) {
      for (const p of info.hyperparams) {
        const [label, control] = paramControl(p, this.run, (v) => this.commit(p.name, v));
        label.dataset.param = p.name;  // tests and styles find a hyperparameter's row by name
        grid.append(label, control);
      }
    }
    if (this.schedules && this.schedules.length) {
      const current = this.run.schedule === undefined ? '' : JSON.stringify(this.run.schedule);
      const known = this.schedules.some((s) => JSON.stringify(s.value) === current);
      const sched = h('select', {}, option('', 'constant (none)', !current),
        this.schedules.map((s) => option(JSON.stringify(s.value), s.label, JSON.stringify(s.value) === current)),
        current && !known ? option(current, `custom: ${current}`, true) : null);
      sched.addEventListener('change', () => this.commit('schedule', sched.value ? JSON.parse(sched.value) : null, true));
      grid.append(...field('schedule', sched, 'Learning-rate schedule: lr is multiplied by the schedule at each step'));
    }

    const details = info ? [h('details', {},
      h('summary', { text: info.title || info.name }),
      h('p', { class: 'summary', text: info.summary || '' }),
      info.equation ? h('code', { class: 'summary', text: info.equation }) : null,
      info.reference ? referenceNode(info.reference) : null)]
      : [h('p', { class: 'summary', text: `"${this.run.optimizer}" is not in this build` })];

    this.el.replaceChildren(
      h('div', { class: 'run-head' }, swatch, select, this.badge, remove),
      palette,
      ...details,
      grid,
      this.note,
    );
    this.el.id = this.el.id || uid('run');
  }
}
