/**
 * Docs (issue #2 outcome 9): /openapi.json is an OpenAPI 3 document listing every route of
 * src/api/routes.ts, and /docs serves the Swagger UI.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { routes } from '../src/api/routes.ts';
import { loadSpec, specPathOf } from './support/v1-spec.ts';
import { testDrivers } from './support/db.ts';
import { startGateway, type TestGateway } from './support/gateway.ts';

const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const openapiPath = (url: string) => url.replace(/:([A-Za-z_]+)/g, '{$1}');

/**
 * OpenAPI 3.0 schemas as JSON Schema for ajv: fastify-type-provider-zod writes a nullable union as
 * `{anyOf, nullable: true}` (OAS 3.0 has no null type); ajv only accepts `nullable` beside `type`.
 */
function asJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(asJsonSchema);
  if (typeof node !== 'object' || node === null) return node;
  const o = node as Record<string, unknown>;
  const out = Object.fromEntries(Object.entries(o).map(([k, v]) => [k, k === 'properties' && v && typeof v === 'object'
    ? Object.fromEntries(Object.entries(v).map(([n, s]) => [n, asJsonSchema(s)])) : asJsonSchema(v)]));
  if (out.nullable === true && out.type === undefined && Array.isArray(out.anyOf)) {
    delete out.nullable;
    out.anyOf = [...out.anyOf, { type: 'null' }];
  }
  return out;
}

for (const driver of testDrivers()) {
  describe(`/openapi.json and /docs [${driver}]`, () => {
    let gw: TestGateway;
    let doc: any;
    before(async () => {
      gw = await startGateway(driver);
      const r = await gw.call('GET', '/openapi.json', { token: null });
      assert.equal(r.status, 200);
      assert.match(String(r.headers['content-type']), /^application\/json/);
      doc = JSON.parse(r.raw);
    });
    after(async () => gw?.close());

    it('is an OpenAPI 3 document', () => {
      assert.match(doc.openapi, /^3\.\d+\.\d+$/);
      assert.equal(typeof doc.info?.title, 'string');
      assert.equal(typeof doc.info?.version, 'string');
      assert.equal(typeof doc.paths, 'object');
      const ajv = new Ajv({ strict: false, validateFormats: false });
      const problems: string[] = [];
      for (const [path, item] of Object.entries<any>(doc.paths)) {
        if (!path.startsWith('/')) problems.push(`${path}: paths start with /`);
        const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
        for (const [method, op] of Object.entries<any>(item)) {
          const at = `${method.toUpperCase()} ${path}`;
          if (!methods.includes(method)) { problems.push(`${at}: not an HTTP method`); continue; }
          if (typeof op.responses !== 'object' || Object.keys(op.responses).length === 0) problems.push(`${at}: no responses`);
          for (const [status, res] of Object.entries<any>(op.responses ?? {})) {
            if (!/^([1-5][0-9X]{2}|default)$/.test(status)) problems.push(`${at}: response key ${status}`);
            if (typeof res.description !== 'string') problems.push(`${at} ${status}: responses need a description`);
          }
          const params: any[] = op.parameters ?? [];
          for (const p of params) {
            if (typeof p.name !== 'string' || !['query', 'header', 'path', 'cookie'].includes(p.in)) problems.push(`${at}: bad parameter ${JSON.stringify(p)}`);
            if (p.in === 'path' && p.required !== true) problems.push(`${at}: path parameter ${p.name} must be required`);
            if (p.in === 'path' && !templated.includes(p.name)) problems.push(`${at}: path parameter ${p.name} is not in the path`);
            if (p.schema) try { ajv.compile(asJsonSchema(p.schema) as object); } catch (e) { problems.push(`${at}: parameter ${p.name} schema: ${(e as Error).message}`); }
          }
          for (const name of templated) if (!params.some((p) => p.in === 'path' && p.name === name)) problems.push(`${at}: {${name}} has no path parameter`);
          for (const [type, media] of Object.entries<any>(op.requestBody?.content ?? {})) {
            try { ajv.compile(asJsonSchema(media.schema ?? {}) as object); } catch (e) { problems.push(`${at}: ${type} body schema: ${(e as Error).message}`); }
          }
          for (const sec of op.security ?? []) for (const name of Object.keys(sec)) if (!doc.components?.securitySchemes?.[name]) problems.push(`${at}: unknown security scheme ${name}`);
        }
      }
      const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
      for (const ref of refs) {
        const target = ref.replace(/^#\//, '').split('/').reduce<any>((o, k) => o?.[k], doc);
        if (!ref.startsWith('#/') || target === undefined) problems.push(`unresolved $ref ${ref}`);
      }
      assert.deepEqual(problems, []);
    });

    it('lists every route of src/api/routes.ts', () => {
      const missing = routes.filter((d) => !doc.paths[openapiPath(d.url)]?.[d.method.toLowerCase()]).map((d) => `${d.method} ${d.url}`);
      assert.deepEqual(missing, []);
      for (const d of routes) {
        const op = doc.paths[openapiPath(d.url)][d.method.toLowerCase()];
        assert.equal(typeof op.summary, 'string', `${d.method} ${d.url} has a summary`);
        assert.equal(Boolean(op.security?.length), d.auth, `${d.method} ${d.url}: security matches auth`);
      }
    });

    it('/docs serves the Swagger UI (following redirects) and its assets', async () => {
      let url = '/docs';
      let res = await gw.app.inject({ method: 'GET', url });
      for (let hops = 0; res.statusCode >= 300 && res.statusCode < 400 && hops < 5; hops++) {
        url = new URL(String(res.headers.location), `http://localhost${url}`).pathname;
        res = await gw.app.inject({ method: 'GET', url });
      }
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/html/);
      assert.match(res.body, /<title>Swagger UI<\/title>/);
      const scripts = [...res.body.matchAll(/src="([^"]+\.js)"/g)].map((m) => new URL(m[1]!, `http://localhost${url}`).pathname);
      assert.ok(scripts.length > 0, 'the page loads the Swagger UI bundle');
      for (const s of scripts) assert.equal((await gw.app.inject({ method: 'GET', url: s })).statusCode, 200, s);
    });
  });
}

