import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, expect, inject, it } from 'vitest';

const serverDir = new URL('../', import.meta.url).pathname;

describe('the server process', () => {
  it('starts, answers, and exits 0 within seconds of SIGTERM (graceful shutdown)', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: serverDir,
      env: { ...process.env, NODE_ENV: 'development', DATABASE_URL: inject('databaseUrl'), MONGODB_URL: inject('mongodbUrl'), PORT: '0', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const match = /ready at (http:\/\/\S+?)\/? /.exec(line);
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
    });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);

    const exited = new Promise<{ code: number | null; afterMs: number }>((resolve) => {
      const sent = Date.now();
      child.once('exit', (code) => resolve({ code, afterMs: Date.now() - sent }));
    });
    child.kill('SIGTERM');
    const { code, afterMs } = await exited;
    expect(code).toBe(0);
    expect(afterMs).toBeLessThan(10_000);
  });
});
