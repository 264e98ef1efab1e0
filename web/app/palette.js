// Okabe & Ito (2008), "Color Universal Design": eight colours that stay distinct for
// the common forms of colour blindness. Black becomes light grey in the dark theme.
export const OKABE_ITO = [
  { name: 'orange', hex: '#E69F00' },
  { name: 'sky blue', hex: '#56B4E9' },
  { name: 'bluish green', hex: '#009E73' },
  { name: 'vermillion', hex: '#D55E00' },
  { name: 'blue', hex: '#0072B2' },
  { name: 'reddish purple', hex: '#CC79A7' },
  { name: 'yellow', hex: '#F0E442' },
  { name: 'black', hex: '#000000' },
];

export function isDark() {
  return getComputedStyle(document.documentElement).colorScheme === 'dark';
}

export function colorHex(index) {
  const c = OKABE_ITO[((index % OKABE_ITO.length) + OKABE_ITO.length) % OKABE_ITO.length];
  if (c.name === 'black' && isDark()) return '#BBBBBB';
  return c.hex;
}

// The first palette index no run uses yet.
export function nextFreeColor(used) {
  for (let i = 0; i < OKABE_ITO.length; ++i) if (!used.includes(i)) return i;
  return used.length % OKABE_ITO.length;
}

export function cssVar(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

// Classes in decision-boundary views: the same palette in a fixed order.
export function classColor(k) {
  return OKABE_ITO[[4, 3, 2, 0, 5, 1, 6, 7][k % 8]].hex;
}

export function hexToRgb(hex) {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}
