/**
 * Revoking a key stops its tokens in every openimp process on one PostgreSQL (reference §1.2 tokens;
 * docs/scale-out.md): each process caches checked tokens only while it LISTENs for revocations.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { tokenHash } from '../src/app/auth.ts';
import { createApiKey, revokeKey } from '../src/app/merchant-admin.ts';
import { loadConfig, type Config } from '../src/config.ts';
import { createGateway, type Gateway } from '../src/gateway.ts';
import { createLogger } from '../src/logger.ts';
import { openPostgres } from '../src/storage/postgres.ts';
import { postgresUrl } from './support/db.ts';
import { DEMO } from './support/gateway.ts';

const until = async (what: string, ok: () => Promise<boolean>, ms = 5000): Promise<void> => {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('token revocation across processes on one PostgreSQL', { skip: postgresUrl ? false : 'no PostgreSQL (OPENIMP_TEST_DATABASE_URL)' }, () => {
  const schema = `rev_${process.pid}_${randomBytes(3).toString('hex')}`;
  const config: Config = {
    ...loadConfig({}), encryptionKey: '00'.repeat(32), logLevel: 'warn',
    demo: { merchantCode: DEMO.code, impKey: DEMO.impKey, impSecret: DEMO.impSecret },
    recurring: { ...loadConfig({}).recurring, schedulerEnabled: false, outboxEnabled: false },
  };
  let a: Gateway;
  let b: Gateway;
  const open = async () => createGateway({ config, db: await openPostgres({ url: postgresUrl!, schema, max: 4 }), log: createLogger('warn') });
  const call = async (gw: Gateway, token: string) => (await gw.app.inject({ method: 'GET', url: '/payments/imp_000000000000', headers: { authorization: `Bearer ${token}` } })).statusCode;
  const tokenOf = async (gw: Gateway, pair: { imp_key: string; imp_secret: string }) =>
    JSON.parse((await gw.app.inject({ method: 'POST', url: '/users/getToken', payload: pair })).body).response.access_token as string;

  before(async () => {
    a = await open();
    b = await open();
    await until('both processes listening', async () => a.ctx.tokens.enabled && b.ctx.tokens.enabled);
  });
  after(async () => {
    await a.ctx.db.exec(`drop schema if exists "${schema}" cascade`);
    await Promise.all([a.close(), b.close()]);
  });

  it('a key revoked in one process is refused by the other, which had its token cached', async () => {
    const pair = await createApiKey(a.ctx, a.demo.merchant.id, { label: 'cross-process' });
    const token = await tokenOf(a, pair);
    assert.equal(await call(b, token), 404, 'valid in the other process');
    assert.ok(b.ctx.tokens.get(token), 'and cached there');
    assert.equal(await revokeKey(a.ctx, a.demo.merchant.id, pair.imp_key), true);
    assert.equal(await call(a, token), 401, 'refused at once where it was revoked');
    await until('the other process hears of it', async () => b.ctx.tokens.get(token) === null);
    assert.equal(await call(b, token), 401);
  });

  it('a process whose LISTEN connection drops stops caching until it listens again', async () => {
    const pair = await createApiKey(a.ctx, a.demo.merchant.id, { label: 'listener lost' });
    const token = await tokenOf(a, pair);
    assert.equal(await call(b, token), 404);
    await a.ctx.db.query("select pg_terminate_backend(pid) from pg_stat_activity where query = 'listen \"openimp_tokens_revoked\"' and pid <> pg_backend_pid()");
    await until('the drop noticed', async () => !b.ctx.tokens.enabled);
    assert.equal(b.ctx.tokens.get(token), null, 'what it cached is gone');
    // Deleted without any announcement (as an operator's SQL would): nothing cached can hide it.
    await a.ctx.db.query('delete from access_tokens where token_hash = $1', [tokenHash(token)]);
    assert.equal(await call(b, token), 401);
    await until('listening again', async () => a.ctx.tokens.enabled && b.ctx.tokens.enabled);
  });
});
