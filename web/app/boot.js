// Starts the training worker as soon as the page's head is parsed, so that the worker's
// scripts and the wasm module load and compile while the page's own modules are still
// being fetched; main.js adopts it (worker-client.js). The worker posts nothing until it
// is asked, so no message can be lost before then; a failure to start is kept for main.js.
'use strict';
(() => {
  const early = { worker: new Worker('worker.js'), error: null };
  early.worker.onerror = (e) => {
    e.preventDefault();
    early.error = e.message || 'the training worker stopped';
  };
  window.optzooEarlyWorker = early;
})();
