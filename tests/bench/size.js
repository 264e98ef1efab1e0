// Bytes a browser downloads, gzipped one file at a time as a static server would send
// them: the wasm module with its loader and vendored JS (web/dist), and the page's own
// scripts. The Node-only CLI (web/cli.js, web/node.js) is not shipped to the page.
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

function shippedSizes() {
  const web = path.join(__dirname, '../../web');
  const files = (dir, test) => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p, test) : test(p) ? [p] : [];
  });
  const gz = (list) => list.reduce((s, f) => s + zlib.gzipSync(fs.readFileSync(f), { level: 9 }).length, 0);
  const dist = files(path.join(web, 'dist'), (f) => /\.(wasm|js)$/.test(f));
  const page = files(web, (f) => f.endsWith('.js') && !f.includes(`${path.sep}dist${path.sep}`) && !/(cli|node)\.js$/.test(path.basename(f)));
  return { dist_wasm_js_gzip_bytes: gz(dist), page_js_gzip_bytes: gz(page) };
}

module.exports = { shippedSizes };
