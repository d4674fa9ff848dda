import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'vite';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** Text formats worth compressing; images and fonts are compressed already. */
const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|map|txt|xml|webmanifest)$/;

/**
 * Writes `name.br` and `name.gz` beside each compressible file of the build, at the highest levels
 * (done once here, so the server never compresses per request). A twin is written only when it is
 * smaller than the original; the server sends a twin when the browser accepts its encoding.
 */
export function precompress(): Plugin {
  return {
    name: 'highwater:precompress',
    apply: 'build',
    async writeBundle(options) {
      if (!options.dir) return;
      const files = await readdir(options.dir, { recursive: true, withFileTypes: true });
      const targets = files.filter((file) => file.isFile() && COMPRESSIBLE.test(file.name));
      await Promise.all(targets.map((file) => compressFile(path.join(file.parentPath, file.name))));
    },
  };
}

async function compressFile(file: string) {
  const original = await readFile(file);
  const [br, gz] = await Promise.all([
    brotliAsync(original, {
      params: {
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: original.length,
      },
    }),
    gzipAsync(original, { level: constants.Z_BEST_COMPRESSION }),
  ]);
  if (br.length < original.length) await writeFile(`${file}.br`, br);
  if (gz.length < original.length) await writeFile(`${file}.gz`, gz);
}
