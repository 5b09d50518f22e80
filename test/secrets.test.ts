/**
 * Secrets at rest and brute force (issue #13.7, docs/security.md): access tokens stored hashed (and
 * still the same token while valid), getToken throttled per (imp_key, address) with a V1-shaped 429,
 * unknown keys as slow as wrong secrets, and a first start that keeps its secrets out of the log and
 * its data directory private.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { testClock } from './support/clock.ts';
import { testDrivers } from './support/db.ts';
import { DEMO, startGateway, type TestGateway } from './support/gateway.ts';

const getToken = (gw: TestGateway, address: string, impKey: string, impSecret: string) =>
  gw.app.inject({ method: 'POST', url: '/users/getToken', remoteAddress: address, payload: { imp_key: impKey, imp_secret: impSecret } });

for (const driver of testDrivers()) {
  describe(`access tokens are stored hashed [${driver}]`, () => {
    let gw: TestGateway;
    before(async () => { gw = await startGateway(driver); });
    after(() => gw.close());

    it('the table holds no usable token; the token works and comes back the same while valid', async () => {
      const first = JSON.parse((await getToken(gw, '192.0.2.1', DEMO.impKey, DEMO.impSecret)).body).response.access_token as string;
      const rows = await gw.ctx.db.query('select * from access_tokens');
      assert.ok(rows.length >= 1);
      assert.ok(!JSON.stringify(rows).includes(first), 'the token is not stored as it is');
      assert.ok(rows.some((r) => r.token_hash === createHash('sha256').update(first).digest('hex')));
      const again = JSON.parse((await getToken(gw, '192.0.2.2', DEMO.impKey, DEMO.impSecret)).body).response.access_token;
      assert.equal(again, first);
      const call = await gw.call('GET', '/payments/imp_000000000000', { token: first });
      assert.equal(call.status, 404, 'authenticated: the payment is simply not there');
      assert.equal((await gw.call('GET', '/payments/imp_000000000000', { token: first.replace(/.$/, (c) => (c === '0' ? '1' : '0')) })).status, 401);
    });
  });
}

describe('POST /users/getToken: throttled guesses, constant-time answers', () => {
  const clock = testClock();
  let gw: TestGateway;
  before(async () => { gw = await startGateway('pglite', {}, clock.now); });
  after(() => gw.close());

  it('10 wrong secrets from one address, then HTTP 429 in the V1 envelope with Retry-After, even for the right secret', async () => {
    for (let i = 0; i < 10; i++) assert.equal((await getToken(gw, '198.51.100.1', DEMO.impKey, `wrong-${i}`)).statusCode, 401);
    const r = await getToken(gw, '198.51.100.1', DEMO.impKey, DEMO.impSecret);
    assert.equal(r.statusCode, 429);
    const body = JSON.parse(r.body);
    assert.equal(body.code, -1);
    assert.equal(body.response, null);
    assert.match(body.message, /1초 후에 다시 시도하세요/);
    assert.equal(r.headers['retry-after'], '1');
  });

  it('the merchant from its own address is not locked out, and the guessing address may try again after its delay', async () => {
    assert.equal((await getToken(gw, '203.0.113.50', DEMO.impKey, DEMO.impSecret)).statusCode, 200);
    clock.advance(1);
    assert.equal((await getToken(gw, '198.51.100.1', DEMO.impKey, DEMO.impSecret)).statusCode, 200);
    assert.equal((await getToken(gw, '198.51.100.1', DEMO.impKey, 'wrong-again')).statusCode, 401, 'a success cleared the pair');
  });

  it('an unknown imp_key takes as long as a wrong secret for a known one', async () => {
    const time = async (impKey: string, i: number) => {
      const t = performance.now();
      const r = await getToken(gw, `10.77.${i}.1`, impKey, 'not-the-secret');
      assert.equal(r.statusCode, 401);
      return performance.now() - t;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 8; i++) {
      known.push(await time(DEMO.impKey, i));
      unknown.push(await time(`no_such_key_${i}`, 100 + i));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
    // Without the decoy the unknown key answered in ~4% of the time (2.4 ms vs 61.7 ms).
    assert.ok(median(unknown) > median(known) * 0.5, `unknown ${median(unknown).toFixed(1)} ms vs known ${median(known).toFixed(1)} ms`);
  });
});

describe('first start: secrets not in the log, data directory private', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'openimp-first-'));
  let running: ChildProcess | undefined;
  after(async () => {
    // A start that failed the test may still be running: stop it before its directory goes.
    const child = running;
    if (child && child.exitCode === null) {
      const gone = new Promise((res) => child.once('exit', res));
      child.kill('SIGKILL');
      await gone;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes imp_secret and the console password to a 0600 file instead of stdout, and leaves no file readable by others', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: join(import.meta.dirname, '..'),
      env: { PATH: process.env.PATH, HOME: process.env.HOME, OPENIMP_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running = child;
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
    // A fresh data directory means PGlite's initdb: ~30 s on a loaded 2-core machine (bench/README.md).
    const end = Date.now() + 180_000;
    while (!/demo shop:/.test(out)) {
      if (Date.now() > end || child.exitCode !== null) throw new Error(`no start: ${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(statSync(dataDir).mode & 0o777, 0o700, 'the data directory is owner-only while running');
    child.kill('SIGTERM');
    assert.equal(await exited, 0);

    const file = join(dataDir, 'first-start-credentials.txt');
    assert.match(out, new RegExp(`written to ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const creds = readFileSync(file, 'utf8');
    const secret = /imp_secret:\s+(\S+)/.exec(creds)![1]!;
    const password = /\(demo@openimp\.local \/ (\S+)\)/.exec(creds)![1]!;
    assert.ok(secret.length >= 20 && password.length >= 8);
    assert.ok(!out.includes(secret), 'imp_secret not in the output');
    assert.ok(!out.includes(password), 'console password not in the output');

    const open: string[] = [];
    const walk = (d: string) => {
      for (const name of readdirSync(d)) {
        const p = join(d, name);
        const st = statSync(p);
        if (st.mode & 0o077) open.push(p);
        if (st.isDirectory()) walk(p);
      }
    };
    walk(dataDir);
    assert.deepEqual(open, [], 'files or directories readable by group or others');
  });
});
