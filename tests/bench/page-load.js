// Time from navigation start to the first training step in headless Chromium: the
// page opened with ?autoplay=1 (its default preset starts at once), served from
// localhost by scripts/serve.js. The clock is the page's own performance.now(), whose
// zero is the navigation start; the first step counts when the page's store has
// received it from the worker (store.stepsDone > 0), which is when a user could see it.
// The first load is cold (a new profile, nothing cached); the median is over all loads.
'use strict';
const { summarize, median } = require('./timing.js');

async function pageLoadToFirstStep({ loads = 7 } = {}) {
  const { start } = require('../browser/browser.js');
  const browser = await start();
  try {
    const times = [], domReady = [];
    let preset = null;
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
    }
    return { preset, cold_seconds: times[0], dom_content_loaded_median_seconds: median(domReady), ...summarize(times) };
  } finally {
    await browser.stop();
  }
}

module.exports = { pageLoadToFirstStep };
