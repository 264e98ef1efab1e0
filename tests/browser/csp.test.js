// The page, its worker and the embed demo under the strict policy that
// scripts/serve.js sends: a race trains, is exported as JSON and CSV, and no CSP
// violation is reported (securitypolicyviolation events and "Refused to ..." console
// errors). Control checks first prove that the policy is in force, in the page and
// in the worker, and that a violation would be seen.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { start, loadSpec, runToEnd, curves, download } = require('./browser.js');
const { CSP } = require('../../scripts/serve.js');

let b;
before(async () => { b = await start(); });
after(async () => { if (b) await b.stop(); });

// Runs in every frame before the page's own scripts.
function recordViolations() {
  window.cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
  });
}

async function openWithRecorder(url, ready = true) {
  const page = await b.context.newPage();
  await page.addInitScript(recordViolations);
  page.cspConsole = [];
  page.on('console', (m) => { if (m.type() === 'error' || /Content Security Policy/.test(m.text())) page.cspConsole.push(m.text()); });
  page.on('pageerror', (e) => page.cspConsole.push(`pageerror: ${e.message}`));
  const response = await page.goto(`${b.origin}/${url}`);
  page.policy = response.headers()['content-security-policy'];
  if (ready) {
    await page.waitForFunction(() => window.optzoo && window.optzoo.app.registry.length > 0, null, { timeout: 30000 });
    await page.evaluate(() => window.optzoo.ready);
  }
  return page;
}

const violations = (frame) => frame.evaluate(() => window.cspViolations);

const RACE = {
  seed: 5,
  problem: { kind: 'dataset', name: 'spiral', size: 200 },
  model: { kind: 'mlp', sizes: [2, 12, 3], activation: 'tanh' },
  loss: 'cross_entropy', batch_size: 32, steps: 80, record_every: 10,
  runs: [{ optimizer: 'sgd', lr: 0.1, momentum: 0.9, label: '<img src=x onerror=alert(1)>' }, { optimizer: 'adam', lr: 0.01 }],
};

test('the policy is in force in the page and in the worker, and a violation is seen', async () => {
  const page = await openWithRecorder('');
  assert.equal(page.policy, CSP);
  // Code from strings is refused in the page and in the worker that owns the wasm
  // module. (DevTools' own evaluate is exempt, so the string goes through a timer.)
  await page.evaluate(() => setTimeout('window.fromString = 1', 0));
  await page.waitForFunction(() => window.cspViolations.length > 0);
  assert.equal(await page.evaluate(() => window.fromString), undefined);
  assert.match((await violations(page))[0], /script-src/);
  const worker = page.workers()[0];
  assert.ok(worker, 'the training worker is running');
  await worker.evaluate(() => setTimeout('self.fromString = 1', 0));
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(await worker.evaluate(() => self.fromString), undefined);
  // Control: a style attribute set from a string is reported by the recorder.
  await page.evaluate(() => document.body.setAttribute('style', 'color: red'));
  await page.waitForFunction(() => window.cspViolations.some((v) => /style-src/.test(v)));
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).color), await page.evaluate(() => {
    document.body.removeAttribute('style');
    return getComputedStyle(document.body).color;
  }), 'the blocked style was not applied');
  await page.close();
});

test('under the strict CSP a race trains and exports as JSON and CSV with no violation', async () => {
  const page = await openWithRecorder('');
  await loadSpec(page, RACE);
  await runToEnd(page);
  const shown = await curves(page);
  assert.equal(shown.length, 2);
  assert.ok(shown.every((r) => r.loss.length === 9 && r.loss.every(Number.isFinite)));
  // The label is shown as text, never parsed as HTML.
  assert.equal(await page.$$eval('img[src="x"]', (els) => els.length), 0);
  const json = JSON.parse((await download(page, () => page.click('#export-json'))).bytes.toString('utf8'));
  assert.deepEqual(json.result.runs[1].loss, shown[1].loss);
  const csv = (await download(page, () => page.click('#export-csv'))).bytes.toString('utf8').trim().split('\n');
  assert.equal(csv.length, 1 + 2 * 9);
  assert.deepEqual(await violations(page), []);
  assert.deepEqual(page.cspConsole, []);
  await page.close();
});

