// Light and dark themes: the system preference unless the user (or ?theme=) chose
// one; the choice is remembered in localStorage when storage is available.
const KEY = 'optzoo-theme';

function stored() {
  try { return localStorage.getItem(KEY); } catch (e) { return null; }
}

export function effectiveTheme() {
  const set = document.documentElement.dataset.theme;
  if (set === 'light' || set === 'dark') return set;
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function initTheme(button, flag, onChange) {
  const initial = flag || stored();
  if (initial === 'light' || initial === 'dark') document.documentElement.dataset.theme = initial;
  const label = () => {
    const dark = effectiveTheme() === 'dark';
    button.textContent = dark ? 'Light theme' : 'Dark theme';
    button.setAttribute('aria-pressed', String(dark));
  };
  label();
  button.addEventListener('click', () => {
    const next = effectiveTheme() === 'dark' ? 'light' : 'dark';
    document.documentElement.dataset.theme = next;
    try { localStorage.setItem(KEY, next); } catch (e) { /* private mode: the choice lasts for this page */ }
    label();
    onChange();
  });
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => { label(); onChange(); });
}
