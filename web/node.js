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

let loading = null;

function load() {
  if (!loading) {
    loading = (async () => {
      const createCore = require(distFile('optzoo_core.js'));
      const core = await createCore({ wasmBinary: fs.readFileSync(distFile('optzoo_core.wasm')) });
      return wrap(core, {
        loadDataset: async (name) => new Uint8Array(fs.readFileSync(distFile(`data/${name}.ozd`))),
      });
    })();
  }
  return loading;
}

module.exports = { load, OptzooError };
