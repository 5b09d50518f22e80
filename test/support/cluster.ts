/**
 * Several real openimp processes (`node --import tsx src/main.ts`) on one PostgreSQL schema, for the
 * scale-out test and the scheduler/outbox benchmark. Only 127.0.0.1; processes are ended by pid.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export const CLUSTER_DEMO = { code: 'imp20000001', impKey: 'scale_imp_key', impSecret: 'scale_imp_secret_0123456789' } as const;

export type Cluster = {
  schema: string;
  pool: pg.Pool;
  urls: string[];
  /** The openimp processes' pids, in start order. */
  pids: number[];
  start(n: number, env?: Record<string, string>): Promise<void>;
  token(url: string): Promise<string>;
  call(url: string, method: string, path: string, body?: unknown, token?: string): Promise<any>;
  /** `kill -9` of the i-th process started (a crash: nothing of it runs any more). */
  kill(i: number): Promise<void>;
  stop(): Promise<void>;
};

export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

/** A fresh schema on `baseUrl`; its processes reach it through `options=-c search_path=...`. */
export async function createCluster(baseUrl: string): Promise<Cluster> {
  const schema = `scale_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Pool({ connectionString: baseUrl, max: 2 });
  await admin.query(`create schema "${schema}"`);
  await admin.end();
  const sep = baseUrl.includes('?') ? '&' : '?';
  // application_name names this cluster's PostgreSQL backends (the benchmark reads their CPU).
  const dbUrl = `${baseUrl}${sep}options=${encodeURIComponent(`-c search_path=${schema}`)}&application_name=${schema}`;
  const pool = new pg.Pool({ connectionString: dbUrl, max: 4 });
  const dataDir = mkdtempSync(join(tmpdir(), 'openimp-cluster-'));
  const children: ChildProcess[] = [];
  const urls: string[] = [];
  const pids: number[] = [];
  const key = randomBytes(32).toString('hex');

  async function startOne(env: Record<string, string>): Promise<void> {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    // BENCH_CPU_PROF=<dir>: each process writes a .cpuprofile per thread there when it stops (benchmarks).
    const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
    const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'src/main.ts'], {
      env: {
        ...process.env, PORT: String(port), HOST: '127.0.0.1', OPENIMP_PUBLIC_URL: url, DATABASE_URL: dbUrl, OPENIMP_DATA_DIR: dataDir,
        OPENIMP_ENCRYPTION_KEY: key, OPENIMP_DEMO_MERCHANT_CODE: CLUSTER_DEMO.code, OPENIMP_DEMO_IMP_KEY: CLUSTER_DEMO.impKey,
        OPENIMP_DEMO_IMP_SECRET: CLUSTER_DEMO.impSecret, LOG_LEVEL: 'warn',
        // The webhook receiver is on 127.0.0.1, which PostgreSQL deployments refuse by default (docs/security.md).
        OPENIMP_ALLOW_PRIVATE_URLS: '1',
        // Each process runs its fake PGs on a free port; their books are shared in a schema of this cluster.
        OPENIMP_SANDBOX_PORT: '0', OPENIMP_SANDBOX_SCHEMA: `${schema}_sbx`, ...env,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    await new Promise<void>((res, rej) => {
      const t = setTimeout(() => rej(new Error('openimp did not start in 60 s')), 60_000);
      child.stdout!.on('data', (c: Buffer) => {
        if (String(c).includes('openimp is listening')) {
          clearTimeout(t);
          res();
        }
      });
      child.once('exit', (code) => rej(new Error(`openimp exited with ${code}`)));
    });
    child.stdout!.resume();
    urls.push(url);
    pids.push(child.pid!);
  }

  const cluster: Cluster = {
    schema, pool, urls, pids,
    // One after the other: the first creates the demo merchant, the others find it.
    async start(n, env = {}) {
      for (let i = 0; i < n; i++) await startOne(env);
    },
    async token(url) {
      const r = await cluster.call(url, 'POST', '/users/getToken', { imp_key: CLUSTER_DEMO.impKey, imp_secret: CLUSTER_DEMO.impSecret });
      return r.response.access_token;
    },
    async call(url, method, path, body, token) {
      const res = await fetch(url + path, {
        method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return res.json();
    },
    async kill(i) {
      const c = children[i]!;
      if (c.exitCode !== null || c.signalCode !== null) return;
      await new Promise<void>((res) => {
        c.once('exit', () => res());
        c.kill('SIGKILL');
      });
    },
    async stop() {
      await Promise.all(children.map((c) => new Promise<void>((res) => {
        if (c.exitCode !== null || c.signalCode !== null) return res();
        c.once('exit', () => res());
        c.kill('SIGTERM');
      })));
      await pool.query(`drop schema if exists "${schema}" cascade`).catch(() => undefined);
      await pool.query(`drop schema if exists "${schema}_sbx" cascade`).catch(() => undefined);
      await pool.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return cluster;
}