describe('docs/api-coverage.md agrees with src/api/routes.ts', () => {
  const doc = readFileSync(new URL('../docs/api-coverage.md', import.meta.url), 'utf8');
  const rows = [...doc.matchAll(/^\| (GET|POST|PUT|DELETE) \| `([^`]+)` \| (implemented|not yet|out of scope|extension) \|/gm)].map((m) => ({ key: `${m[1]} ${m[2]}`, status: m[3]! }));
  const spec = loadSpec();

  // Telling V1 routes from extensions needs the spec's paths.
  it('every route is listed as implemented (V1) or extension (openimp), and nothing else is', { skip: spec ? false : 'shared/reference/v1.openapi.json is absent' }, () => {
    const expected = new Map<string, string>();
    for (const d of routes) {
      const specPath = spec ? specPathOf(spec, d.method, d.url) : null;
      expected.set(specPath ? `${d.method} ${specPath}` : `${d.method} ${d.url}`, specPath ? 'implemented' : 'extension');
    }
    const problems: string[] = [];
    for (const [key, status] of expected) {
      const row = rows.find((r) => r.key === key);
      if (!row) problems.push(`${key}: missing (${status})`);
      else if (spec && row.status !== status) problems.push(`${key}: marked ${row.status}, is ${status}`);
    }
    for (const r of rows) if ((r.status === 'implemented' || r.status === 'extension') && !expected.has(r.key)) problems.push(`${r.key}: marked ${r.status} but not in src/api/routes.ts`);
    const seen = rows.map((r) => r.key);
    problems.push(...seen.filter((k, i) => seen.indexOf(k) !== i).map((k) => `${k}: listed twice`));
    assert.deepEqual(problems, []);
  });

  it('lists every operation of the V1 spec', { skip: spec ? false : 'shared/reference/v1.openapi.json is absent' }, () => {
    const missing: string[] = [];
    for (const [path, ops] of Object.entries(spec!.paths)) for (const m of Object.keys(ops)) {
      if (['get', 'post', 'put', 'delete'].includes(m) && !rows.some((r) => r.key === `${m.toUpperCase()} ${path}`)) missing.push(`${m.toUpperCase()} ${path}`);
    }
    assert.deepEqual(missing, []);
  });
});
