/**
 * Hostile input (issue #13): every REST route of src/api/routes.ts (the table the server registers,
 * so a new route is covered without editing this file) is sent NUL bytes, lone surrogates and invalid
 * UTF-8, deep nesting, integers beyond any column, bad percent-encodings, over-long path parameters
 * and wrong content types, in its path parameters, query and body. Nothing may answer 5xx, every
 * answer is in the V1 envelope, and a refused request changes no row. The checkout and console pages
 * get the same treatment and answer a clean 4xx page that echoes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { z } from 'zod';
import type { RouteDef } from '../src/api/route.ts';
import { routes } from '../src/api/routes.ts';
import { testClock } from './support/clock.ts';
import { testDrivers } from './support/db.ts';
import { startGateway, type Reply, type TestGateway } from './support/gateway.ts';
import { assertV1Error, concreteUrl, makeRouteFixtures, rawCall, routeKey, rowDigest, validBodies, type RouteFixtures } from './support/route-fixtures.ts';

/** Marks what a reply must never echo. */
const MARK = 'ECHOMARK';

/** JSON text nested `levels` deep, alternating arrays and objects (JSON.stringify itself overflows at 5,000). */
const nested = (levels: number): string => `${'[{"k":'.repeat(levels / 2)}"${MARK}"${'}]'.repeat(levels / 2)}`;

/** Path parameter values, already percent-encoded as they travel. */
const pathValues: { label: string; value: string; refused: boolean }[] = [
  { label: 'NUL', value: '%00', refused: true },
  { label: 'NUL inside', value: `${MARK}%00x`, refused: true },
  { label: 'invalid UTF-8', value: `${MARK}%FF%FE`, refused: false },
  { label: 'overlong UTF-8', value: '%C0%80', refused: false },
  { label: 'UTF-8 surrogate', value: '%ED%A0%80', refused: false },
  { label: 'bad percent-encoding', value: `${MARK}%E0%A4%A`, refused: true },
  { label: 'lone percent', value: `${MARK}%`, refused: true },
  { label: 'over 200 characters', value: MARK + 'x'.repeat(300), refused: true },
  { label: 'int8 overflow', value: '9223372036854775808', refused: false },
  { label: 'negative int8 overflow', value: '-9223372036854775809', refused: false },
];

/** Query values (percent-encoded). */
const queryValues = ['%00', `${MARK}%00`, '%FF', '%ED%A0%80', '9223372036854775808', '1e400', '%E0%A4%A'];

/** JSON body values. Those marked refused can never be stored and must be refused whatever the field. */
const bodyValues: { label: string; json: string; refused: boolean; perField?: true }[] = [
  { label: 'NUL', json: JSON.stringify(`${MARK}\u0000`), refused: true, perField: true },
  { label: 'lone surrogate', json: `"${MARK}\\ud800"`, refused: true },
  { label: 'NUL key', json: JSON.stringify({ [`k\u0000${MARK}`]: 1 }), refused: true },
  { label: '40 levels', json: nested(40), refused: true },
  { label: '5,000 levels', json: nested(5000), refused: true },
  { label: 'int8 overflow', json: '9223372036854775808', refused: false, perField: true },
  { label: 'int8 overflow as text', json: '"9223372036854775808"', refused: false },
  { label: '1e400', json: '1e400', refused: false },
  { label: '2^53 + 1', json: '9007199254740993', refused: false },
];

const shapeOf = (s: z.ZodType | undefined): Record<string, z.ZodType> => (s as unknown as { shape?: Record<string, z.ZodType> } | undefined)?.shape ?? {};
const fieldsOf = (s: z.ZodType | undefined): string[] => Object.keys(shapeOf(s));
const paramsOf = (url: string) => [...url.matchAll(/:([a-z_]+)/g)].map((m) => m[1]!);
const hasBody = (d: RouteDef) => d.method === 'POST' || d.method === 'PUT';

type ProbeOptions = { payload?: string | Buffer; type?: string | null; headers?: Record<string, string>; refused?: boolean };

