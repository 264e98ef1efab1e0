#!/usr/bin/env node
// A static file server for the playground (web/), on http://localhost:8080 by
// default. The site is plain static files, so any web server can host it.
'use strict';
const http = require('http');
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..', 'web');
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm', '.json': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml',
  '.ozd': 'application/octet-stream', '.csv': 'text/csv; charset=utf-8', '.ico': 'image/x-icon',
};

// A strict policy: no inline script or style, no eval, nothing from another origin.
// The page, the worker and the embed demo run under it (tests/browser/csp.test.js).
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

function createServer(root = ROOT) {
  return http.createServer((req, res) => {
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch (e) {
      res.writeHead(400).end('bad request');
      return;
    }
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.normalize(path.join(root, rel));
    if (!file.startsWith(root + path.sep)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    fs.stat(file, (err, stat) => {
      if (err || !stat.isFile()) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
        return;
      }
      // no-cache: the browser may keep a copy but asks each time; an unchanged file
      // (same size and time) is answered 304 without its bytes.
      const etag = `"${stat.size.toString(36)}-${Math.floor(stat.mtimeMs).toString(36)}"`;
      const headers = { 'Cache-Control': 'no-cache', ETag: etag, 'Content-Security-Policy': CSP };
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, headers).end();
        return;
      }
      res.writeHead(200, { ...headers, 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream', 'Content-Length': stat.size });
      if (req.method === 'HEAD') res.end();  // the page asks whether a dataset is here without loading it
      else fs.createReadStream(file).pipe(res);
    });
  });
}

if (require.main === module) {
  const port = Number(process.env.PORT || 8080);
  createServer().listen(port, () => console.log(`optzoo playground: http://localhost:${port}/  (Ctrl+C to stop)`))
    .on('error', (e) => {
      console.error(`serve: cannot listen on port ${port}: ${e.code === 'EADDRINUSE' ? 'already in use (set PORT=...)' : e.message}`);
      process.exit(1);
    });
}

module.exports = { createServer, CSP };
