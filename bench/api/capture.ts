/**
 * The exact SQL one request executes: the gateway is built in-process on a recording Db (same code
 * as the server: createGateway), warmed with one request, then one more request is recorded
 * statement by statement, with its parameters and the transaction boundaries the driver sends.
 */
import { loadConfig, type Config } from '../../src/config.ts';
import { createGateway } from '../../src/gateway.ts';
import { createLogger } from '../../src/logger.ts';
import { startSandbox } from '../../src/sandbox-wiring.ts';
import type { Db, Queryable } from '../../src/storage/db.ts';
import { againBody, CUSTOMER_UID } from './load.ts';
import { BENCH_ENCRYPTION_KEY, DEMO } from './server-process.ts';

export type Statement = { sql: string; params: unknown[] };
/** One recorded request: its statements and the ids it generated (which a replay must vary). */
export type Captured = { statements: Statement[]; impUid: string; merchantUid: string; pgTid: string | null };

/**
 * `db` with every statement reported to `onQuery` as it runs and, to `onTx`, where each transaction
 * begins and ends (also used by bench/plan-survey.ts).
 */
export function observedDb(db: Db, onQuery: (sql: string, params: readonly unknown[]) => void, onTx?: (mark: 'BEGIN' | 'COMMIT' | 'ROLLBACK') => void): Db {
  const wrap = (q: Queryable): Queryable => ({
    query(sql, params = []) {
      onQuery(sql, params);
      return q.query(sql, params);
    },
  });
  return {
    ...db,
    query: wrap(db).query,
    async tx(fn) {
      onTx?.('BEGIN');
      try {
        const out = await db.tx((q) => fn(wrap(q)));
        onTx?.('COMMIT');
        return out;
      } catch (e) {
        onTx?.('ROLLBACK');
        throw e;
      }
    },
  };
}

const recording = (db: Db, sink: { on: boolean; out: Statement[] }): Db =>
  observedDb(db, (sql, params) => sink.on && sink.out.push({ sql, params: [...params] }), (mark) => sink.on && sink.out.push({ sql: mark, params: [] }));

/**
 * `db`: the gateway's database (recorded); `sandboxDb`: the fake PGs' own books, served in this thread
 * on a socket of their own as `npm start` serves them in its worker (their SQL is not the gateway's).
 */
export async function captureRequests(db: Db, sandboxDb: Db): Promise<{ again: Captured; get: Statement[] }> {
  const sink = { on: false, out: [] as Statement[] };
  const config: Config = { ...loadConfig({}), logLevel: 'warn', encryptionKey: BENCH_ENCRYPTION_KEY, demo: { ...DEMO } };
  const sandbox = await startSandbox(sandboxDb, { port: 0, host: '127.0.0.1', adminToken: 'bench-capture-admin', timeoutDelayMs: config.pgTimeoutMs + 200 });
  const gw = await createGateway({ config, db: recording(db, sink), log: createLogger('warn'), sandbox }).catch(async (e) => {
    await sandbox.close();
    throw e;
  });
  try {
    const inject = async (method: 'GET' | 'POST', url: string, payload?: string, token?: string) => {
      const res = await gw.app.inject({ method, url, payload, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) } });
      const body = JSON.parse(res.body) as { code: number; response: any };
      if (body.code !== 0) throw new Error(`${method} ${url}: ${res.body}`);
      return body.response;
    };
    const { access_token: token } = await inject('POST', '/users/getToken', JSON.stringify({ imp_key: DEMO.impKey, imp_secret: DEMO.impSecret }));
    await inject('POST', `/subscribe/customers/${CUSTOMER_UID}`, JSON.stringify({ card_number: '9366-0000-0000-0009', expiry: '2030-12', birth: '820213', pwd_2digit: '00' }), token);
    const warm = await inject('POST', '/subscribe/payments/again', againBody('capture-warm'), token);
    await inject('GET', `/payments/${warm.imp_uid}`, undefined, token);

    sink.on = true;
    const merchantUid = 'capture-0000000001';
    const paid = await inject('POST', '/subscribe/payments/again', againBody(merchantUid), token);
    const again = sink.out.splice(0);
    if (paid.status !== 'paid') throw new Error(`capture: again answered ${paid.status}`);
    await inject('GET', `/payments/${paid.imp_uid}`, undefined, token);
    const get = sink.out.splice(0);
    sink.on = false;
    return { again: { statements: again, impUid: paid.imp_uid, merchantUid, pgTid: paid.pg_tid ?? null }, get };
  } finally {
    await gw.close();
    await sandbox.close();
    await sandboxDb.close();
  }
}
