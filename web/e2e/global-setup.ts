import { mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { buildWebApp, startE2eServer, type E2eServer } from './e2e-server-process';

declare module 'vitest' {
  export interface ProvidedContext {
    e2eServer: E2eServer;
  }
}

const artifacts = fileURLToPath(new URL('../.artifacts/', import.meta.url));

/** Builds the app and starts one e2e server for every browser test file. */
export default async function setup(project: TestProject) {
  mkdirSync(artifacts, { recursive: true });
  // Each run writes its own accessibility summary (e2e/axe.ts), screen by screen.
  rmSync(`${artifacts}axe-summary.json`, { force: true });
  buildWebApp();
  const { server, stop } = await startE2eServer();
  project.provide('e2eServer', server);
  return stop;
}