for (const driver of testDrivers()) {
  describe(`hostile input on every route: no 5xx, the V1 envelope, no row from a refused request [${driver}]`, () => {
    const clock = testClock();
    let gw: TestGateway;
    let token = '';
    let fx: RouteFixtures;
    let rows = '';
    let sent = 0;

    before(async () => {
      gw = await startGateway(driver, {}, clock.now);
      token = await gw.token();
      fx = await makeRouteFixtures(gw, clock.now());
      rows = await rowDigest(gw);
    });
    after(async () => {
      process.stdout.write(`# hostile requests sent [${driver}]: ${sent}\n`);
      await gw?.close();
    });

    /** Expected refusals sent since the rows were last compared (they are compared in one go). */
    let unverified: string[] = [];
    /** Compares the rows with the last digest: every refused request since then must have changed nothing. */
    async function verify(): Promise<void> {
      if (unverified.length === 0) return;
      const [was, now, labels] = [rows, await rowDigest(gw), unverified];
      rows = now;
      unverified = [];
      assert.equal(now, was, `rows changed although each of these was refused: ${labels.slice(0, 5).join('; ')}${labels.length > 5 ? ` and ${labels.length - 5} more` : ''}`);
    }

    /**
     * Sends one request and checks the reply. `refused` requests must be a 4xx; their rows are compared
     * in batches (verify). Any other request that writes is compared on its own: if it was refused
     * after all, it must have changed nothing either.
     */
    async function probe(label: string, method: string, url: string, opts: ProbeOptions = {}): Promise<Reply> {
      sent++;
      if (!opts.refused && method !== 'GET') await verify();
      const r = await rawCall(gw, token, method, url, opts.payload, opts.type ?? (opts.payload === undefined ? null : 'application/json'), opts.headers);
      if (r.body?.code !== 0) {
        assertV1Error(r, label);
        assert.ok(!r.raw.includes(MARK), `${label}: the reply echoes the input: ${r.raw.slice(0, 200)}`);
      } else {
        assert.ok(!opts.refused, `${label}: accepted ${r.raw.slice(0, 200)}`);
      }
      if (opts.refused) {
        assert.ok(r.status >= 400 && r.status < 500, `${label}: HTTP ${r.status} ${r.raw.slice(0, 200)}`);
        if (method !== 'GET') unverified.push(label);
      } else if (method !== 'GET') {
        const [was, now] = [rows, await rowDigest(gw)];
        rows = now;
        if (r.body?.code !== 0) assert.equal(now, was, `${label}: refused (${r.raw.slice(0, 120)}) but rows changed`);
      }
      return r;
    }

    const bodyOf = (d: RouteDef) => (hasBody(d) ? JSON.stringify(validBodies(fx)[routeKey(d)] ?? {}) : undefined);

    type Probe = { label: string; method: string; url: string; opts: ProbeOptions };
    /**
     * Runs probes: the expected refusals and the reads side by side (16 at a time; their rows are
     * compared together afterwards), then one by one those that may be accepted, each compared alone.
     */
    async function run(probes: Probe[]): Promise<void> {
      const together = probes.filter((p) => p.opts.refused || p.method === 'GET');
      for (let i = 0; i < together.length; i += 16) await Promise.all(together.slice(i, i + 16).map((p) => probe(p.label, p.method, p.url, p.opts)));
      await verify();
      for (const p of probes.filter((x) => !together.includes(x))) await probe(p.label, p.method, p.url, p.opts);
    }

    it('path parameters: NUL, invalid UTF-8, bad percent-encodings, over 200 characters, int8 overflow', async () => {
      await run(routes.flatMap((d) => paramsOf(d.url).flatMap((param) => pathValues.map((v) => ({
        label: `${routeKey(d)} ${param}=${v.label}`, method: d.method, url: concreteUrl(d.url.replace(`:${param}`, v.value), fx), opts: { payload: bodyOf(d), refused: v.refused },
      })))));
    });

    it('query strings: every declared field and unknown ones, as values, arrays and nested keys', async () => {
      await run(routes.flatMap((d) => {
        const base = concreteUrl(d.url, fx);
        // A body route ignores its query string: there only what must be refused everywhere is sent.
        const values = hasBody(d) ? queryValues.filter((x) => x.includes('%00')) : queryValues;
        return [
          ...[...fieldsOf(d.schema.querystring), 'unknown_field'].flatMap((f) => values.flatMap((v) => [`${f}=${v}`, `${f}[]=${v}`].map((q) => ({
            label: `${routeKey(d)} ?${q}`, method: d.method, url: `${base}?${q}`, opts: { payload: bodyOf(d), refused: v.includes('%00') },
          })))),
          { label: `${routeKey(d)} NUL key`, method: d.method, url: `${base}?%00=1&a[b][c][%00]=1`, opts: { payload: bodyOf(d), refused: true } },
        ];
      }));
    });

    it('JSON bodies: every declared field, custom_data and an unknown field, with and without an Idempotency-Key', async () => {
      let n = 0;
      await run(routes.filter(hasBody).flatMap((d) => {
        const url = concreteUrl(d.url, fx);
        const base = validBodies(fx)[routeKey(d)] ?? {};
        const declared = fieldsOf(d.schema.body);
        const everyValue = new Set([declared[0], 'custom_data', 'unknown_field']);
        return [...new Set([...declared, 'custom_data', 'unknown_field'])].flatMap((f) => {
          // Every value on the first declared field, custom_data and an unknown one; NUL and an int8
          // overflow on every other declared field (any of them may reach SQL or an integer column).
          const values = everyValue.has(f) ? bodyValues : bodyValues.filter((v) => v.perField);
          return values.flatMap((v) => {
            const payload = `${JSON.stringify({ ...base, [f]: null }).slice(0, -1).replace(`"${f}":null`, `"${f}":${v.json}`)}}`;
            const label = `${routeKey(d)} ${f}=${v.label}`;
            // A value the field's own schema refuses must be refused too (a 4xx, nothing changed).
            const schema = shapeOf(d.schema.body)[f];
            const refused = v.refused || (schema !== undefined && !schema.safeParse(JSON.parse(v.json)).success);
            const one: Probe = { label, method: d.method, url, opts: { payload, refused } };
            return v.refused && d.auth && f === 'custom_data'
              ? [one, { ...one, label: `${label} + Idempotency-Key`, opts: { ...one.opts, headers: { 'idempotency-key': `hostile-${++n}` } } }]
              : [one];
          });
        });
      }));
    });

    it('raw bodies: invalid UTF-8 bytes, NUL in forms, wrong content types', async () => {
      await run(routes.filter(hasBody).flatMap((d): Probe[] => {
        const url = concreteUrl(d.url, fx);
        const base = validBodies(fx)[routeKey(d)] ?? {};
        const field = fieldsOf(d.schema.body)[0] ?? 'x';
        const json = Buffer.concat([Buffer.from(`${JSON.stringify({ ...base, [field]: null }).slice(0, -1).replace(`"${field}":null`, `"${field}":"`)}`), Buffer.from([0xff, 0xfe, 0xc0, 0x80, 0xed, 0xa0, 0x80]), Buffer.from('"}')]);
        const form = new URLSearchParams(Object.entries(base).filter(([, v]) => typeof v !== 'object').map(([k, v]) => [k, String(v)])).toString();
        const formType = 'application/x-www-form-urlencoded';
        return [
          { label: `${routeKey(d)} invalid UTF-8 bytes`, method: d.method, url, opts: { payload: json } },
          { label: `${routeKey(d)} form NUL`, method: d.method, url, opts: { payload: `${form}&${field}=${MARK}%00`, type: formType, refused: true } },
          { label: `${routeKey(d)} form invalid UTF-8`, method: d.method, url, opts: { payload: `${form}&${field}=%FF%FE`, type: formType } },
          ...['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'image/png'].map((type) => ({
            label: `${routeKey(d)} ${type}`, method: d.method, url, opts: { payload: `<x>${MARK}</x>`, type, refused: true },
          })),
        ];
      }));
    });

    it('imp_key and imp_secret with NUL are refused with the field named, never a 5xx', async () => {
      for (const body of [{ imp_key: 'a\u0000', imp_secret: 'b' }, { imp_key: 'a', imp_secret: '\u0000' }, { imp_key: '\ud800', imp_secret: 'b' }]) {
        const r = await probe('getToken', 'POST', '/users/getToken', { payload: JSON.stringify(body), refused: true });
        assert.match(r.body.message, /^imp_(key|secret) 파라메터가 올바르지 않습니다\.$/);
      }
    });
  });
}

