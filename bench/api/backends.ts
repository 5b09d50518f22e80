/**
 * The server's PostgreSQL backends and the CPU they spend over a load, by pool: the gateway's sessions
 * (application_name `openimp`, src/storage/open.ts), the fake PGs' (`openimp-fake-pg`, src/sandbox-wiring.ts)
 * and the others on the database (autovacuum workers). CPU is each backend's run time from
 * /proc/<pid>/schedstat (utime + stime at ns resolution). A backend that starts during the load counts from
 * zero; one that exits during it loses its CPU of the load (/proc forgets it): those are counted in `exited`
 * (the pools keep idle connections 600 s, so there should be none).
 */
import { readFileSync } from 'node:fs';
import { SANDBOX_APPLICATION_NAME } from '../../src/sandbox-wiring.ts';
import { GATEWAY_APPLICATION_NAME } from '../../src/storage/open.ts';
import { psql } from './ceilings.ts';

type Pool = 'gateway' | 'fakePg' | 'other';
export type Backend = { pid: number; pool: Pool };
/** ms per request of each pool's backends; `exited`: backends gone before the load ended. */
export type BackendCpu = { gateway: number; fakePg: number; other: number; exited: number };

const poolOf = (app: string): Pool => (app === GATEWAY_APPLICATION_NAME ? 'gateway' : app === SANDBOX_APPLICATION_NAME ? 'fakePg' : 'other');

export async function serverBackends(db: string): Promise<Backend[]> {
  const rows = await psql(db, "select pid, application_name from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_type in ('client backend', 'autovacuum worker')");
  return rows.split('\n').filter(Boolean).map((r) => {
    const [pid, app] = r.split('|');
    return { pid: Number(pid), pool: poolOf(app ?? '') };
  });
}

/** A process's run time so far (ns, /proc/<pid>/schedstat); null once it is gone. */
export function backendRunNs(pid: number): number | null {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]);
  } catch {
    return null;
  }
}

/** Reads the backends' CPU now; the returned function reads it again and gives ms per request over `n` requests. */
export async function backendCpuFrom(db: string): Promise<(n: number) => Promise<BackendCpu>> {
  const before = new Map((await serverBackends(db)).map((b) => [b.pid, backendRunNs(b.pid)]));
  return async (n) => {
    const after = await serverBackends(db);
    const ns = { gateway: 0, fakePg: 0, other: 0 };
    for (const b of after) {
      const now = backendRunNs(b.pid);
      if (now !== null) ns[b.pool] += now - (before.get(b.pid) ?? 0);
    }
    const seen = new Set(after.map((b) => b.pid));
    const exited = [...before.keys()].filter((pid) => !seen.has(pid)).length;
    const ms = (x: number) => (n === 0 ? 0 : Math.round(x / 1e6 / n * 1000) / 1000);
    return { gateway: ms(ns.gateway), fakePg: ms(ns.fakePg), other: ms(ns.other), exited };
  };
}
