/**
 * Imports flow one way (ARCHITECTURE "Dependency direction", STYLE-ANCHORS §8 rule 1):
 *
 *   api, pages, console, cli, scheduler, outbox --> app --> storage --> core
 *                                                    \--> connectors --> core
 *   sandbox --> core           (the fake PGs: neither they nor the connectors import the other)
 *   core --> nothing          web/ --> nothing in src/
 *
 * Every import under src/ and web/ is read with the TypeScript parser (static, `export ... from`,
 * dynamic `import()`, `import type` too) and checked against the table below.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('..', import.meta.url));

type Layer = 'core' | 'connectors' | 'sandbox' | 'storage' | 'app' | 'api' | 'pages' | 'console' | 'scheduler' | 'outbox' | 'cli' | 'config' | 'logger' | 'root' | 'web';

/** Which layer a repo-relative path belongs to; null for a file the map does not know. */
function layerOf(path: string): Layer | null {
  if (path.startsWith('web/')) return 'web';
  const m = /^src\/([^/]+)(\/|$)/.exec(path);
  if (!m) return null;
  const [, first, slash] = m;
  if (slash === '/') return (['core', 'connectors', 'sandbox', 'storage', 'app', 'api', 'pages', 'console', 'scheduler', 'outbox'] as const).find((l) => l === first) ?? null;
  const files: Record<string, Layer> = {
    'cli.ts': 'cli', 'config.ts': 'config', 'logger.ts': 'logger',
    // The composition roots, and the wiring helpers only they use.
    'gateway.ts': 'root', 'main.ts': 'root', 'start.ts': 'root', 'bin.ts': 'root', 'index.ts': 'root', 'recurring-wiring.ts': 'root', 'self-fetch.ts': 'root', 'outbound-fetch.ts': 'root', 'pg-endpoints.ts': 'root', 'first-start.ts': 'root',
    'sandbox-main.ts': 'root', 'sandbox-wiring.ts': 'root', 'thread-cpu.ts': 'root', 'loop-stats.ts': 'root', 'pg-fetch.ts': 'root', 'random-pool.ts': 'root',
  };
  // config.ts may be split into config-<part>.ts files (still the only readers of the environment).
  return files[first!] ?? (/^config-[a-z-]+\.ts$/.test(first!) ? 'config' : null);
}

const edge: Layer[] = ['app', 'core', 'config', 'logger'];
/** What each layer may import (its own layer is always allowed). `root` (composition roots) may import anything. */
const allowed: Record<Exclude<Layer, 'root'>, Layer[]> = {
  core: [],
  connectors: ['core'],
  // The fake PGs are a program of their own: the gateway reaches them only over HTTP, and they know nothing of it.
  sandbox: ['core'],
  storage: ['core'],
  app: ['core', 'storage', 'connectors'],
  api: edge,
  pages: edge,
  console: edge,
  scheduler: edge,
  outbox: edge,
  // The CLI is an edge that starts like a process: it opens its context through the composition root.
  cli: [...edge, 'root'],
  config: [],
  logger: [],
  web: [],
};
/** Type-only imports allowed beyond the table: use cases take the logger's type from AppContext. */
const allowedTypes: Partial<Record<Layer, Layer[]>> = { app: ['logger'] };

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sourceFiles(p, out);
    // Tests (and the suites they share, *.case.ts) may import test/support, the composition root and
    // both sides of the PG boundary (a contract suite drives a connector against its fake PG); the
    // rules are about product code.
    else if (/\.(ts|tsx|mts|js|mjs)$/.test(name) && !/\.(test|case)\.(ts|tsx|mts)$/.test(name)) out.push(p);
  }
  return out;
}

type Import = { file: string; line: number; target: string; typeOnly: boolean };

