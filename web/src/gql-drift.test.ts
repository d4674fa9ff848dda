// @vitest-environment node
import { generate } from '@graphql-codegen/cli';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import config from '../../codegen';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

it('web/src/gql matches the schema and the operations (run `pnpm codegen` at the repository root if not)', async () => {
  // generate() is typed `FileOutput[] | any` because of watch mode, which is not used here.
  const outputs: { filename: string; content: string }[] = await generate(
    { ...config, cwd: repoRoot, silent: true },
    false,
  );
  expect(outputs.length).toBeGreaterThan(0);

  const stale: string[] = [];
  for (const { filename, content } of outputs) {
    const file = path.resolve(repoRoot, filename);
    const committed = await readFile(file, 'utf8').catch(() => null);
    if (committed !== content) stale.push(path.relative(repoRoot, file));
  }
  // Files codegen no longer produces are stale too.
  const generated = new Set(outputs.map(({ filename }) => path.resolve(repoRoot, filename)));
  const gqlDir = fileURLToPath(new URL('./gql', import.meta.url));
  for (const name of await readdir(gqlDir)) {
    const file = path.join(gqlDir, name);
    if (!generated.has(file)) stale.push(path.relative(repoRoot, file));
  }

  expect(
    stale,
    `Generated GraphQL types are out of date: run \`pnpm codegen\` at the repository root.`,
  ).toEqual([]);
}, 60_000);
