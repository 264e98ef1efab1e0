// Static checks behind the strict CSP (scripts/serve.js) and "user strings are never
// HTML": no page or worker script writes HTML from strings or runs code from strings,
// and no served HTML file has inline script, inline style or inline event handlers.
// The Chromium tests (tests/browser/csp.test.js) check the same at run time.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const { ROOT } = require('./helpers.js');

const WEB = path.join(ROOT, 'web');

function files(dir, ext) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'dist' ? [] : files(full, ext); // dist: build output and vendored files
    return e.name.endsWith(ext) ? [full] : [];
  });
}

// Sinks that parse a string as HTML, CSS text or code.
const SINKS = [/\.innerHTML\b/, /\.outerHTML\b/, /insertAdjacentHTML/, /document\.write/, /\beval\s*\(/, /new Function\b/,
  /\.style\s*=[^=]/, /\.cssText\b/, /setAttribute\(\s*['"](style|on\w+)['"]/, /createContextualFragment/, /DOMParser/];

test('no script under web/ writes HTML, CSS text or code from strings', () => {
  const scripts = files(WEB, '.js');
  assert.ok(scripts.length >= 10, `${scripts.length} scripts`);
  const hits = [];
  for (const file of scripts) {
    fs.readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
      if (/^\s*\/\//.test(line)) return; // comments may name the sinks
      for (const sink of SINKS) if (sink.test(line)) hits.push(`${path.relative(ROOT, file)}:${i + 1}: ${line.trim()}`);
    });
  }
  assert.deepEqual(hits, []);
});

test('no served HTML file has inline script, inline style or an inline event handler', () => {
  const pages = files(WEB, '.html');
  assert.ok(pages.length >= 2);
  const hits = [];
  for (const file of pages) {
    const html = fs.readFileSync(file, 'utf8');
    for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi))
      if (!/\bsrc=/.test(m[1]) || m[2].trim()) hits.push(`${path.basename(file)}: inline script`);
    if (/<style\b/i.test(html)) hits.push(`${path.basename(file)}: <style> element`);
    for (const m of html.matchAll(/<[^>]+\s(style|on[a-z]+)\s*=/gi)) hits.push(`${path.basename(file)}: ${m[1]} attribute`);
  }
  assert.deepEqual(hits, []);
});
