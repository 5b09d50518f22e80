/**
 * The server under test as a child process, exactly as `npm start` runs it (node --import tsx src/main.ts),
 * with the benchmark-only empty route switched on and request logging off (LOG_LEVEL=warn).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const DEMO = { merchantCode: 'imp00000001', impKey: 'bench_imp_key', impSecret: 'bench_imp_secret_0123456789' } as const;
/** Fixed so the in-process capture and the server encrypt alike; sandbox data only. */
export const BENCH_ENCRYPTION_KEY = '11'.repeat(32);

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export type ServerProcess = { url: string; pid: number; stop(): Promise<void> };

export async function startServer(opts: { dataDir: string; databaseUrl: string | null; cpuProfDir?: string | null }): Promise<ServerProcess> {
  const port = await freePort();
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PORT: String(port),
    // Its own free port for the fake PGs' worker (the default PORT+1 may be taken on a busy machine).
    OPENIMP_SANDBOX_PORT: String(await freePort()),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    OPENIMP_BENCH: '1',
    OPENIMP_DATA_DIR: opts.dataDir,
    OPENIMP_ENCRYPTION_KEY: BENCH_ENCRYPTION_KEY,
    OPENIMP_DEMO_MERCHANT_CODE: DEMO.merchantCode,
    OPENIMP_DEMO_IMP_KEY: DEMO.impKey,
    OPENIMP_DEMO_IMP_SECRET: DEMO.impSecret,
  };
  delete env.DATABASE_URL;
  if (opts.databaseUrl) env.DATABASE_URL = opts.databaseUrl;
  const prof = opts.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`] : [];
  // BENCH_NODE_ARGS: further node/V8 flags for the server alone (a heap setting, --log-deopt), space-separated.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter((a) => a !== '');
  const child = spawn(process.execPath, [...prof, ...nodeArgs, '--import', 'tsx', 'src/main.ts'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += String(d)));
  child.stderr!.on('data', (d) => {
    output += String(d);
    process.stderr.write(`[server] ${String(d)}`);
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within 60 s:\n${output}`)), 60_000);
    const check = () => {
      if (output.includes('openimp is listening')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return { url: `http://127.0.0.1:${port}`, pid: child.pid!, stop: () => stop(child) };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}