function importsOf(file: string, text = readFileSync(file, 'utf8')): Import[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: Import[] = [];
  const add = (spec: ts.Expression | undefined, node: ts.Node, typeOnly: boolean) => {
    if (!spec || !ts.isStringLiteral(spec) || !spec.text.startsWith('.')) return;
    out.push({ file: relative(root, file), line: sf.getLineAndCharacterOfPosition(node.getStart()).line + 1, target: relative(root, resolve(dirname(file), spec.text)), typeOnly });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node)) {
      const c = node.importClause;
      const named = c?.namedBindings && ts.isNamedImports(c.namedBindings) ? c.namedBindings.elements : null;
      const allTypeSpecifiers = !!named && named.length > 0 && !c?.name && named.every((e) => e.isTypeOnly);
      add(node.moduleSpecifier, node, !!c && (c.isTypeOnly || allTypeSpecifiers));
    } else if (ts.isExportDeclaration(node)) {
      add(node.moduleSpecifier, node, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0], node, false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal as ts.Expression, node, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function violations(): string[] {
  const files = [...sourceFiles(join(root, 'src')), ...sourceFiles(join(root, 'web'))];
  const out: string[] = [];
  for (const file of files) {
    const from = layerOf(relative(root, file));
    if (from === null) {
      out.push(`${relative(root, file)}: not in the architecture map (put it in a layer folder, or name it in test/architecture.test.ts)`);
      continue;
    }
    if (from === 'root') continue;
    for (const imp of importsOf(file)) {
      const to = layerOf(imp.target);
      if (to === from) continue;
      if (from === 'web') {
        if (imp.target.startsWith('src/') || imp.target === 'src') out.push(`${imp.file}:${imp.line}: web/ imports ${imp.target} (web/ imports nothing from src/)`);
        continue;
      }
      if (to !== null && allowed[from].includes(to)) continue;
      if (to !== null && imp.typeOnly && allowedTypes[from]?.includes(to)) continue;
      out.push(`${imp.file}:${imp.line}: ${from} -> ${to ?? imp.target}${imp.typeOnly ? ' (import type)' : ''}: ${from} may import ${[from, ...allowed[from]].join(', ') || 'nothing else'}`);
    }
  }
  return out;
}

describe('architecture: imports flow one way', () => {
  it('no file imports against the dependency direction', () => {
    const found = violations();
    if (found.length > 0) console.log(`# architecture violations:\n${found.map((v) => `#   ${v}`).join('\n')}`);
    assert.deepEqual(found, []);
  });

  it('the checker sees every kind of import (self-test)', () => {
    const text = [
      "import { a } from '../storage/payments.ts';",
      "import type { B } from '../logger.ts';",
      "import { type C, type D } from '../connectors/contract.ts';",
      "export { e } from './errors.ts';",
      "import {",
      "  f,",
      "} from 'node:fs';",
      "const g = await import('../app/auth.ts');",
      "type H = import('../api/route.ts').RouteDef;",
    ].join('\n');
    const found = importsOf(join(root, 'src/core/probe.ts'), text).map((i) => `${i.line} ${i.target}${i.typeOnly ? ' type' : ''}`);
    assert.deepEqual(found, [
      '1 src/storage/payments.ts', '2 src/logger.ts type', '3 src/connectors/contract.ts type', '4 src/core/errors.ts',
      '8 src/app/auth.ts', '9 src/api/route.ts type',
    ]);
    assert.equal(layerOf('src/core/errors.ts'), 'core');
    assert.equal(layerOf('src/api/routes/payments.get.ts'), 'api');
    assert.equal(layerOf('src/main.ts'), 'root');
    assert.equal(layerOf('src/config-recurring.ts'), 'config');
    assert.equal(layerOf('src/somewhere.ts'), null);
    assert.equal(layerOf('src/sandbox/jtnet/simulator.ts'), 'sandbox');
    assert.equal(layerOf('src/sandbox-wiring.ts'), 'root');
    // The PG boundary: connectors and fake PGs never import each other; nothing but a root imports a fake PG.
    assert.ok(!allowed.connectors.includes('sandbox') && !allowed.sandbox.includes('connectors'));
    for (const [layer, may] of Object.entries(allowed)) if (layer !== 'cli') assert.ok(!may.includes('sandbox'), `${layer} may not import sandbox`);
  });
});
