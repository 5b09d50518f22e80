import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const dataDir = mkdtempSync(join(tmpdir(), 'openimp-cli-'));
const env = { ...process.env, OPENIMP_DATA_DIR: dataDir, DATABASE_URL: '', OPENIMP_ENCRYPTION_KEY: '11'.repeat(32) };
delete (env as Record<string, string | undefined>).DATABASE_URL;
const cli = async (...args: string[]) => {
  const r = await exec(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { env });
  return JSON.parse(r.stdout);
};

describe('CLI: merchants, key pairs and channels', () => {
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates a merchant with a key pair, adds channels, lists the pg strings, revokes a key', async () => {
    const m = await cli('merchant', 'create', '--name', 'Acme', '--code', 'imp55555555');
    assert.equal(m.merchant_code, 'imp55555555');
    assert.match(m.imp_key, /^[0-9]{16}$/);
    assert.match(m.imp_secret, /^[0-9a-f]{80}$/);
    const c = await cli('channel', 'add', '--merchant', 'imp55555555', '--provider', 'kicc', '--pg-id', 'T5102002', '--purpose', 'billing', '--default');
    assert.deepEqual({ pg: c.pg, purpose: c.purpose, default: c.default, mode: c.mode, sandbox: c.sandbox }, { pg: 'kicc.T5102002', purpose: 'billing', default: true, mode: 'sandbox', sandbox: true });
    const list = await cli('channel', 'list', '--merchant', 'imp55555555');
    assert.deepEqual(list.map((x: { pg: string }) => x.pg), ['kicc.T5102002']);
    const disabled = await cli('channel', 'edit', '--merchant', 'imp55555555', '--id', String(c.id), '--disable');
    assert.equal(disabled.enabled, false);
    const keys = await cli('keys', 'list', '--merchant', 'imp55555555');
    assert.equal(keys.length, 1);
    assert.ok(!JSON.stringify(keys).includes(m.imp_secret), 'secrets are never shown again');
    assert.deepEqual(await cli('keys', 'revoke', '--merchant', 'imp55555555', '--key', m.imp_key), { revoked: true });
  });

  it('refuses bad input with exit code 2 and a message', async () => {
    await assert.rejects(exec(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'channel', 'add', '--merchant', 'imp55555555', '--provider', 'inicis', '--pg-id', 'x', '--purpose', 'general'], { env }), (e: { code: number; stderr: string }) => {
      assert.equal(e.code, 2);
      assert.match(e.stderr, /--provider/);
      return true;
    });
  });
});

describe('CLI: console users', () => {
  it('creates a console user for a merchant and changes its password', async () => {
    await cli('merchant', 'create', '--name', 'Console shop', '--code', 'imp66666666');
    assert.deepEqual(await cli('user', 'create', '--merchant', 'imp66666666', '--email', 'ops@example.com', '--password', 'correct horse battery'), { email: 'ops@example.com', console: '/console' });
    assert.deepEqual(await cli('user', 'password', '--email', 'ops@example.com', '--password', 'another long password'), { email: 'ops@example.com', changed: true });
  });
});
