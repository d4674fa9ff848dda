import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { buildAppSchema, printAppSchema, SCHEMA_FILE } from './schema.js';

it('matches the committed schema.graphql (run `pnpm --filter server schema:emit` after changing the API)', async () => {
  const emitted = printAppSchema(await buildAppSchema());
  expect(readFileSync(SCHEMA_FILE, 'utf8'), 'schema.graphql is stale: run `pnpm --filter server schema:emit`').toBe(emitted);
});
