/**
 * `import { startOpenimp } from 'openimp'`: a whole gateway for a merchant's test suite, on a free
 * port of 127.0.0.1 with a throw-away embedded database, the sandbox PGs (their own worker thread and
 * free port) and one merchant, started by
 * the same routine as `npm start` (start.ts). `stop()` closes it and deletes its data directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './config.ts';
import { startServer, type Running } from './start.ts';

export type StartOpenimpOptions = {
  /** "imp" + 8 digits; generated when omitted. */
  merchantCode?: string;
  /** The merchant's REST API key pair; generated (and returned) when omitted. */
  impKey?: string;
  impSecret?: string;
  /** Password of the console user demo@openimp.local; generated when omitted. */
  consolePassword?: string;
  /** A fixed port instead of a free one. */
  port?: number;
  /** pino level of the gateway's log (written to stdout); default `warn`. */
  logLevel?: string;
  /** Further settings by environment variable name (docs/configuration.md), e.g. { OPENIMP_PG_TIMEOUT_MS: '2000' }. */
  env?: Record<string, string>;
};

export type OpenimpInstance = {
  /** Base URL: the REST API (`${url}/users/getToken`), the SDK (`${url}/v1/iamport.js`), the console. */
  url: string;
  merchantCode: string;
  impKey: string;
  impSecret: string;
  console: { email: string; password: string } | null;
  /** The temporary data directory (embedded database, key file); removed by stop(). */
  dataDir: string;
  /** Stops the gateway and removes its temporary data directory. */
  stop(): Promise<void>;
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const inUse = (e: unknown) => (e as { code?: string }).code === 'EADDRINUSE';

export async function startOpenimp(opts: StartOpenimpOptions = {}): Promise<OpenimpInstance> {
  if ((opts.impKey === undefined) !== (opts.impSecret === undefined)) throw new Error('startOpenimp: give impKey and impSecret together, or neither');
  const dataDir = mkdtempSync(join(tmpdir(), 'openimp-'));
  let running: Running | null = null;
  try {
    // A free port can be taken between the probe and the listen: try another one then.
    for (let attempt = 0; running === null; attempt++) {
      const port = opts.port ?? (await freePort());
      // Not process.env: the merchant's own DATABASE_URL or PORT must not leak into the gateway.
      const config = loadConfig({
        ...opts.env, PORT: String(port), HOST: '127.0.0.1', OPENIMP_PUBLIC_URL: `http://127.0.0.1:${port}`, OPENIMP_DATA_DIR: dataDir,
        LOG_LEVEL: opts.logLevel ?? 'warn', OPENIMP_DEMO_MERCHANT_CODE: opts.merchantCode, OPENIMP_DEMO_IMP_KEY: opts.impKey,
        OPENIMP_DEMO_IMP_SECRET: opts.impSecret, OPENIMP_DEMO_CONSOLE_PASSWORD: opts.consolePassword,
        // The fake PGs on a free port of their own (their URL is wherever they listen).
        OPENIMP_SANDBOX_PORT: '0',
      });
      try {
        running = await startServer(config);
      } catch (e) {
        if (!inUse(e) || opts.port !== undefined || attempt >= 4) throw e;
      }
    }
  } catch (e) {
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
  const r = running;
  const { demo } = r.gateway;
  let stopped: Promise<void> | null = null;
  return {
    url: r.url,
    merchantCode: demo.merchant.code,
    impKey: opts.impKey ?? demo.keys!.imp_key,
    impSecret: opts.impSecret ?? demo.keys!.imp_secret,
    console: demo.consoleUser ? { email: demo.consoleUser.email, password: demo.consoleUser.password } : null,
    dataDir,
    stop: () => (stopped ??= r.close().finally(() => rmSync(dataDir, { recursive: true, force: true }))),
  };
}
