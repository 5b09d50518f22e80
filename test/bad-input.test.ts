/**
 * Bad input (issue #2): malformed JSON, wrong types, missing fields, huge bodies, unknown paths, wrong
 * methods and unsupported content types get a clear V1-shaped error with the right status, change
 * nothing, and never a 5xx. Every POST/PUT route of src/api/routes.ts is covered automatically.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import { routes } from '../src/api/routes.ts';
import type { RouteDef } from '../src/api/route.ts';
import { testClock } from './support/clock.ts';
import { testDrivers } from './support/db.ts';
import { startGateway, type TestGateway } from './support/gateway.ts';
import { assertV1Error, concreteUrl, makeRouteFixtures, rawCall, routeKey, rowDigest, validBodies, type RouteFixtures } from './support/route-fixtures.ts';

const clock = testClock();
let fx: RouteFixtures = { imp: '', vbank: '', future: 0, now: 0 };
const key = routeKey;
const concrete = (url: string) => concreteUrl(url, fx);

/** Values of every JSON kind; each field is sent the ones its schema refuses. */
const oddValues: unknown[] = [{ nested: { deeper: 1 } }, ['a', 'b'], true, 'not-a-number', 1.5, -1, null, ''];

function fieldsOf(d: RouteDef): Record<string, z.ZodType> {
  const b = d.schema.body as unknown as { shape?: Record<string, z.ZodType> } | undefined;
  return b?.shape ?? {};
}

const tables = ['payments', 'payment_cancellations', 'payment_prepares', 'billing_keys', 'schedules', 'escrow_logis', 'paymentwall_deliveries', 'webhook_deliveries', 'access_tokens', 'sandbox_clocks'];

