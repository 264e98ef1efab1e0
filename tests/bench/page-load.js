// Time from navigation start to the first training step in headless Chromium: the
// page opened with ?autoplay=1 (its default preset starts at once), served from
// localhost by scripts/serve.js. The clock is the page's own performance.now(), whose
// zero is the navigation start; the first step counts when the page's store has
// received it from the worker (store.stepsDone > 0), which is when a user could see it.
// The first load is cold (a new profile, nothing cached); the median is over all loads.
// During it every request the page and its worker make is recorded, so the size
// section can count the bytes a browser really downloads.
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { summarize, median } = require('./timing.js');

const WEB = path.join(__dirname, '../../web');

// The files behind the requested URLs (scripts/serve.js serves web/), gzipped one by one
// as a static server would send them; packed datasets are left out, as the target says.
function fetchedFiles(urls, origin) {
  const files = new Map();
  for (const url of urls) {
    if (!url.startsWith(origin)) continue;
    const rel = decodeURIComponent(new URL(url).pathname).replace(/^\/+/, '') || 'index.html';
    const file = path.join(WEB, rel);
    if (rel.endsWith('.ozd') || !file.startsWith(WEB) || !fs.existsSync(file) || !fs.statSync(file).isFile()) continue;
    files.set(rel, zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length);
  }
  return [...files.entries()].sort((a, b) => b[1] - a[1]).map(([file, gzip_bytes]) => ({ file, gzip_bytes }));
}

async function pageLoadToFirstStep({ loads = 7 } = {}) {
  const { start } = require('../browser/browser.js');
  const browser = await start();
  try {
    const times = [], domReady = [];
    let preset = null;
    const urls = new Set();
    const record = (request) => urls.add(request.url());
    browser.context.on('request', record);
    for (let i = 0; i < loads; i++) {
      const page = await browser.context.newPage();
      await page.goto(`${browser.origin}/?autoplay=1`, { waitUntil: 'commit' });
      const ms = await page.waitForFunction(
        () => (window.optzoo && window.optzoo.store.stepsDone > 0 ? performance.now() : false), null, { polling: 5, timeout: 60000 });
      times.push((await ms.jsonValue()) / 1000);
      preset = await page.evaluate(() => document.getElementById('preset') && document.getElementById('preset').value);
      // Where the time goes: the document and its scripts are in by DOMContentLoaded;
      // the rest is the worker, the wasm module's compile and the first slice.
      domReady.push((await page.evaluate(() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd)) / 1000);
      await page.close();
      browser.context.off('request', record);  // the first, cold load fetched everything
    }
    const fetched = fetchedFiles(urls, browser.origin);
    return { preset, cold_seconds: times[0], dom_content_loaded_median_seconds: median(domReady), ...summarize(times),
      fetched_files: fetched, fetched_gzip_bytes: fetched.reduce((s, f) => s + f.gzip_bytes, 0) };
  } finally {
    await browser.stop();
  }
}

module.exports = { pageLoadToFirstStep };
