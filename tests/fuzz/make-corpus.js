#!/usr/bin/env node
// Writes the committed seed corpus of the fuzz targets from valid-specs.js:
//   corpus/spec/<name>.json   every valid spec
//   corpus/data/<name>        a mode byte (see fuzz_data.cpp) then a CSV or an OZD1 buffer
// Run again after adding specs; libFuzzer adds its own finds to a copy, never here.
'use strict';
const fs = require('fs');
const path = require('path');
const { validSpecs, CSV_CLASSIFY, CSV_REGRESS, tinyOzd } = require('./valid-specs.js');

const OUT = path.join(__dirname, 'corpus');

function write(dir, name, bytes) {
  fs.mkdirSync(path.join(OUT, dir), { recursive: true });
  fs.writeFileSync(path.join(OUT, dir, name), bytes);
}

for (const { name, spec } of validSpecs()) write('spec', `${name}.json`, JSON.stringify(spec));
const mode = (m, body) => Buffer.concat([Buffer.from([m]), Buffer.from(body)]);
write('data', 'csv-label', mode(0, CSV_CLASSIFY));
write('data', 'csv-label-crlf-quoted', mode(0, 'x,"y, quoted",label\r\n1,2,0\r\n3,4,1\r\n'));
write('data', 'csv-target', mode(1, CSV_REGRESS));
write('data', 'ozd-repaired', mode(2, tinyOzd()));
write('data', 'ozd-rgb', mode(2, tinyOzd({ rows: 2, cols: 2, channels: 3, numClasses: 2 })));
write('data', 'ozd-as-given', mode(3, tinyOzd()));
console.log(`corpus: ${fs.readdirSync(path.join(OUT, 'spec')).length} specs, ${fs.readdirSync(path.join(OUT, 'data')).length} data seeds`);
