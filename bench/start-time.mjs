// Start time of openimp: spawn to the first answered HTTP request (GET /v1/iamport.js) on a free port.
//   node bench/start-time.mjs [runs] [fresh|warm]
// compares `tsx src/main.ts` (npm start) with `node bin/openimp.js` (npx openimp, compiled). `fresh`: each
// run on a new data directory (embedded PGlite initialised and migrated, demo merchant created); `warm`:
// every run on one data directory that a first, untimed start created (a restart).
// Needs `npm run build` first for the compiled side.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const runs = Number(process.argv[2] ?? 5);
const warm = process.argv[3] === 'warm';
const commands = {
  'tsx src/main.ts (npm start, before)': [process.execPath, ['--import', 'tsx', 'src/main.ts']],
  'node bin/openimp.js (npx openimp, compiled)': [process.execPath, ['bin/openimp.js']],
};

const freePort = () => new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});

const warmDirs = new Map();

async function once([cmd, args]) {
  if (warm && !warmDirs.has(cmd + args)) {
    warmDirs.set(cmd + args, mkdtempSync(join(tmpdir(), 'openimp-start-')));
    await start(cmd, args, warmDirs.get(cmd + args));
  }
  const dir = warm ? warmDirs.get(cmd + args) : mkdtempSync(join(tmpdir(), 'openimp-start-'));
  try {
    return await start(cmd, args, dir);
  } finally {
    if (!warm) rmSync(dir, { recursive: true, force: true });
  }
}

async function start(cmd, args, dir) {
  const port = await freePort();
  const t0 = performance.now();
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', OPENIMP_DATA_DIR: dir, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  const child = spawn(cmd, args, { env, stdio: 'ignore' });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}`);
      try {
        if ((await fetch(`http://127.0.0.1:${port}/v1/iamport.js`)).ok) return performance.now() - t0;
      } catch { /* not listening yet */ }
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
  }
}

// Interleaved, so a change in machine load hits both sides alike.
const times = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
for (let i = 0; i < runs; i++) for (const [name, command] of Object.entries(commands)) times[name].push(await once(command));
for (const [name, ms] of Object.entries(times)) {
  ms.sort((a, b) => a - b);
  const f = (x) => `${(x / 1000).toFixed(2)} s`;
  console.log(`${warm ? 'warm' : 'fresh'} ${name}: median ${f(ms[Math.floor(ms.length / 2)])}, min ${f(ms[0])}, max ${f(ms.at(-1))} (${runs} runs: ${ms.map(f).join(', ')})`);
}
for (const dir of warmDirs.values()) rmSync(dir, { recursive: true, force: true });
