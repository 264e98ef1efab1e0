// Shared set-up for the Chromium tests: Debian's chromium driven by playwright-core,
// the site served by scripts/serve.js on a free port, and per page a record of
// console errors, page errors and every request that tried to leave the origin
// (those are aborted, so a test can never pass by reaching the network).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');
const { createServer } = require('../../scripts/serve.js');

const ROOT = path.join(__dirname, '..', '..');
const SHOTS = path.join(__dirname, 'screenshots');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

async function start() {
  if (!fs.existsSync(path.join(ROOT, 'web', 'dist', 'optzoo_core.wasm'))) throw new Error('web/dist is not built: run node scripts/build.js');
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'optzoo-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM, args: FLAGS, headless: true, acceptDownloads: true, viewport: { width: 1400, height: 1000 },
  });
  fs.mkdirSync(SHOTS, { recursive: true });

  async function open(url, { viewport } = {}) {
    const page = await context.newPage();
    if (viewport) await page.setViewportSize(viewport);
    const log = { errors: [], foreign: [] };
    page.on('console', (m) => { if (m.type() === 'error') log.errors.push(m.text()); });
    page.on('pageerror', (e) => log.errors.push(`pageerror: ${e.message}`));
    // Workers' requests go through the context's routes as well.
    await page.route('**/*', (route) => {
      const u = route.request().url();
      if (u.startsWith(origin) || u.startsWith('blob:') || u.startsWith('data:')) return route.continue();
      log.foreign.push(u);
      return route.abort();
    });
    page.log = log;
    await page.goto(`${origin}/${url}`);
    await page.waitForFunction(() => window.optzoo && window.optzoo.app.registry.length > 0, null, { timeout: 30000 });
    await page.evaluate(() => window.optzoo.ready);
    return page;
  }

  async function stop() {
    await context.close();
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }

  // Every request the context saw, for the origin check.
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));

  return { origin, context, open, stop, requests, shot: (name) => path.join(SHOTS, `${name}.png`) };
}

// Loads a spec through the page's own entry point and waits until it is loaded.
async function loadSpec(page, spec, play = false) {
  const ok = await page.evaluate(([s, p]) => window.optzoo.load(s, p), [spec, play]);
  if (!ok) throw new Error(`spec rejected: ${await page.textContent('#errors')}`);
  await page.waitForFunction(() => window.optzoo.app.loaded);
}

async function runToEnd(page, timeout = 90000) {
  await page.evaluate(() => { if (!window.optzoo.app.playing) document.getElementById('play').click(); });
  await page.waitForFunction(() => window.optzoo.store.finished, null, { timeout, polling: 100 });
}

// Curves as plain arrays (wall time left out: it is not deterministic).
function curves(page) {
  return page.evaluate(() => window.optzoo.store.runs.map((r) => ({
    label: r.label, status: r.status, step: Array.from(r.col('step')), loss: Array.from(r.col('loss')),
    metrics: r.keys().filter((k) => k.startsWith('metrics.')).map((k) => [k, Array.from(r.col(k))]),
  })));
}

// PNG signature and IHDR width/height.
function pngSize(buf) {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (buf.length < 24 || !sig.every((b, i) => buf[i] === b)) return null;
  if (buf.toString('ascii', 12, 16) !== 'IHDR') return null;
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

async function download(page, click) {
  const [dl] = await Promise.all([page.waitForEvent('download'), click()]);
  const file = await dl.path();
  return { name: dl.suggestedFilename(), bytes: fs.readFileSync(file) };
}

module.exports = { start, loadSpec, runToEnd, curves, pngSize, download, ROOT };
