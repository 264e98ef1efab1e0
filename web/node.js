// Loads the optzoo wasm module in Node. Node 20's global fetch breaks the
// Emscripten 3.1.6 loader's file fetch, so the wasm bytes are read here and handed
// over as wasmBinary.
'use strict';
const fs = require('fs');
const path = require('path');
const { wrap, OptzooError } = require('./optzoo.js');

const DIST = path.join(__dirname, 'dist');

function distFile(name) {
  const file = path.join(DIST, name);
  if (!fs.existsSync(file)) throw new OptzooError(`${name}: not built yet (run npm run build)`);
  return file;
}

// A packed dataset: web/dist/data/NAME.ozd, or OPTZOO_DATA_DIR/NAME.ozd when set (tests
// point it at damaged copies).
function dataFile(name) {
  const dir = process.env.OPTZOO_DATA_DIR;
  if (!dir) return distFile(`data/${name}.ozd`);
  const file = path.join(dir, `${name}.ozd`);
  if (!fs.existsSync(file)) throw new OptzooError(`${name}.ozd: not found in ${dir}`);
  return file;
}

// A user file named in a spec (a CSV's problem.path), relative to baseDir.
function readText(file, baseDir) {
  const full = path.resolve(baseDir || process.cwd(), file);
  try {
    return fs.readFileSync(full, 'utf8');
  } catch (e) {
    throw new OptzooError(`problem.path: cannot read ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  }
}

// The module built as jsFile (its wasm beside it), wrapped as web/optzoo.js's API.
async function loadModule(jsFile) {
  const createCore = require(jsFile);
  const core = await createCore({ wasmBinary: fs.readFileSync(jsFile.replace(/\.js$/, '.wasm')) });
  return wrap(core, {
    loadDataset: async (name) => new Uint8Array(fs.readFileSync(dataFile(name))),
    readText: readText,
  });
}

let loading = null;

// The page's module, web/dist/optzoo_core.js, loaded once.
function load() {
  if (!loading) loading = (async () => loadModule(distFile('optzoo_core.js')))();
  return loading;
}

module.exports = { load, loadModule, OptzooError };
