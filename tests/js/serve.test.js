// scripts/serve.js, the playground's static server: what a HEAD and a repeat visit get.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const http = require('http');
const path = require('path');
const { createServer, CSP } = require('../../scripts/serve.js');

const WEB = path.join(__dirname, '..', '..', 'web');
let server, port;
before(async () => {
  server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = server.address().port;
});
after(() => new Promise((resolve) => server.close(resolve)));

function request(method, url, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: url, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('GET sends the file with its type, the CSP and a validator', async () => {
  const r = await request('GET', '/index.html');
  assert.equal(r.status, 200);
  assert.match(r.headers['content-type'], /^text\/html/);
  assert.equal(r.headers['content-security-policy'], CSP);
  assert.equal(r.headers['cache-control'], 'no-cache');
  assert.ok(r.headers.etag, 'an ETag');
  assert.deepEqual(r.body, fs.readFileSync(path.join(WEB, 'index.html')));
});

test('HEAD says how large a file is without sending it', async () => {
  const size = fs.statSync(path.join(WEB, 'worker.js')).size;
  const r = await request('HEAD', '/worker.js');
  assert.equal(r.status, 200);
  assert.equal(Number(r.headers['content-length']), size);
  assert.equal(r.body.length, 0);
});

test('a repeat request with the same ETag gets 304 and no bytes; another ETag gets the file', async () => {
  const first = await request('GET', '/worker.js');
  const again = await request('GET', '/worker.js', { 'If-None-Match': first.headers.etag });
  assert.equal(again.status, 304);
  assert.equal(again.body.length, 0);
  assert.equal(again.headers.etag, first.headers.etag);
  const other = await request('GET', '/worker.js', { 'If-None-Match': '"stale"' });
  assert.equal(other.status, 200);
  assert.deepEqual(other.body, first.body);
});

test('missing files are 404, paths out of web/ are 403, bad escapes are 400', async () => {
  assert.equal((await request('GET', '/no-such-file.js')).status, 404);
  assert.equal((await request('GET', '/..%2fpackage.json')).status, 403);
  assert.equal((await request('GET', '/%E0%A4%A')).status, 400);
});
