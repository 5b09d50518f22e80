/**
 * One valid request per REST route of src/api/routes.ts, on fixtures made once per gateway (a billing
 * key, a paid payment, a prepare, a virtual account, a schedule), so that breaking one field of it is
 * what a request gets refused for. Shared by the bad-input and hostile-input suites.
 */
import assert from 'node:assert/strict';
import { routes } from '../../src/api/routes.ts';
import type { RouteDef } from '../../src/api/route.ts';
import { card } from './cards.ts';
import { DEMO, type Reply, type TestGateway } from './gateway.ts';

export type RouteFixtures = { imp: string; vbank: string; future: number; now: number };

export const routeKey = (d: RouteDef) => `${d.method} ${d.url}`;

/** A valid body per route (the ones without a body are absent). */
export const validBodies = (f: RouteFixtures): Record<string, Record<string, unknown>> => ({
  'POST /users/getToken': { imp_key: DEMO.impKey, imp_secret: DEMO.impSecret },
  'POST /payments/prepare': { merchant_uid: 'bad_prepare_new', amount: 1000 },
  'PUT /payments/prepare': { merchant_uid: 'bad_prepared', amount: 2000 },
  'POST /payments/cancel': { imp_uid: f.imp, amount: 100, reason: 'test', checksum: 5000 },
  'POST /subscribe/customers/:customer_uid': { ...card('approveShinhan'), customer_name: '홍길동' },
  'POST /subscribe/payments/onetime': { merchant_uid: 'bad_onetime', amount: 1000, name: '주문', ...card('approveHyundai') },
  'POST /subscribe/payments/again': { customer_uid: 'bad_customer', merchant_uid: 'bad_again', amount: 1000, name: '구독' },
  'POST /subscribe/payments/schedule': { customer_uid: 'bad_customer', schedules: [{ merchant_uid: 'bad_sched', schedule_at: f.future, amount: 1000, name: '구독' }] },
  'PUT /subscribe/payments/schedule/:merchant_uid': { schedule_at: f.future + 60 },
  'POST /subscribe/payments/schedule/:merchant_uid/reschedule': { schedule_at: f.future + 60 },
  'POST /subscribe/payments/unschedule': { customer_uid: 'bad_customer', merchant_uid: ['bad_sched_x'] },
  'POST /vbanks': { merchant_uid: 'bad_vbank', amount: 10000, vbank_code: '004', vbank_due: f.future, pg: 'kicc' },
  'PUT /vbanks/:imp_uid': { amount: 12000, vbank_due: f.future + 60 },
  'POST /escrows/logis/:imp_uid': { logis: { company: 'CJGLS', invoice: '1', sent_at: f.now } },
  'PUT /escrows/logis/:imp_uid': { logis: { company: 'CJGLS', invoice: '1', sent_at: f.now } },
  'POST /paymentwall/delivery': { imp_uid: f.imp, merchant_uid: 'bad_paid', type: 'digital', status: 'delivered', estimated_delivery_datetime: f.now, estimated_update_datetime: f.now, refundable: 'yes', shipping_address_email: 'a@b.c' },
  'POST /sandbox-clock/advance': { seconds: 60 },
  // Paymentwall, whose charges these suites do not make: a choice left behind changes nothing they check.
  'POST /sandbox-pg/outcome': { pg: 'paymentwall', kind: 'approve', count: 1 },
  'POST /sandbox-pg/outcome/clear': { pg: 'paymentwall' },
  'POST /sandbox-pg/delay': { pg: 'paymentwall', delay_ms: 0 },
});

/** The route's URL with its parameters filled in with the fixtures' ids. */
export const concreteUrl = (url: string, f: RouteFixtures) => url
  .replace(':imp_uid', url.startsWith('/vbanks') ? f.vbank : f.imp)
  .replace(':customer_uid', 'bad_customer').replace(':merchant_uid', 'bad_sched').replace(/:[a-z_]+/g, '1');

