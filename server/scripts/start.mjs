// `pnpm start`: builds what is missing (admin app, server, FerretDB when MONGODB_URL is unset), then runs
// the server. Plain JavaScript so it runs before anything is compiled.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const serverDir = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const repoDir = path.dirname(serverDir);

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`\`${command} ${args.join(' ')}\` failed (in ${cwd}); fix the error above and run pnpm start again.`);
    process.exit(result.status ?? 1);
  }
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

if (!existsSync(path.join(repoDir, 'web/dist/index.html'))) {
  console.log('building the admin app…');
  run('pnpm', ['--filter', 'web', 'build'], repoDir);
}
const serverEntry = path.join(serverDir, 'dist/main.js');
if (!existsSync(serverEntry) || statSync(serverEntry).mtimeMs < newestMtime(path.join(serverDir, 'src'))) {
  console.log('building the server…');
  run('pnpm', ['run', 'build'], serverDir);
}
if (!process.env.MONGODB_URL) run('bash', [path.join(serverDir, 'scripts/build-ferretdb.sh')], serverDir);

const child = spawn(process.execPath, ['--enable-source-maps', serverEntry], { cwd: serverDir, stdio: 'inherit' });
// The server shuts down gracefully and prints its own line; we pass the first signal on (a signal to the
// process group reaches it directly too, and pnpm forwards its own copy to us) and exit as it does, so
// pnpm sees 0 and prints no failure. The `exec` in package.json makes us pnpm's direct child: a shell in
// between would die of the signal and pnpm would report ELIFECYCLE.
let forwarded = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (forwarded) return;
    forwarded = true;
    child.kill(signal);
  });
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