describe('hostile input on the checkout and console pages: a clean 4xx page, nothing echoed', () => {
  let gw: TestGateway;
  before(async () => { gw = await startGateway('pglite'); });
  after(async () => gw?.close());

  const pages = ['/checkout/start', '/checkout/return/imp_000000000000', '/console/login', '/pg/jtnet/notify'];

  it('unsupported content types, malformed JSON and NUL bytes are 4xx, never 5xx', async () => {
    for (const url of pages) {
      for (const [type, payload] of [['application/xml', `<a>${MARK}</a>`], ['application/json', `{"${MARK}": `], ['application/json', `{"payload": "${MARK}\\u0000"}`], ['application/x-www-form-urlencoded', `payload=${MARK}%00`]]) {
        const r = await rawCall(gw, null, 'POST', url, payload, type);
        assert.ok(r.status >= 400 && r.status < 500, `${url} ${type} ${payload}: HTTP ${r.status} ${r.raw.slice(0, 200)}`);
        assert.ok(!r.raw.includes(MARK), `${url} ${type}: the reply echoes the input`);
      }
    }
  });

  it('the SDK payload field, itself JSON, is refused when it carries NUL', async () => {
    const payload = JSON.stringify({ merchant_code: 'imp12345678', params: { pg: 'jtnet', merchant_uid: `${MARK}\u0000`, amount: 1000 } });
    const r = await rawCall(gw, null, 'POST', '/checkout/start', new URLSearchParams({ payload }).toString(), 'application/x-www-form-urlencoded');
    assert.ok(r.status >= 400 && r.status < 500, `HTTP ${r.status} ${r.raw.slice(0, 200)}`);
    assert.ok(!r.raw.includes(MARK));
  });

  it('a bad percent-encoding or an over-long parameter in a page URL is plain text that echoes nothing', async () => {
    for (const url of [`/checkout/finish/${MARK}%E0%A4%A`, `/checkout/status/${MARK}${'x'.repeat(300)}`, `/console/${MARK}%`]) {
      const r = await rawCall(gw, null, 'GET', url);
      assert.ok(r.status === 400 || r.status === 414 || r.status === 404, `${url}: HTTP ${r.status}`);
      assert.ok(!r.raw.includes(MARK), `${url}: echoed ${r.raw.slice(0, 200)}`);
    }
  });
});