/** Makes the fixtures through the API (the demo merchant's token). */
export async function makeRouteFixtures(gw: TestGateway, now: number): Promise<RouteFixtures> {
  const future = now + 7 * 24 * 3600;
  const ok = async (url: string, json: unknown) => {
    const r = await gw.call('POST', url, { json });
    assert.equal(r.body.code, 0, `${url}: ${r.raw}`);
    return r.body.response;
  };
  await ok('/subscribe/customers/bad_customer', card('approveShinhan'));
  const imp = (await ok('/subscribe/payments/onetime', { merchant_uid: 'bad_paid', amount: 5000, ...card('approveBc') })).imp_uid as string;
  await ok('/payments/prepare', { merchant_uid: 'bad_prepared', amount: 1000 });
  const has = (k: string) => routes.some((d) => routeKey(d) === k);
  const vbank = has('POST /vbanks') ? (await ok('/vbanks', { merchant_uid: 'bad_vbank_fixture', amount: 10000, vbank_code: '004', vbank_due: future, pg: 'kicc' })).imp_uid as string : '';
  if (has('POST /subscribe/payments/schedule')) {
    await ok('/subscribe/payments/schedule', { customer_uid: 'bad_customer', schedules: [{ merchant_uid: 'bad_sched', schedule_at: future, amount: 1000, name: '구독' }] });
  }
  return { imp, vbank, future, now };
}

/** Every table the API can write. */
const writableTables = ['payments', 'payment_cancellations', 'payment_prepares', 'billing_keys', 'schedules', 'escrow_logis', 'paymentwall_deliveries', 'webhook_deliveries', 'access_tokens', 'sandbox_clocks', 'idempotency_keys'];

const present = new WeakMap<TestGateway, Promise<string[]>>();

/**
 * A digest of every row the API can write, in one statement (an order-free sum of row hashes, so no
 * sort): equal digests mean nothing changed.
 */
export async function rowDigest(gw: TestGateway, tables = writableTables): Promise<string> {
  let have = present.get(gw);
  if (!have) present.set(gw, (have = gw.ctx.db.query<{ table_name: string }>('select table_name from information_schema.tables where table_schema = current_schema()').then((r) => r.map((x) => x.table_name))));
  const names = await have;
  const parts = tables.filter((t) => names.includes(t))
    .map((t) => `'${t}:' || (select count(*) || ':' || coalesce(sum(hashtextextended(t::text, 0)), 0) from "${t}" t)`);
  const [row] = await gw.ctx.db.query<{ d: string }>(`select ${parts.join(" || ' ' || ")} as d`);
  return row!.d;
}

/** A request with a raw payload, content type and headers, parsed as the tests read replies. */
export async function rawCall(gw: TestGateway, token: string | null, method: string, url: string, payload?: string | Buffer, contentType?: string | null, headers: Record<string, string> = {}): Promise<Reply> {
  const r = await gw.app.inject({ method: method as 'POST', url, payload, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(contentType ? { 'content-type': contentType } : {}), ...headers } });
  let body: any = null;
  try { body = JSON.parse(r.body); } catch { body = r.body; }
  return { status: r.statusCode, body, headers: r.headers, raw: r.body };
}

/** A V1 error reply: not a 5xx, `{code, message, response: null}` as JSON, code 1 or -1, a message. */
export function assertV1Error(r: Reply, label: string): void {
  assert.ok(r.status < 500, `${label}: HTTP ${r.status} ${r.raw.slice(0, 200)}`);
  assert.equal(typeof r.body, 'object', `${label}: JSON body, got ${r.raw.slice(0, 200)}`);
  assert.deepEqual(Object.keys(r.body ?? {}).sort(), ['code', 'message', 'response'], `${label}: ${r.raw.slice(0, 200)}`);
  assert.ok(r.body.code === -1 || r.body.code === 1, `${label}: code ${r.body.code}`);
  assert.equal(typeof r.body.message, 'string', label);
  assert.ok(r.body.message.length > 0, label);
  assert.equal(r.body.response, null, label);
  assert.match(String(r.headers['content-type']), /^application\/json; charset=UTF-8$/i, label);
}
