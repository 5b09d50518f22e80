/**
 * `npx tsx bench/api/fake-pg.ts`: the fake JTNet alone, as `npm start` runs it (its worker thread on its
 * own PostgreSQL schema), charged with one billing key (`/api/v1/payments_token`, fresh `moid`s) by this
 * thread over keep-alive sockets; prints the worker thread's CPU per charge (the gateway is not involved).
 * Env: BENCH_CHARGES (5000), BENCH_CONNECTIONS (50), BENCH_ROUNDS (3: CPU per charge of each round).
 * Runs on a fresh database (`createdb`, dropped afterwards). `node --cpu-prof --import tsx` profiles it.
 */
import { execFileSync } from 'node:child_process';
import { Agent, request } from 'node:http';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandboxWorker } from '../../src/sandbox-wiring.ts';
import { jtnetDefaultTestMerchant } from '../../src/sandbox/jtnet/wire.ts';
import { pgArgs } from './ceilings.ts';

/** utime and stime (ms) of every thread of this process: which thread spent what, user vs kernel. */
function threads(): Map<string, [number, number]> {
  const out = new Map<string, [number, number]>();
  for (const tid of readdirSync('/proc/self/task')) {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    out.set(`${tid} ${stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))}`, [Number(f[11]) * 10, Number(f[12]) * 10]);
  }
  return out;
}

const charges = Number(process.env.BENCH_CHARGES ?? 5000);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const MID = 'tpaytest1m';
const agent = new Agent({ keepAlive: true, maxSockets: connections });

function post(base: string, path: string, form: Record<string, string>): Promise<Record<string, string>> {
  const body = new URLSearchParams(form).toString();
  return new Promise((resolve, reject) => {
    const req = request(`${base}/jtnet${path}`, { method: 'POST', agent, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, string>));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const dbName = `openimp_bench_fakepg_${Date.now()}_${process.pid}`;
execFileSync('createdb', pgArgs(dbName));
const dataDir = mkdtempSync(join(tmpdir(), 'openimp-bench-fakepg-'));
const sandbox = await startSandboxWorker({
  port: 0, host: '127.0.0.1', adminToken: 'bench-fake-pg', timeoutDelayMs: 1000,
  databaseUrl: `postgres://root@127.0.0.1:5432/${dbName}`, dataDir, schema: 'bench_fake_pg',
});
try {
  const auth = { mid: MID, api_key: jtnetDefaultTestMerchant.apiKey };
  const key = await post(sandbox.url, '/api/v1/gen_billkey', { ...auth, card_num: '9366000000000009', card_exp: '3012', card_pwd: '00', buyer_auth_num: '820213' });
  if (key.result_cd !== '0000') throw new Error(`gen_billkey: ${JSON.stringify(key)}`);
  let n = 0;
  const run = async (count: number, prefix: string) => {
    let next = 0;
    await Promise.all(Array.from({ length: connections }, async () => {
      while (next < count) {
        const i = next++;
        const r = await post(sandbox.url, '/api/v1/payments_token', { ...auth, moid: `${prefix}-${i}`, amt: '1000', card_token: key.card_token!, card_quota: '00' });
        if (r.result_cd !== '0000') throw new Error(`payments_token: ${JSON.stringify(r)}`);
        n++;
      }
    }));
  };
  await run(Math.min(1000, charges), 'warm');
  for (let round = 1; round <= rounds; round++) {
    const th0 = threads();
    const u0 = sandbox.usage()!;
    const t0 = performance.now();
    await run(charges, `run${round}`);
    const u1 = sandbox.usage()!;
    const s = (performance.now() - t0) / 1000;
    const cpu = u0.cpuMs === null || u1.cpuMs === null ? null : (u1.cpuMs - u0.cpuMs) / charges;
    for (const [name, [u, k]] of threads()) {
      const [u0t, k0t] = th0.get(name) ?? [0, 0];
      if (u - u0t + k - k0t > charges * 0.02) process.stdout.write(`  thread ${name}: user ${((u - u0t) / charges).toFixed(3)} + sys ${((k - k0t) / charges).toFixed(3)} ms/charge\n`);
    }
    process.stdout.write(`round ${round}: ${charges} charges in ${s.toFixed(1)} s (${Math.round(charges / s)}/s), fake PG thread CPU ${cpu?.toFixed(3) ?? '-'} ms/charge, event loop busy ${((u1.activeMs - u0.activeMs) / charges).toFixed(3)} ms/charge\n`);
  }
  process.stdout.write(`${n} charges, ${connections} connections\n`);
} finally {
  agent.destroy();
  await sandbox.close();
  rmSync(dataDir, { recursive: true, force: true });
  execFileSync('dropdb', ['--if-exists', ...pgArgs(dbName)]);
}
