#!/usr/bin/env node
// Writes the files generated from catalogue/: examples/NAME.json (entries of kind
// "example"), for running with `optzoo run` straight from a checkout. The page and
// `optzoo lessons` read the catalogue from the core, which compiles it in
// (cmake/embed_catalogue.cmake). `--check` writes nothing and exits 1 naming every
// file out of date, so a test keeps them in sync with the catalogue.
'use strict';
const fs = require('fs');
const path = require('path');
const { loadCatalogue } = require('../web/lessons/catalogue.js');

const ROOT = path.join(__dirname, '..');

function generatedFiles(entries = loadCatalogue()) {
  const files = {};
  for (const e of entries.filter((x) => x.kind === 'example'))
    files[path.join('examples', e.example)] = JSON.stringify(e.spec, null, 2) + '\n';
  return files;
}

function main() {
  const check = process.argv.includes('--check');
  const stale = [];
  for (const [rel, text] of Object.entries(generatedFiles())) {
    const full = path.join(ROOT, rel);
    const old = fs.existsSync(full) ? fs.readFileSync(full, 'utf8') : null;
    if (old === text) continue;
    if (check) stale.push(rel);
    else fs.writeFileSync(full, text);
  }
  if (stale.length) {
    console.error(`catalogue: out of date (run node scripts/catalogue.js): ${stale.join(', ')}`);
    process.exit(1);
  }
}

if (require.main === module) main();
module.exports = { generatedFiles };
