// The malformed-input corpus (tests/malformed/mutations.js) through the page's own
// entry points: every broken spec typed into the spec box and applied, every broken
// CSV dropped on the page, every broken share link pasted as the URL fragment. Each
// must show an error in the page naming the field (or the CSV line) within a
// timeout, with no page error, no stack trace, and the previous experiment kept.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { start, loadSpec } = require('./browser.js');
const { INLINE } = require('../fuzz/valid-specs.js');
const { malformedSpecs, malformedCsvs, malformedUrls, namesField, looksLikeCrash } = require('../malformed/mutations.js');

const ANSWER_MS = 15000;

let b, page;
before(async () => {
  b = await start();
  page = await b.open('');
});
after(async () => { if (b) await b.stop(); });

// The error box as "path: rule" lines (the context before the field is left out).
function errorLines() {
  return page.$$eval('#errors > div', (divs) => divs.map((d) => {
    const field = d.querySelector('.field');
    return field ? d.textContent.slice(d.textContent.indexOf(field.textContent)) : d.textContent;
  }));
}

// Clears the error box, does `act`, waits for the page's answer.
async function answer(act) {
  await page.evaluate(() => document.getElementById('errors').replaceChildren());
  await act();
  // Every violation's line lands in one replaceChildren call.
  await page.waitForFunction(() => document.getElementById('errors').childElementCount > 0, null, { timeout: ANSWER_MS, polling: 20 });
  return errorLines();
}

// The page keeps a link's runs whose optimizer this build lacks out of the experiment,
// with a note naming it, when other runs remain.
const leftOut = (c, spec) => /\/unknown-name\/runs\[\d+\]\.optimizer$/.test(c.name) && spec && spec.runs.length > 1;

function check(c, lines, failures, { spec } = {}) {
  const text = lines.join('\n');
  if (looksLikeCrash(text)) failures.push(`${c.name}: shows a crash: ${text.slice(0, 300)}`);
  else if (leftOut(c, spec)) { if (!/Left out "no_such_optimizer"/.test(text)) failures.push(`${c.name}: no note about the left-out run: ${text}`); }
  else if (!namesField(lines, c.path)) failures.push(`${c.name}: does not name ${c.path}: ${text.slice(0, 300)}`);
}

async function pageIsHealthy() {
  assert.deepEqual(page.log.errors, [], 'no page errors or console errors');
  // The page still loads and trains a good spec.
  await loadSpec(page, INLINE);
  await page.click('#step');
  await page.waitForFunction(() => window.optzoo.store.stepsDone === 1, null, { timeout: ANSWER_MS });
}

test('malformed specs applied in the spec box: the broken field is named, the experiment is kept', async () => {
  const cases = malformedSpecs();
  const failures = [];
  for (const c of cases) {
    const keep = await page.evaluate(() => JSON.stringify(window.optzoo.app.spec));
    const text = c.text !== undefined ? c.text : JSON.stringify(c.spec);
    const lines = await answer(() => page.evaluate((t) => {
      document.getElementById('spec-text').value = t;
      document.getElementById('spec-apply').click();
    }, text));
    check(c, lines, failures, { spec: c.spec });
    if (!leftOut(c, c.spec) && await page.evaluate(() => JSON.stringify(window.optzoo.app.spec)) !== keep)
      failures.push(`${c.name}: replaced the experiment`);
  }
  assert.ok(cases.length >= 300, `${cases.length} cases`);
  assert.deepEqual(failures, []);
  await pageIsHealthy();
});

test('malformed CSVs dropped on the page: the line (or the file) is named', async () => {
  // Label-only rules do not apply here: the page treats a non-integer last column as a target.
  const cases = malformedCsvs().filter((c) => !c.label);
  const failures = [];
  for (const c of cases) {
    const lines = await answer(() => page.evaluate(([t, n]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([t], n, { type: 'text/csv' }));
      document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, [c.text, `${c.name}.csv`]));
    const text = lines.join('\n');
    if (looksLikeCrash(text)) failures.push(`${c.name}: shows a crash: ${text}`);
    else if (!namesField(lines, 'problem.text')) failures.push(`${c.name}: does not name problem.text: ${text}`);
    else if (c.line && !text.includes(`line ${c.line}`)) failures.push(`${c.name}: does not name line ${c.line}: ${text}`);
    else if (!text.includes(`${c.name}.csv was not loaded`)) failures.push(`${c.name}: does not say the file was not loaded: ${text}`);
  }
  assert.ok(cases.length >= 30, `${cases.length} cases`);
  assert.deepEqual(failures, []);
  await pageIsHealthy();
});

test('malformed share links pasted as the fragment: the link or the broken field is named', async () => {
  const specCases = malformedSpecs();
  const specOf = new Map(specCases.map((c) => [c.name, c.spec]));
  const cases = [...malformedUrls(specCases), { name: 'unknown-preset', url: 'https://optzoo.example/#preset=no-such-preset', path: 'preset' }];
  const failures = [];
  for (const c of cases) {
    const hash = c.url.slice(c.url.indexOf('#'));
    const lines = await answer(() => page.evaluate((h) => { location.hash = h; }, hash));
    check(c, lines, failures, { spec: specOf.get(c.name.replace(/^(spec|z)-of\//, '')) });
  }
  assert.ok(cases.length >= 40, `${cases.length} cases`);
  assert.deepEqual(failures, []);
  await pageIsHealthy();
});
