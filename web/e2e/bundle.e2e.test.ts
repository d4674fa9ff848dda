/**
 * The bundle budget, as the browser receives it from our server (gzip): the sign-in page's JS within
 * 80 KB, every screen's JS together within 200 KB. Sizes are written to web/.artifacts/bundle-sizes.json.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, inject, it } from 'vitest';
import { artifacts } from './browser';

const server = inject('e2eServer');
const assets = fileURLToPath(new URL('../dist/assets/', import.meta.url));
const KB = 1000;

/** Bytes on the wire: the compressed body's Content-Length (fetch would hand back the decompressed body). */
async function gzipBytes(pathname: string): Promise<number> {
  const response = await fetch(`${server.url}${pathname}`, { headers: { 'accept-encoding': 'gzip' } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-encoding')).toBe('gzip');
  await response.arrayBuffer();
  return Number(response.headers.get('content-length'));
}

it('keeps the sign-in page under 80 KB and all JS under 200 KB of gzip', async () => {
  const html = await (await fetch(`${server.url}/login`)).text();
  const loginScripts = [...new Set([...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((match) => match[1]!))];
  expect(loginScripts.length).toBeGreaterThan(0);
  const login = (await Promise.all(loginScripts.map(gzipBytes))).reduce((sum, bytes) => sum + bytes, 0);

  const scripts = readdirSync(assets).filter((file) => file.endsWith('.js'));
  const sizes = Object.fromEntries(await Promise.all(scripts.map(async (file) => [file, await gzipBytes(`/assets/${file}`)] as const)));
  const total = Object.values(sizes).reduce((sum, bytes) => sum + bytes, 0);
  writeFileSync(path.join(artifacts, 'bundle-sizes.json'), `${JSON.stringify({ loginGzipBytes: login, totalGzipBytes: total, files: sizes }, null, 2)}\n`);

  expect(login).toBeLessThanOrEqual(80 * KB);
  expect(total).toBeLessThanOrEqual(200 * KB);
});
