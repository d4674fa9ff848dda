import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CACHE_HASHED, CACHE_OTHER, CACHE_SHELL, chooseEncoding, serveWebApp } from './serve-web-app.js';

const shell =
  '<!doctype html><html><head><script type="module" src="/assets/index-DKaX4WiA.js"></script></head>' +
  '<body><div id="app"></div></body></html>';
const mainJs = `console.log(${JSON.stringify('highwater '.repeat(400))});`;
const appCss = 'body { margin: 0; }';

let distDir: string;
let server: Server;
let base: string;

beforeAll(async () => {
  // A dist/ as `vite build` writes it: hashed assets with twins, a shell with twins, an unhashed file.
  distDir = mkdtempSync(path.join(tmpdir(), 'highwater-dist-'));
  mkdirSync(path.join(distDir, 'assets'));
  writeFileSync(path.join(distDir, 'index.html'), shell);
  writeFileSync(path.join(distDir, 'index.html.br'), brotliCompressSync(shell));
  writeFileSync(path.join(distDir, 'index.html.gz'), gzipSync(shell));
  writeFileSync(path.join(distDir, 'assets/index-DKaX4WiA.js'), mainJs);
  writeFileSync(path.join(distDir, 'assets/index-DKaX4WiA.js.br'), brotliCompressSync(mainJs));
  writeFileSync(path.join(distDir, 'assets/index-DKaX4WiA.js.gz'), gzipSync(mainJs));
  // Too small for a twin to pay off, so the build wrote none.
  writeFileSync(path.join(distDir, 'assets/index-BQvXa_Eb.css'), appCss);
  writeFileSync(path.join(distDir, 'robots.txt'), 'User-agent: *\n');

  const web = express();
  web.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  web.post('/graphql', (_req, res) => {
    res.json({ data: null });
  });
  serveWebApp(web, distDir);
  server = createServer(web);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(distDir, { recursive: true, force: true });
});

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** node:http, not fetch: fetch would decode the body and hide what went over the wire. */
function get(pathname: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(`http://${base}${pathname}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('serving the admin app', () => {
  it('sends brotli to a browser that accepts it, with the original type and length of what is sent', async () => {
    const res = await get('/assets/index-DKaX4WiA.js', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/^text\/javascript|^application\/javascript/);
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    expect(res.body.length).toBeLessThan(mainJs.length);
    expect(brotliDecompressSync(res.body).toString()).toBe(mainJs);
  });

  it('sends gzip when brotli is not accepted, or refused with q=0', async () => {
    for (const acceptEncoding of ['gzip, deflate', 'br;q=0, gzip', 'gzip;q=1, br;q=0.5', '*, br;q=0']) {
      const res = await get('/assets/index-DKaX4WiA.js', { 'accept-encoding': acceptEncoding });
      expect(res.headers['content-encoding'], acceptEncoding).toBe('gzip');
      expect(Number(res.headers['content-length'])).toBe(res.body.length);
      expect(gunzipSync(res.body).toString()).toBe(mainJs);
    }
  });

  it('sends the original when no encoding it has is acceptable', async () => {
    const refusals: Record<string, string>[] = [
      {},
      { 'accept-encoding': 'identity' },
      { 'accept-encoding': 'deflate, br;q=0, gzip;q=0' },
      { 'accept-encoding': '*;q=0' },
    ];
    for (const headers of refusals) {
      const res = await get('/assets/index-DKaX4WiA.js', headers);
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.headers.vary).toMatch(/accept-encoding/i);
      expect(res.body.toString()).toBe(mainJs);
      expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(mainJs));
    }
  });

  it('sends a file without twins as it is, and without Vary', async () => {
    const res = await get('/assets/index-BQvXa_Eb.css', { 'accept-encoding': 'br, gzip' });
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers.vary).toBeUndefined();
    expect(res.headers['content-type']).toMatch(/^text\/css/);
    expect(res.body.toString()).toBe(appCss);
  });

  it('caches hashed assets for a year as immutable, the shell never without revalidating, other files briefly', async () => {
    expect((await get('/assets/index-DKaX4WiA.js')).headers['cache-control']).toBe(CACHE_HASHED);
    expect((await get('/assets/index-BQvXa_Eb.css')).headers['cache-control']).toBe(CACHE_HASHED);
    expect((await get('/index.html')).headers['cache-control']).toBe(CACHE_SHELL);
    expect((await get('/robots.txt')).headers['cache-control']).toBe(CACHE_OTHER);
    expect(CACHE_HASHED).toBe('public, max-age=31536000, immutable');
    expect(CACHE_SHELL).toBe('no-cache');
  });

  it('gives client routes the shell, compressed and not cached', async () => {
    for (const route of ['/', '/organizations', '/sync/runs/42']) {
      const res = await get(route, { 'accept-encoding': 'br' });
      expect(res.status, route).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-encoding']).toBe('br');
      expect(brotliDecompressSync(res.body).toString()).toBe(shell);
    }
    const head = await get('/organizations', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['cache-control']).toBe('no-cache');
  });

  it('revalidates the shell with its ETag', async () => {
    const first = await get('/', { 'accept-encoding': 'gzip' });
    expect(first.headers.etag).toBeTruthy();
    const again = await get('/', { 'accept-encoding': 'gzip', 'if-none-match': first.headers.etag! });
    expect(again.status).toBe(304);
  });

  it('puts a policy without inline script, eval or inline style on the shell and the files', async () => {
    for (const pathname of ['/', '/organizations', '/assets/index-DKaX4WiA.js']) {
      const csp = String((await get(pathname)).headers['content-security-policy']);
      const directives = new Map(
        csp.split(';').map((directive) => {
          const [name, ...sources] = directive.trim().split(/\s+/);
          return [name, sources] as const;
        }),
      );
      expect(directives.get('default-src')).toEqual(["'self'"]);
      expect(directives.get('script-src')).toEqual(["'self'"]);
      expect(directives.get('style-src')).toEqual(["'self'"]);
      expect(directives.get('img-src')).toEqual(["'self'", 'data:']);
      // graphql-ws connects to ws(s)://<this host>/graphql, which 'self' covers only in CSP Level 3 browsers.
      expect(directives.get('connect-src')).toEqual(["'self'", `ws://${base}`, `wss://${base}`]);
      expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
      expect(directives.get('base-uri')).toEqual(["'self'"]);
      expect(directives.get('form-action')).toEqual(["'self'"]);
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    }
  });

  it('names no websocket origin from a Host header that is not a host', async () => {
    const res = await get('/', { host: "evil.example; script-src 'unsafe-inline'" });
    const csp = res.headers['content-security-policy'];
    expect(csp).toMatch(/connect-src 'self'; /);
    expect(csp).not.toMatch(/unsafe-inline/);
  });

  it('leaves the API routes and files outside dist/ alone', async () => {
    const health = await get('/healthz');
    expect(health.headers['content-type']).toMatch(/^application\/json/);
    expect(health.headers['content-security-policy']).toBeUndefined();
    // Not the shell: /graphql GET is the API's (here: nothing), never the app.
    expect((await get('/graphql')).status).toBe(404);
    for (const escape of ['/..%2fpackage.json', '/assets/%2e%2e/%2e%2e/etc/passwd']) {
      const res = await get(escape);
      expect(res.body.toString(), escape).toBe(shell);
    }
  });
});

describe('chooseEncoding', () => {
  it('prefers br on a tie and honours q', () => {
    expect(chooseEncoding('gzip, br', ['br', 'gzip'])).toBe('br');
    expect(chooseEncoding('gzip;q=0.9, br;q=0.8', ['br', 'gzip'])).toBe('gzip');
    expect(chooseEncoding('BR;Q=0.5', ['br', 'gzip'])).toBe('br');
    expect(chooseEncoding('br', ['gzip'])).toBeUndefined();
    expect(chooseEncoding('*', ['gzip'])).toBe('gzip');
    expect(chooseEncoding(undefined, ['br', 'gzip'])).toBeUndefined();
  });
});

describe('without a build', () => {
  it('says at / how to build the app', async () => {
    const web = express();
    serveWebApp(web, path.join(tmpdir(), 'highwater-no-such-dist'));
    const bare = createServer(web);
    await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(bare.address() as AddressInfo).port}/`);
      expect(await res.text()).toMatch(/pnpm --filter web build/);
    } finally {
      await new Promise((resolve) => bare.close(resolve));
    }
  });
});
