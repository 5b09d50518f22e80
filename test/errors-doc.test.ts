/**
 * The error registry and docs/errors.md agree (Fastify's errors/docs sync test, STYLE-ANCHORS §3):
 * every code is documented with its status, V1 code and message, and no stale code remains.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { errorRegistry, GatewayError, type ErrorCode } from '../src/core/errors.ts';

const registrySource = readFileSync(new URL('../src/core/errors.ts', import.meta.url), 'utf8');
const doc = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');

type Row = { code: string; status: string; v1Code: string; message: string; line: number };

/** Table rows whose first cell is a backticked code: `| \`CODE\` | 404 | -1 | message |`. */
function documentedRows(): Row[] {
  const rows: Row[] = [];
  doc.split('\n').forEach((text, i) => {
    if (!/^\|\s*`[A-Z0-9_]+`\s*\|/.test(text)) return;
    const cells = text.trim().replace(/^\||\|$/g, '').split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|'));
    rows.push({ code: cells[0]!.replace(/`/g, ''), status: cells[1] ?? '', v1Code: cells[2] ?? '', message: cells.slice(3).join('|'), line: i + 1 });
  });
  return rows;
}

describe('error registry (src/core/errors.ts)', () => {
  it('declares each code once: no key of the registry literal is repeated (a repeat would silently win)', () => {
    const body = registrySource.slice(registrySource.indexOf('export const errorRegistry'), registrySource.indexOf('} as const'));
    const keys = [...body.matchAll(/^\s+([A-Z][A-Z0-9_]*)\s*:\s*\{/gm)].map((m) => m[1]!);
    const repeated = keys.filter((k, i) => keys.indexOf(k) !== i);
    assert.deepEqual(repeated, []);
    assert.equal(keys.length, Object.keys(errorRegistry).length, 'every registry entry is a literal `CODE: { ... }` line');
  });

  it('every entry has an HTTP status, a non-zero V1 code and a non-empty message', () => {
    for (const [code, spec] of Object.entries(errorRegistry) as [string, { status: number; v1Code: number; message: string }][]) {
      assert.match(code, /^[A-Z][A-Z0-9_]*$/, code);
      assert.ok(Number.isInteger(spec.status) && spec.status >= 200 && spec.status <= 599, `${code}: status ${spec.status}`);
      assert.ok(Number.isInteger(spec.v1Code) && spec.v1Code !== 0, `${code}: a failure must not say code 0`);
      assert.ok(spec.message.trim().length > 0, `${code}: empty message`);
      assert.ok(spec.status < 300 || spec.v1Code === -1 || spec.v1Code === 1, `${code}: V1 code`);
    }
  });

  it('GatewayError carries the registry entry and fills placeholders', () => {
    const e = new GatewayError('CUSTOMER_NOT_FOUND', undefined, { customer_uid: 'c1' });
    assert.equal(e.spec, errorRegistry.CUSTOMER_NOT_FOUND);
    assert.match(e.v1Message, /customer_uid\(c1\)/);
    assert.equal(new GatewayError('BAD_REQUEST', 'x 누락').v1Message, `${errorRegistry.BAD_REQUEST.message} x 누락`);
  });
});

describe('docs/errors.md lists the registry', () => {
  const rows = documentedRows();

  it('every code is documented with the same status, V1 code and message', () => {
    const problems: string[] = [];
    for (const [code, spec] of Object.entries(errorRegistry) as [ErrorCode, (typeof errorRegistry)[ErrorCode]][]) {
      const row = rows.find((r) => r.code === code);
      if (!row) { problems.push(`${code}: missing from docs/errors.md`); continue; }
      if (row.status !== String(spec.status)) problems.push(`${code} (line ${row.line}): status ${row.status}, registry ${spec.status}`);
      if (row.v1Code !== String(spec.v1Code)) problems.push(`${code} (line ${row.line}): V1 code ${row.v1Code}, registry ${spec.v1Code}`);
      if (row.message !== spec.message) problems.push(`${code} (line ${row.line}): message "${row.message}", registry "${spec.message}"`);
    }
    assert.deepEqual(problems, []);
  });

  it('no stale or repeated codes remain', () => {
    const stale = rows.filter((r) => !(r.code in errorRegistry)).map((r) => `${r.code} (line ${r.line})`);
    assert.deepEqual(stale, [], 'documented codes that are not in the registry');
    const seen = rows.map((r) => r.code);
    assert.deepEqual(seen.filter((c, i) => seen.indexOf(c) !== i), [], 'codes documented twice');
  });
});
