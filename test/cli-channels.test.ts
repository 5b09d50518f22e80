/**
 * `channel add` / `channel edit` / `channel list` with modes and PG credentials, run in process on a
 * gateway's context (test/cli.test.ts runs the CLI as a process, exit codes included).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseCommand, run } from '../src/cli.ts';
import { startGateway, type TestGateway } from './support/gateway.ts';

type Shown = { id: number; mode: string; sandbox: boolean; credentials_set: string[] };

describe('CLI: channel modes and PG credentials', () => {
  let gw: TestGateway;
  const cli = async (...argv: string[]) => {
    const { values, positionals } = parseCommand(argv);
    return run(gw.ctx, positionals, values) as Promise<any>;
  };
  const add = (...rest: string[]) => cli('channel', 'add', '--merchant', 'imp77777777', ...rest);
  const list = async (): Promise<Shown[]> => cli('channel', 'list', '--merchant', 'imp77777777');

  before(async () => {
    gw = await startGateway('pglite');
    await cli('merchant', 'create', '--name', 'Modes', '--code', 'imp77777777');
  });
  after(async () => gw.close());

  it('adds sandbox, test and live channels with the credentials each PG uses, and never prints them', async () => {
    const sandbox = await add('--provider', 'payco', '--pg-id', 'PAYCOSBX', '--purpose', 'general');
    assert.deepEqual({ mode: sandbox.mode, sandbox: sandbox.sandbox, set: sandbox.credentials_set }, { mode: 'sandbox', sandbox: true, set: [] });
    const test = await add('--provider', 'jtnet', '--pg-id', 'tpaytest9m', '--purpose', 'general', '--mode', 'test',
      '--secret', 'jt-merchant-key-SENTINEL', '--api-key', 'jt-api-key-SENTINEL', '--cancel-password', 'jt-cancel-SENTINEL');
    assert.deepEqual({ mode: test.mode, sandbox: test.sandbox, set: test.credentials_set }, { mode: 'test', sandbox: false, set: ['secret', 'apiKey', 'cancelPassword'] });
    const live = await add('--provider', 'paymentwall', '--pg-id', 'pwliveproj', '--purpose', 'billing', '--mode', 'live',
      '--secret', 'pw-secret-SENTINEL', '--public-key', 'pw-public-SENTINEL', '--api-key', 'pw-private-SENTINEL');
    assert.deepEqual(live.credentials_set, ['secret', 'apiKey', 'publicKey']);
    const payco = await add('--provider', 'payco', '--pg-id', 'PAYCOLIVE', '--purpose', 'general', '--mode', 'live', '--cp-id', 'CP-SENTINEL', '--product-id', 'PROD-SENTINEL');
    const kicc = await add('--provider', 'kicc', '--pg-id', 'T5102001', '--purpose', 'general', '--mode', 'test', '--secret', 'kicc-SENTINEL');
    assert.deepEqual([payco.mode, kicc.credentials_set], ['live', ['secret']]);
    const all = await list();
    assert.deepEqual(all.map((x) => x.mode), ['sandbox', 'test', 'live', 'live', 'test']);
    assert.ok(!/SENTINEL/.test(JSON.stringify([test, live, payco, kicc, all])), 'credentials are never shown again');
    const [row] = await gw.ctx.db.query<{ secret_enc: string; public_key_enc: string }>("select secret_enc, public_key_enc from channels where pg_id = 'pwliveproj'");
    assert.ok(row!.secret_enc.startsWith('v1:') && !row!.secret_enc.includes('SENTINEL') && row!.public_key_enc.startsWith('v1:'), 'stored sealed');
    const edited = await cli('channel', 'edit', '--merchant', 'imp77777777', '--id', String(sandbox.id), '--mode', 'test', '--cp-id', 'CP2', '--product-id', 'P2');
    assert.deepEqual({ mode: edited.mode, set: edited.credentials_set }, { mode: 'test', set: ['cpId', 'productId'] });
  });

  it('refuses a test or live channel without what its PG needs, a credential its PG does not use, and an unknown mode; nothing is saved', async () => {
    const n = (await list()).length;
    await assert.rejects(add('--provider', 'kicc', '--pg-id', 'T5102004', '--purpose', 'general', '--mode', 'live'), (e: { v1Message: string }) => /보안키 \(Secret key\)/.test(e.v1Message));
    await assert.rejects(add('--provider', 'payco', '--pg-id', 'PAYCO2', '--purpose', 'general', '--mode', 'test', '--cp-id', 'CP'), (e: { v1Message: string }) => /상품ID \(productId\)/.test(e.v1Message));
    await assert.rejects(add('--provider', 'jtnet', '--pg-id', 'tpaytest8m', '--purpose', 'api', '--mode', 'test', '--api-key', 'k'), (e: { v1Message: string }) => /cancel_pw/.test(e.v1Message));
    await assert.rejects(add('--provider', 'paymentwall', '--pg-id', 'pwsbx', '--purpose', 'general'), (e: { v1Message: string }) => /Secret key/.test(e.v1Message), 'Paymentwall signs every widget, even in the sandbox');
    await assert.rejects(add('--provider', 'kicc', '--pg-id', 'T5102005', '--purpose', 'general', '--mode', 'test', '--secret', 's', '--cp-id', 'x'), (e: { v1Message: string }) => /kicc 채널은 cpId 값을 쓰지 않습니다/.test(e.v1Message));
    await assert.rejects(add('--provider', 'kicc', '--pg-id', 'T5102006', '--purpose', 'general', '--mode', 'production'), /--mode must be sandbox, test or live/);
    await assert.rejects(add('--provider', 'kicc', '--pg-id', 'T5102007', '--purpose', 'general', '--live'), /Unknown option '--live'/);
    assert.equal((await list()).length, n, 'nothing was saved');
    const sbx = await add('--provider', 'kicc', '--pg-id', 'T5102003', '--purpose', 'general');
    await assert.rejects(cli('channel', 'edit', '--merchant', 'imp77777777', '--id', String(sbx.id), '--mode', 'live'), (e: { v1Message: string }) => /보안키/.test(e.v1Message));
    assert.equal((await list()).find((x) => x.id === sbx.id)!.mode, 'sandbox', 'a refused edit changes nothing');
  });

  it('still disables and enables a channel saved before its PG needed a credential', async () => {
    const [m] = await gw.ctx.db.query<{ id: number }>("select id from merchants where code = 'imp77777777'");
    const [old] = await gw.ctx.db.query<{ id: number }>("insert into channels (merchant_id, provider, pg_id, purpose, created_at) values ($1, 'paymentwall', 'pwold', 'general', 1) returning id", [m!.id]);
    const off = await cli('channel', 'edit', '--merchant', 'imp77777777', '--id', String(old!.id), '--disable');
    assert.equal(off.enabled, false);
    await assert.rejects(cli('channel', 'edit', '--merchant', 'imp77777777', '--id', String(old!.id), '--mode', 'test'), (e: { v1Message: string }) => /Secret key/.test(e.v1Message));
  });
});
