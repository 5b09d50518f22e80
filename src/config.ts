/** The one parsed configuration object; nothing else reads process.env. */
import { resolve } from 'node:path';
import { pgOverridesFrom, trustProxyFrom, type PgOverrides } from './config-pg.ts';
import { loadRecurringConfig, type RecurringConfig } from './config-recurring.ts';

export type Config = {
  port: number;
  host: string;
  /** Where browsers and PGs reach this server (used in redirect and window URLs). */
  publicUrl: string;
  databaseUrl: string | null;
  /** PostgreSQL pool size (OPENIMP_DB_POOL_MAX): each `again` holds a connection per statement and waits on commits. */
  dbPoolMax: number;
  /** OPENIMP_DB_POOL_IDLE_SECONDS: how long an idle pooled connection is kept (0 = until the process ends; unset = DEFAULT_POOL_IDLE_SECONDS, 600 s, in storage/postgres.ts). */
  dbPoolIdleSeconds?: number;
  /** OPENIMP_DB_PREPARED_STATEMENTS=0: run every statement unnamed (for a pooler that cannot keep prepared statements). */
  dbPreparedStatements: boolean;
  dataDir: string;
  /** 32-byte AES key (hex or base64); null -> a generated key file in dataDir. */
  encryptionKey: string | null;
  /** consolePassword: OPENIMP_DEMO_CONSOLE_PASSWORD for demo@openimp.local; null -> generated at first start. */
  demo: { merchantCode: string | null; impKey: string | null; impSecret: string | null; consolePassword?: string | null };
  logLevel: string;
  /** How long a connector waits for a PG before the attempt becomes unknown. */
  pgTimeoutMs: number;
  /**
   * The fake PGs (docs/configuration.md "Sandbox PGs"): the port `npm start` serves them on in a
   * worker thread (OPENIMP_SANDBOX_PORT; default PORT+1, or 0 when PORT is 0; 0 = any free port, null = `off`, not started),
   * the URL sandbox channels reach them at (OPENIMP_SANDBOX_URL; default http://localhost:{port}),
   * the bearer token of their controls (null = a new random one per start), and their own storage:
   * PGlite in {dataDir}/sandbox, or this schema on DATABASE_URL.
   */
  sandbox: { port: number | null; url: string | null; adminToken: string | null; schema: string };
  bodyLimitBytes: number;
  /** OPENIMP_<PG>_URL and OPENIMP_<PG>_NOTIFY_IPS for a PG (test and live channels; src/config-pg.ts). */
  pgOverrides: (provider: string) => PgOverrides;
  /** OPENIMP_TRUST_PROXY: proxies whose X-Forwarded-For names the client; null: none. */
  trustProxy: string[] | null;
  /** Seconds an unknown attempt waits before a background status check. */
  unknownAttemptRecheckSec: number;
  /** Scheduler, webhook outbox and Idempotency-Key settings (src/config-recurring.ts, docs/scale-out.md). */
  recurring: RecurringConfig;
  /**
   * OPENIMP_ALLOW_PRIVATE_URLS: may notice_url, the webhook URL and confirm_url reach loopback/private
   * addresses? Default: yes on the embedded database (a developer's receiver on localhost), no on PostgreSQL.
   */
  allowPrivateUrls: boolean;
  /** OPENIMP_BENCH=1: registers the hidden `GET /__bench/empty` the API benchmark compares against. */
  benchRoutes: boolean;
};

type Env = Record<string, string | undefined>;

function flag(env: Env, name: string, dflt: boolean): boolean {
  const v = env[name];
  if (v === undefined || v === '') return dflt;
  if (v === '1' || v === 'true') return true;
  if (v === '0' || v === 'false') return false;
  throw new Error(`${name} must be 1 or 0, got ${JSON.stringify(v)}`);
}

