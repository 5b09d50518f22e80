// `npm test`: every *.test.ts under src/ and test/, through node:test + tsx.
// - Storage, connector and API suites run on PGlite always and also on PostgreSQL when
//   OPENIMP_TEST_DATABASE_URL is set; if it is not, a PostgreSQL answering at 127.0.0.1:5432/test is used.
// - Browser tests need Debian's Chromium at /usr/bin/chromium; as root with apt-get it is installed
//   here (set OPENIMP_SKIP_BROWSER_INSTALL=1 to skip), never a downloaded browser build.
// Node 20's --test does not expand globs, so the file list is built here. A test that hangs fails after
// 4 minutes, and a file whose tests are done exits even if it left a handle open.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

function find(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) find(p, out);
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

async function probePostgres(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

function ensureChromium() {
  if (existsSync('/usr/bin/chromium') || process.env.OPENIMP_SKIP_BROWSER_INSTALL) return;
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    console.log('# /usr/bin/chromium is missing: browser tests will be skipped (apt-get install -y chromium)');
    return;
  }
  console.log('# installing Debian chromium (and fonts-nanum) for the browser tests');
  spawnSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-nanum >/dev/null'], { stdio: 'inherit' });
}

const only = process.argv.slice(2);
const files = only.length > 0 ? only : ['src', 'test'].flatMap((d) => find(d)).sort();
const env = { ...process.env };
if (!env.OPENIMP_TEST_DATABASE_URL) {
  // Name the user: the pg driver falls back to $USER, which a CI or npm environment may not set.
  const local = `postgres://${userInfo().username}@127.0.0.1:5432/test`;
  if (await probePostgres(local)) env.OPENIMP_TEST_DATABASE_URL = local;
}
console.log(`# drivers: pglite${env.OPENIMP_TEST_DATABASE_URL ? ' + postgres' : ' (no PostgreSQL found; set OPENIMP_TEST_DATABASE_URL)'}`);
if (only.length === 0) {
  ensureChromium();
  // The whole suite starts with the type check (strict, no unused locals): a type error fails the run.
  const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit'], { stdio: 'inherit' });
  if (tsc.status !== 0) {
    console.log('not ok - typecheck (tsc --noEmit) failed');
    process.exit(tsc.status ?? 1);
  }
  console.log('# typecheck ok');
}
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-force-exit', '--test-timeout=240000', ...files], { stdio: 'inherit', env });
process.exit(r.status ?? 1);
