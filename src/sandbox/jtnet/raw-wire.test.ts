/**
 * The fake JTNet's server API answered on its raw path (http-server.ts `raw`, no web Request/Response)
 * gives the same bytes as through `handle`: two identical fake PGs, on books of their own with the same
 * clock and the same random bytes, one served with `raw` and one without, get the same calls in the
 * same order, and every answer's status line, headers (all but Date) and body must be equal.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { RandomBytes } from '../../core/ids.ts';
import { serveSimulator, type SimulatorServer } from '../http-server.ts';
import { createMemoryStore } from '../memory-store.ts';
import { merchantRegistry } from '../merchants.ts';
import { createSimulators } from '../registry.ts';
import { sandboxApp } from '../server.ts';
import { testCards } from '../test-cards.ts';
import { jtnetTestMerchants } from './wire.ts';

const MID = 'tpaytest0m';
const { apiKey: API_KEY, cancelPw: CANCEL_PW } = jtnetTestMerchants.tpaytest0m!;
const NOW = Date.UTC(2026, 0, 10, 3, 0, 0) / 1000;

/** The same byte sequence for every instance: a counter. */
function countingRandom(): RandomBytes {
  let n = 0;
  return (size) => Uint8Array.from({ length: size }, () => (n = (n * 31 + 7) % 251));
}

async function fakePg(withRaw: boolean): Promise<{ server: SimulatorServer; rawCalls: () => number }> {
  const store = createMemoryStore();
  const merchants = await merchantRegistry(createMemoryStore());
  const sims = createSimulators({
    store: () => store, now: () => NOW, random: countingRandom(), timeoutDelayMs: 50,
    merchantKey: merchants.keyOf, merchantCredentials: merchants.credentialsOf, merchantWith: merchants.merchantWith,
  });
  const app = sandboxApp({ simulators: sims, merchants, adminToken: 'admin' });
  let rawCalls = 0;
  const raw = async (call: Parameters<typeof app.raw>[0]) => {
    const r = await app.raw(call);
    if (r) rawCalls++;
    return r;
  };
  const server = await serveSimulator(withRaw ? { handle: app.handle, raw } : { handle: app.handle });
  return { server, rawCalls: () => rawCalls };
}

type Wire = { status: number; statusText: string; headers: string[]; body: string };

function call(base: string, method: string, path: string, contentType: string | null, body: Buffer | string): Promise<Wire> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method, headers: contentType ? { 'content-type': contentType } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const headers: string[] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) if (res.rawHeaders[i]!.toLowerCase() !== 'date') headers.push(`${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}`);
        resolve({ status: res.statusCode!, statusText: res.statusMessage!, headers, body: Buffer.concat(chunks).toString('latin1') });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const form = (f: Record<string, string>) => new URLSearchParams({ mid: MID, api_key: API_KEY, ...f }).toString();
const urlencoded = 'application/x-www-form-urlencoded';

describe('fake JTNet: the raw path answers the bytes handle answers', () => {
  let fast: Awaited<ReturnType<typeof fakePg>>;
  let slow: Awaited<ReturnType<typeof fakePg>>;
  before(async () => {
    fast = await fakePg(true);
    slow = await fakePg(false);
  });
  after(async () => {
    await fast.server.close();
    await slow.server.close();
  });

  it('keys, charges, repeats, refusals, garbage, refunds, unknown paths and non-form bodies', async () => {
    const card = { card_num: testCards.approveShinhan.number, card_exp: '3012', card_pwd: '12', buyer_auth_num: '820213' };
    const steps: [string, string, string | null, Buffer | string][] = [
      ['POST', '/jtnet/api/v1/gen_billkey', urlencoded, form(card)],
      ['POST', '/jtnet/api/v1/gen_billkey', urlencoded, form({ ...card, card_pwd: '1' })],
      ['POST', '/jtnet/api/v1/payments', urlencoded, form({ ...card, moid: 'k1', amt: '1000' })],
      ['POST', '/jtnet/api/v1/payments', urlencoded, form({ ...card, moid: 'k1', amt: '1000' })],
      ['POST', '/jtnet/api/v1/payments', urlencoded, form({ ...card, moid: 'k1', amt: '2000' })],
      ['POST', '/jtnet/api/v1/payments', urlencoded, form({ ...card, card_num: testCards.pgError.number, moid: 'k2', amt: '1000' })],
      ['POST', '/jtnet/api/v1/payments', urlencoded, form({ ...card, card_num: testCards.declined.number, moid: 'k3', amt: '1000' })],
      ['POST', '/jtnet/api/v1/payments', urlencoded, form({ ...card, api_key: 'wrong', moid: 'k4', amt: '1000' })],
      ['POST', '/jtnet/api/v1/payments', urlencoded, `\ufeff${form({ ...card, moid: 'k5', amt: '1000' })}`],
      ['POST', '/jtnet/api/v1/payments?x=1', urlencoded, form({ ...card, moid: 'k6', amt: '1000', buyer_email: '메일@example.com' })],
      ['POST', '/jtnet/api/v1/payments_token', urlencoded, form({ card_token: 'nope', moid: 't1', amt: '1000' })],
      ['POST', '/jtnet/api/v1/refunds', urlencoded, form({ moid: 'k1', cancel_pw: CANCEL_PW, partial_cancel: '1', cancel_amt: '300' })],
      ['POST', '/jtnet/api/v1/refunds', urlencoded, form({ moid: 'k1', cancel_pw: 'bad' })],
      ['POST', '/jtnet/api/v1/nope', urlencoded, form({})],
      ['GET', '/jtnet/api/v1/payments', null, ''],
      ['POST', '/jtnet/api/v1/result_confirm', 'text/plain', form({ tid: 'x' })],
      ['POST', '/jtnet/api/v1/payments', urlencoded, Buffer.from([0xff, 0xfe, 0x26, 0x6d])],
      ['POST', '/jtnet//api/v1/payments', urlencoded, form({ ...card, moid: 'k7', amt: '1000' })],
      ['POST', '/jtnet/resultConfirm', urlencoded, form({ tid: 'x', result: '000' })],
    ];
    for (const [method, path, type, body] of steps) {
      const [a, b] = [await call(fast.server.url, method, path, type, body), await call(slow.server.url, method, path, type, body)];
      assert.deepEqual(a, b, `${method} ${path}`);
    }
    assert.equal(slow.rawCalls(), 0);
    assert.ok(fast.rawCalls() >= 14, `the API calls took the raw path (${fast.rawCalls()})`);
  });

  it('a billing key issued and charged answers the same approval both ways, and a repeat its first', async () => {
    const card = { card_num: testCards.approveHyundai.number, card_exp: '3012', card_pwd: '12', buyer_auth_num: '820213' };
    const issue = async (base: string) => JSON.parse((await call(base, 'POST', '/jtnet/api/v1/gen_billkey', urlencoded, form(card))).body).card_token as string;
    const [kf, ks] = [await issue(fast.server.url), await issue(slow.server.url)];
    assert.equal(kf, ks);
    for (const amt of ['1000', '1000', '5000']) {
      const body = form({ card_token: kf, moid: 'billing-1', amt });
      const [a, b] = [await call(fast.server.url, 'POST', '/jtnet/api/v1/payments_token', urlencoded, body), await call(slow.server.url, 'POST', '/jtnet/api/v1/payments_token', urlencoded, body)];
      assert.deepEqual(a, b);
      assert.equal(JSON.parse(a.body).result_cd, amt === '1000' ? '0000' : 'E101');
    }
  });
});
