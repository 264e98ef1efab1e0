// Tiny DOM helpers: h('tag', {attrs}, children...) and unique ids for labels.
let counter = 0;
export const uid = (prefix) => `${prefix}-${++counter}`;

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k === 'style' && typeof v === 'object') Object.assign(el.style, v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k in el && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c.nodeType ? c : String(c));
  return el;
}

// A <label> + control pair for a two-column form grid.
export function field(labelText, control, help) {
  control.id = control.id || uid('f');
  const label = h('label', { for: control.id, text: labelText });
  if (help) { control.title = help; control.setAttribute('aria-description', help); }
  return [label, control];
}

export function option(value, text, selected) {
  return h('option', { value, text, selected: !!selected });
}

export function download(filename, blob) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 5000);
}
