// Reads the experiment out of a share link for the CLI, as the page does
// (web/app/url-state.js): #spec=<base64url(JSON)> or #z=<base64url(deflate-raw(JSON))>.
// `npx optzoo run "https://.../#spec=..."` replays a link's numbers headless.
'use strict';
const zlib = require('zlib');

const isLink = (arg) => /^https?:\/\//i.test(arg) || /#(spec|z)=/.test(arg);

function base64url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url text');
  return Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

// The spec's JSON text; throws an Error "link: ..." naming what is wrong.
function specFromLink(link) {
  const hash = link.includes('#') ? link.slice(link.indexOf('#') + 1) : '';
  const params = new URLSearchParams(hash);
  try {
    if (params.has('spec')) return base64url(params.get('spec')).toString('utf8');
    if (params.has('z')) return zlib.inflateRawSync(base64url(params.get('z')), { maxOutputLength: 32 << 20 }).toString('utf8');
  } catch (e) {
    throw new Error(`link: the experiment in this link cannot be read (${e.message.split('\n')[0]})`);
  }
  if (params.has('preset')) throw new Error(`link: names the preset "${params.get('preset')}"; the CLI runs specs (see examples/)`);
  throw new Error('link: holds no experiment (expected #spec=... or #z=...)');
}

module.exports = { isLink, specFromLink };