function int(env: Env, name: string, dflt: number): number {
  const v = env[name];
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got ${JSON.stringify(v)}`);
  return n;
}

export function loadConfig(env: Env = process.env): Config {
  const port = int(env, 'PORT', 4000);
  const host = env.HOST ?? '0.0.0.0';
  const merchantCode = env.OPENIMP_DEMO_MERCHANT_CODE ?? null;
  if (merchantCode !== null && !/^imp[0-9]{8}$/.test(merchantCode)) throw new Error('OPENIMP_DEMO_MERCHANT_CODE must be "imp" followed by 8 digits');
  const dbUrl = env.DATABASE_URL ?? null;
  if (dbUrl !== null && !/^postgres(ql)?:\/\//.test(dbUrl)) throw new Error('DATABASE_URL must be a postgres:// URL');
  return {
    port,
    host,
    publicUrl: (env.OPENIMP_PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    databaseUrl: dbUrl,
    dbPoolMax: int(env, 'OPENIMP_DB_POOL_MAX', 20),
    dbPoolIdleSeconds: env.OPENIMP_DB_POOL_IDLE_SECONDS ? int(env, 'OPENIMP_DB_POOL_IDLE_SECONDS', 0) : undefined,
    dbPreparedStatements: env.OPENIMP_DB_PREPARED_STATEMENTS !== '0',
    dataDir: resolve(env.OPENIMP_DATA_DIR ?? './data'),
    encryptionKey: env.OPENIMP_ENCRYPTION_KEY ?? null,
    demo: { merchantCode, impKey: env.OPENIMP_DEMO_IMP_KEY ?? null, impSecret: env.OPENIMP_DEMO_IMP_SECRET ?? null, consolePassword: env.OPENIMP_DEMO_CONSOLE_PASSWORD || null },
    logLevel: env.LOG_LEVEL ?? 'info',
    pgTimeoutMs: int(env, 'OPENIMP_PG_TIMEOUT_MS', 10_000),
    sandbox: loadSandboxConfig(env, port),
    bodyLimitBytes: int(env, 'OPENIMP_BODY_LIMIT_BYTES', 1_048_576),
    pgOverrides: pgOverridesFrom(env),
    trustProxy: trustProxyFrom(env),
    unknownAttemptRecheckSec: int(env, 'OPENIMP_UNKNOWN_RECHECK_SEC', 30),
    recurring: loadRecurringConfig(env),
    allowPrivateUrls: flag(env, 'OPENIMP_ALLOW_PRIVATE_URLS', dbUrl === null),
    benchRoutes: env.OPENIMP_BENCH === '1',
  };
}

function loadSandboxConfig(env: Env, port: number): Config['sandbox'] {
  const raw = env.OPENIMP_SANDBOX_PORT;
  const sandboxPort = raw === 'off' ? null : int(env, 'OPENIMP_SANDBOX_PORT', port === 0 ? 0 : port + 1); // PORT=0: any free port for both
  if (sandboxPort !== null && sandboxPort > 65535) throw new Error('OPENIMP_SANDBOX_PORT must be a port number or "off"');
  const url = env.OPENIMP_SANDBOX_URL ? env.OPENIMP_SANDBOX_URL.replace(/\/$/, '') : sandboxPort ? `http://localhost:${sandboxPort}` : null;
  const schema = env.OPENIMP_SANDBOX_SCHEMA ?? 'openimp_sandbox';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error('OPENIMP_SANDBOX_SCHEMA must be a lower-case SQL identifier');
  return { port: sandboxPort, url, adminToken: env.OPENIMP_SANDBOX_ADMIN_TOKEN || null, schema };
}

/**
 * Seconds between unknown-attempt re-checks, which are also how old an attempt must be before one asks
 * the PG about it. A re-check must not race a PG call still running, so a setting below the PG timeout
 * is raised to the timeout (rounded up) plus one second; `raisedFrom` says so, for the start-up log.
 */
export function recheckSeconds(c: Pick<Config, 'pgTimeoutMs' | 'unknownAttemptRecheckSec'>): { sec: number; raisedFrom: number | null } {
  const floor = Math.ceil(c.pgTimeoutMs / 1000) + 1;
  return c.unknownAttemptRecheckSec >= floor ? { sec: c.unknownAttemptRecheckSec, raisedFrom: null } : { sec: floor, raisedFrom: c.unknownAttemptRecheckSec };
}