for (const driver of testDrivers()) {
  describe(`bad input gets a V1 error, changes nothing, never a 5xx [${driver}]`, () => {
    let gw: TestGateway;
    const writeRoutes = routes.filter((d) => d.method === 'POST' || d.method === 'PUT');
    const digest = () => rowDigest(gw, tables);
    let token = '';
    const raw = (method: string, url: string, payload: string | Buffer, contentType: string | null) => rawCall(gw, token, method, url, payload, contentType);
    const isV1Error = assertV1Error;

    before(async () => {
      gw = await startGateway(driver, {}, clock.now);
      token = await gw.token();
      fx = await makeRouteFixtures(gw, clock.now());
    });
    after(async () => gw?.close());

    it('malformed JSON, and JSON that is not an object, are 400 on every POST/PUT route', async () => {
      const before = await digest();
      for (const d of writeRoutes) {
        for (const payload of ['{"merchant_uid": ', '{bad json}', '[1, 2]', '[]', '"just a string"', '42', 'null', 'true', '{"a":1}{"b":2}', `${'['.repeat(50_000)}${']'.repeat(50_000)}`]) {
          const r = await raw(d.method, concrete(d.url), payload, 'application/json');
          isV1Error(r, `${key(d)} ${payload.slice(0, 20)}`);
          assert.equal(r.status, 400, `${key(d)} ${payload.slice(0, 20)}: ${r.raw}`);
        }
      }
      assert.equal(await digest(), before, 'nothing changed');
    });

    it('a field of the wrong type is 400 naming the field, and changes nothing', async () => {
      const bodies = validBodies(fx);
      for (const d of writeRoutes) {
        const base = bodies[key(d)] ?? {};
        const before = await digest();
        for (const [field, schema] of Object.entries(fieldsOf(d))) {
          for (const v of oddValues) {
            if (schema.safeParse(v).success) continue;
            const r = await gw.call(d.method, concrete(d.url), { json: { ...base, [field]: v } });
            const label = `${key(d)} ${field}=${JSON.stringify(v)}`;
            isV1Error(r, label);
            assert.equal(r.status, 400, `${label}: ${r.raw}`);
            assert.ok(r.body.message.includes(field) || !(field in base), `${label}: the message names the field: ${r.body.message}`);
          }
        }
        assert.equal(await digest(), before, `${key(d)}: nothing changed`);
      }
    });

    it('values the schema lets through but the use case refuses are never a 5xx', async () => {
      const bodies = validBodies(fx);
      for (const d of writeRoutes) {
        const base = bodies[key(d)] ?? {};
        for (const [field, schema] of Object.entries(fieldsOf(d))) {
          for (const v of oddValues) {
            if (!schema.safeParse(v).success) continue;
            const r = await gw.call(d.method, concrete(d.url), { json: { ...base, [field]: v } });
            assert.ok(r.status < 500, `${key(d)} ${field}=${JSON.stringify(v)}: HTTP ${r.status} ${r.raw.slice(0, 300)}`);
            if (r.body?.code !== 0) isV1Error(r, `${key(d)} ${field}=${JSON.stringify(v)}`);
          }
        }
      }
    });

    it('missing required fields are 400 and change nothing', async () => {
      const bodies = validBodies(fx);
      const before = await digest();
      for (const d of writeRoutes) {
        const body = d.schema.body;
        if (!body) continue;
        const base = bodies[key(d)] ?? {};
        const cases: Record<string, unknown>[] = [{}, ...Object.keys(base).map((k) => Object.fromEntries(Object.entries(base).filter(([f]) => f !== k)))];
        for (const c of cases) {
          if (body.safeParse(c).success) continue; // not required by the schema; the use case decides
          const r = await gw.call(d.method, concrete(d.url), { json: c });
          isV1Error(r, `${key(d)} ${JSON.stringify(c).slice(0, 80)}`);
          assert.equal(r.status, 400, `${key(d)}: ${r.raw}`);
        }
      }
      assert.equal(await digest(), before, 'nothing changed');
    });

    it('a POST/PUT without any body is answered as an empty one: the missing fields are named', async () => {
      const before = await digest();
      for (const d of writeRoutes) {
        if (!d.schema.body || d.schema.body.safeParse({}).success) continue;
        const empty = await gw.call(d.method, concrete(d.url), { json: {} });
        for (const contentType of [null, 'application/json', 'application/x-www-form-urlencoded']) {
          const r = await raw(d.method, concrete(d.url), undefined as unknown as string, contentType);
          const label = `${key(d)} no body, content-type ${contentType}`;
          isV1Error(r, label);
          assert.equal(r.status, empty.status, `${label}: ${r.raw}`);
          assert.equal(r.body.message, empty.body.message, label);
        }
      }
      assert.equal(await digest(), before, 'nothing changed');
    });

    it('a body over the 1 MB limit is 413, as JSON or form', async () => {
      const before = await digest();
      const big = 'a'.repeat(2 * 1024 * 1024);
      for (const d of writeRoutes) {
        isV1Error(await raw(d.method, concrete(d.url), JSON.stringify({ merchant_uid: 'big', name: big }), 'application/json'), `${key(d)} 2 MB JSON`);
        const r = await raw(d.method, concrete(d.url), `merchant_uid=big&name=${big}`, 'application/x-www-form-urlencoded');
        isV1Error(r, `${key(d)} 2 MB form`);
        assert.equal(r.status, 413, key(d));
      }
      const r = await raw('POST', '/subscribe/payments/onetime', JSON.stringify({ name: big }), 'application/json');
      assert.equal(r.status, 413);
      assert.equal(await digest(), before, 'nothing changed');
    });

    it('an unsupported content type is 415', async () => {
      const before = await digest();
      for (const d of writeRoutes) {
        for (const type of ['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/octet-stream']) {
          const r = await raw(d.method, concrete(d.url), 'merchant_uid=x&amount=1', type);
          isV1Error(r, `${key(d)} ${type}`);
          assert.equal(r.status, 415, `${key(d)} ${type}: ${r.raw}`);
        }
      }
      assert.equal(await digest(), before, 'nothing changed');
    });

    it('odd form and JSON keys (prototype pollution, deep brackets) are refused or ignored, never a 5xx', async () => {
      for (const d of writeRoutes) {
        for (const form of ['__proto__[polluted]=1&constructor[prototype][polluted]=2&prototype[polluted]=3', 'a[b][c][d]=1&a[]=2&a=3', 'amount[]=1&amount[]=2', '%E0%A4%A=1', '=&&=']) {
          const r = await raw(d.method, concrete(d.url), form, 'application/x-www-form-urlencoded');
          assert.ok(r.status < 500, `${key(d)} ${form}: ${r.raw}`);
          const q = await raw(d.method, `${concrete(d.url)}?${form}`, '{}', 'application/json');
          assert.ok(q.status < 500, `${key(d)} ?${form}: ${q.raw}`);
          assert.equal(({} as Record<string, unknown>).polluted, undefined, `${key(d)} ${form} polluted Object.prototype`);
        }
        const r = await raw(d.method, concrete(d.url), '{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}}}', 'application/json');
        assert.ok(r.status < 500, `${key(d)}: ${r.raw}`);
      }
      const q = await raw('GET', '/payments?__proto__[polluted]=1&imp_uid[]=x', '', null);
      assert.ok(q.status < 500);
      assert.equal(({} as Record<string, unknown>).polluted, undefined, 'a query string polluted Object.prototype');
    });

    it('unknown paths are 404 and wrong methods on known paths are 405, in the V1 envelope', async () => {
      for (const url of ['/nope', '/payments/a/b/c/d/e', '/subscribe', '/users/getToken/extra', `/${'x'.repeat(5000)}`]) {
        for (const method of ['GET', 'POST', 'PUT', 'DELETE']) {
          const r = await raw(method, url, method === 'GET' || method === 'DELETE' ? '' : '{}', method === 'GET' || method === 'DELETE' ? null : 'application/json');
          isV1Error(r, `${method} ${url}`);
          assert.equal(r.status, 404, `${method} ${url}: ${r.raw}`);
        }
      }
      const byUrl = new Map<string, Set<string>>();
      for (const d of routes) byUrl.set(d.url, new Set([...(byUrl.get(d.url) ?? []), d.method]));
      for (const [url, methods] of byUrl) {
        const path = concrete(url);
        for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'PATCH']) {
          if (methods.has(method)) continue;
          // Another pattern may serve this concrete path with that method (/payments/:imp_uid vs /payments/prepare).
          if (routes.some((d) => d.method === method && new RegExp(`^${d.url.replace(/:[^/]+/g, '[^/]+')}$`).test(path))) continue;
          const r = await raw(method, path, method === 'GET' || method === 'DELETE' ? '' : '{}', method === 'GET' || method === 'DELETE' ? null : 'application/json');
          isV1Error(r, `${method} ${path}`);
          assert.equal(r.status, 405, `${method} ${path}: ${r.raw}`);
        }
      }
    });
  });
}
