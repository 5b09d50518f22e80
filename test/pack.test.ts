/**
 * `npm pack` -> a fresh project installs the tarball (dependencies from the npm registry through the
 * local npm cache, --prefer-offline) and `npx openimp` starts the compiled gateway, which answers
 * getToken with the credentials given as flags. The tarball ships dist/ and bin/, not src/, tests,
 * bench or screenshots. Slow (a build, an install, a fresh embedded database): own timeouts.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const SLOW = { timeout: 8 * 60_000 };

const freePort = () => new Promise<number>((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address() as { port: number }; s.close(() => resolve(port)); });
});

describe('npm pack -> install in a fresh project -> npx openimp', SLOW, () => {
  const work = mkdtempSync(join(tmpdir(), 'openimp-pack-'));
  const project = join(work, 'shop');
  let tarball = '';
  let files: string[] = [];
  let child: ChildProcess | null = null;

  before(async () => {
    // `npm pack` runs `prepare` (scripts/build.mjs), so the tarball carries a fresh dist/.
    const out = execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    const info = JSON.parse(out.slice(out.indexOf('['))) as { filename: string; files: { path: string }[] }[];
    tarball = join(work, info[0]!.filename);
    files = info[0]!.files.map((f) => f.path);
    execFileSync('mkdir', ['-p', project]);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'a-merchant-shop', version: '1.0.0', private: true, type: 'module' }));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--save-dev', tarball], { cwd: project, stdio: ['ignore', 'ignore', 'inherit'] });
  }, SLOW);

  after(async () => {
    if (child?.pid && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      process.kill(-child.pid, 'SIGTERM');
      await exited;
    }
    rmSync(work, { recursive: true, force: true });
  });

  it('ships the compiled gateway and the prebuilt SDK, and nothing for development', () => {
    for (const f of ['bin/openimp.js', 'dist/index.js', 'dist/index.d.ts', 'dist/bin.js', 'dist/main.js', 'dist/web/iamport.js', 'dist/storage/migrations/0001_init.sql', 'package.json', 'README.md']) {
      assert.ok(files.includes(f), `${f} is in the tarball`);
    }
    const unwanted = files.filter((f) => /^(src|test|bench|scripts|web)\//.test(f) || /\.test\.|\.png$|\.case\./.test(f) || f.endsWith('.ts') && !f.endsWith('.d.ts'));
    assert.deepEqual(unwanted, []);
    assert.ok(readdirSync(join(project, 'node_modules', 'openimp', 'dist')).includes('index.js'));
  });

  it('npx openimp --help prints the flags', () => {
    const help = execFileSync('npx', ['--no-install', 'openimp', '--help'], { cwd: project, encoding: 'utf8' });
    for (const flag of ['--port', '--data-dir', '--database-url', '--imp-key', '--imp-secret', '--merchant-code']) assert.match(help, new RegExp(flag));
  });

  it('npx openimp starts from compiled JavaScript and serves the REST API with the given credentials', SLOW, async () => {
    const port = await freePort();
    const env: Record<string, string | undefined> = { ...process.env };
    delete env.DATABASE_URL;
    env.OPENIMP_SANDBOX_PORT = '0'; // PORT+1 may be another test's port
    child = spawn('npx', ['--no-install', 'openimp', '--port', String(port), '--host', '127.0.0.1', '--data-dir', join(work, 'data'),
      '--merchant-code', 'imp20260101', '--imp-key', 'shop_key', '--imp-secret', 'shop_secret_0123456789', '--log-level', 'warn'], { cwd: project, env, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
    let out = '';
    child.stdout!.on('data', (d) => { out += String(d); });
    await new Promise<void>((resolve, reject) => {
      const t = setInterval(() => { if (out.includes('openimp is listening')) { clearInterval(t); resolve(); } }, 100);
      child!.once('exit', (code) => { clearInterval(t); reject(new Error(`openimp exited with ${code}: ${out}`)); });
    });
    assert.match(out, /merchant code:\s+imp20260101/);
    // The process runs dist/, not TypeScript through tsx.
    const cmdline = execFileSync('ps', ['-o', 'args=', '--ppid', String(child.pid)], { encoding: 'utf8' }) + execFileSync('ps', ['-o', 'args=', '-p', String(child.pid)], { encoding: 'utf8' });
    assert.doesNotMatch(cmdline, /tsx/);
    const r = await fetch(`http://127.0.0.1:${port}/users/getToken`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ imp_key: 'shop_key', imp_secret: 'shop_secret_0123456789' }) });
    assert.equal((await r.json()).code, 0);
    assert.equal((await fetch(`http://127.0.0.1:${port}/v1/iamport.js`)).status, 200);
    // Ctrl-C in a terminal: SIGINT to the process group (npx and the gateway it runs).
    const exited = new Promise((r) => child!.once('exit', r));
    process.kill(-child.pid!, 'SIGINT');
    await exited;
    let open = true;
    for (let i = 0; i < 150 && open; i++) {
      open = await fetch(`http://127.0.0.1:${port}/v1/iamport.js`).then(() => true, () => false);
      if (open) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(open, false, 'the gateway closed its port after SIGTERM');
  });

  it("the package's main export is startOpenimp", () => {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', "import('openimp').then((m) => console.log(typeof m.startOpenimp))"], { cwd: project, encoding: 'utf8' });
    assert.equal(out.trim(), 'function');
  });
});