async function framedPlayground(page, selector) {
  const handle = await page.waitForSelector(`${selector} iframe`);
  const frame = await handle.contentFrame();
  await frame.waitForFunction(() => window.optzoo && window.optzoo.app.registry.length > 0, null, { timeout: 30000 });
  await frame.evaluate(() => window.optzoo.ready);
  return { handle, frame };
}

test('the embed demo and its framed playground train with no violation', async () => {
  const page = await openWithRecorder('embed-demo.html', false);
  assert.equal(page.policy, CSP);
  const { frame } = await framedPlayground(page, 'optzoo-playground');
  await frame.evaluate(() => document.getElementById('play').click());
  await frame.waitForFunction(() => window.optzoo.store.stepsDone > 0, null, { timeout: 30000 });
  assert.deepEqual(await violations(page), []);
  assert.deepEqual(await violations(frame), []);
  assert.deepEqual(page.cspConsole, []);
  await page.close();
});

// A course page optzoo does not control may set any attribute text. The framed
// playground (its spec panel, with the exports, left visible) trains and exports.
test('hostile embed attributes become text and numbers, never HTML or CSS; the embed exports with no violation', async () => {
  const page = await openWithRecorder('embed-demo.html', false);
  const label = '"><img src=x onerror="window.pwned=1"><script>window.pwned=2</script>';
  const spec = { ...RACE, steps: 20, runs: [{ ...RACE.runs[0], label }, RACE.runs[1]] };
  await page.evaluate((s) => {
    const el = document.createElement('optzoo-playground');
    el.id = 'hostile';
    el.setAttribute('spec', JSON.stringify(s));
    el.setAttribute('height', '300px; background: url(https://evil.example/x.png)');
    el.setAttribute('title', '<b onmouseover="window.pwned=3">title</b>');
    el.setAttribute('hide', 'controls,<img src=x onerror="window.pwned=4">');
    el.setAttribute('theme', '"><script>window.pwned=5</script>');
    document.body.append(el);
    el.scrollIntoView();
  }, spec);
  const { handle, frame } = await framedPlayground(page, '#hostile');
  await frame.waitForFunction(() => window.optzoo.app.loaded);
  // The label arrives as text: in the spec, and in the page only as text nodes.
  assert.equal(await frame.evaluate(() => window.optzoo.app.spec.runs[0].label), label);
  assert.ok(await frame.evaluate((l) => document.body.textContent.includes(l) || [...document.querySelectorAll('input')].some((i) => i.value === l), label));
  assert.equal(await frame.$$eval('img[src="x"]', (els) => els.length), 0);
  assert.equal(await page.$$eval('#hostile img, #hostile b, #hostile script', (els) => els.length), 0);
  await frame.evaluate(() => document.getElementById('play').click());
  await frame.waitForFunction(() => window.optzoo.store.finished, null, { timeout: 30000 });
  assert.equal(await frame.evaluate(() => window.pwned), undefined);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  const shown = await frame.evaluate(() => window.optzoo.store.runs.map((r) => Array.from(r.col('loss'))));
  const json = JSON.parse((await download(page, () => frame.click('#export-json'))).bytes.toString('utf8'));
  assert.equal(json.spec.runs[0].label, label);
  json.result.runs.forEach((run, i) => assert.deepEqual(run.loss, shown[i]));
  const csv = (await download(page, () => frame.click('#export-csv'))).bytes.toString('utf8');
  assert.equal(csv.trim().split('\n').length, 1 + shown.reduce((n, l) => n + l.length, 0));
  // The height became the default number, not CSS text; nothing left the origin.
  assert.equal(await handle.evaluate((f) => f.style.height), '640px');
  assert.equal(await handle.evaluate((f) => f.style.background), '');
  assert.ok(!b.requests.some((u) => u.includes('evil.example')));
  assert.deepEqual(await violations(page), []);
  assert.deepEqual(await violations(frame), []);
  assert.deepEqual(page.cspConsole, []);
  await page.close();
});
