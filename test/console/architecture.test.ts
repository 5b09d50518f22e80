/** src/console depends on app/ and core/ only (plus itself, node: and packages): no storage, connectors or SQL. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { it } from 'node:test';

const root = resolve(import.meta.dirname, '..', '..', 'src');
const dir = join(root, 'console');

function files(d: string, out: string[] = []): string[] {
  for (const n of readdirSync(d)) {
    const p = join(d, n);
    if (statSync(p).isDirectory()) files(p, out);
    else if (n.endsWith('.ts')) out.push(p);
  }
  return out;
}

it('console imports only app/, core/ and console/ from src, and writes no SQL', () => {
  const bad: string[] = [];
  for (const f of files(dir)) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/from\s+'([^']+)'/g)) {
      const spec = m[1]!;
      if (!spec.startsWith('.')) continue;
      const target = relative(root, resolve(f, '..', spec)).split('/')[0];
      if (!['app', 'core', 'console'].includes(target!)) bad.push(`${relative(root, f)} -> ${spec}`);
    }
    if (/\b(select|insert|update|delete)\s+(\*|[a-z_]+\s+from|into|from)\b/i.test(text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ''))) bad.push(`${relative(root, f)}: SQL`);
  }
  assert.deepEqual(bad, []);
});
