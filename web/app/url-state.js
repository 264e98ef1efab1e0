// The whole experiment lives in the URL fragment, so a copied link reproduces it:
//   #spec=<base64url(JSON)>          short specs, readable by any tool
//   #z=<base64url(deflate-raw(JSON))> long specs (inline or CSV data), when the
//                                     browser has CompressionStream
//   #preset=<id>                      a named preset
//   #lesson=<id>                      a catalogue lesson (its text beside the plots)
// plus &ui=<base64url(JSON)> for page-only settings (run colours, axes). Query
// flags (?embed=1&hide=spec,runs&autoplay=1) configure embedding.
const COMPRESS_ABOVE = 1200;

export function base64urlEncode(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function base64urlDecode(text) {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; ++i) out[i] = bin.charCodeAt(i);
  return out;
}

const utf8 = (s) => new TextEncoder().encode(s);
const fromUtf8 = (b) => new TextDecoder().decode(b);

async function pipeThrough(bytes, stream) {
  const response = new Response(new Blob([bytes]).stream().pipeThrough(stream));
  return new Uint8Array(await response.arrayBuffer());
}

export function encodeJson(value) { return base64urlEncode(utf8(JSON.stringify(value))); }
export function decodeJson(text) { return JSON.parse(fromUtf8(base64urlDecode(text))); }

// The fragment for a spec (and page settings).
export async function encodeState(spec, ui) {
  const json = JSON.stringify(spec);
  let part = `spec=${base64urlEncode(utf8(json))}`;
  if (json.length > COMPRESS_ABOVE && typeof CompressionStream === 'function') {
    const packed = await pipeThrough(utf8(json), new CompressionStream('deflate-raw'));
    part = `z=${base64urlEncode(packed)}`;
  }
  if (ui && Object.keys(ui).length) part += `&ui=${encodeJson(ui)}`;
  return `#${part}`;
}

// {spec?, preset?, lesson?, ui?} from a fragment; throws an Error naming the part on bad input.
export async function decodeState(hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const out = {};
  try {
    if (params.has('spec')) out.spec = decodeJson(params.get('spec'));
    else if (params.has('z')) {
      if (typeof DecompressionStream !== 'function') throw new Error('this browser cannot read compressed links');
      out.spec = JSON.parse(fromUtf8(await pipeThrough(base64urlDecode(params.get('z')), new DecompressionStream('deflate-raw'))));
    }
  } catch (e) {
    throw new Error(`link: the experiment in this link cannot be read (${e.message})`);
  }
  if (params.has('preset')) out.preset = params.get('preset');
  if (params.has('lesson')) out.lesson = params.get('lesson');
  if (params.has('ui')) {
    try { out.ui = decodeJson(params.get('ui')); } catch (e) { out.ui = null; }
  }
  return out;
}

// ?embed=1&hide=a,b&autoplay=1 → {embed, hide:Set, autoplay}
export function readFlags(search) {
  const q = new URLSearchParams(search);
  const hide = new Set((q.get('hide') || '').split(',').map((s) => s.trim()).filter(Boolean));
  const embed = q.get('embed') === '1' || q.get('embed') === 'true';
  // "controls" is shorthand for every control panel (the plots stay).
  if (hide.has('controls')) for (const r of ['problem', 'runs', 'data', 'plotopts']) hide.add(r);
  if (embed) hide.add('share');
  return { embed, hide, autoplay: q.get('autoplay') === '1' };
}
