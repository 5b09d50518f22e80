// `npm run build` (also run by `prepare`, so `npm ci`, `npm install` in a clone and `npm pack` produce it):
// compiles src/ to dist/ with tsc (tsconfig.build.json), copies the SQL migrations next to the compiled
// migrate.js, and prebuilds the browser SDK to dist/web/iamport.js (within its size budget). What
// `npx openimp` and `import { startOpenimp } from 'openimp'` run is then plain JavaScript.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);

cpSync(join(root, 'src', 'storage', 'migrations'), join(dist, 'storage', 'migrations'), { recursive: true });

const { buildSdk, prebuiltSdk, SDK_SIZE_BUDGET_BYTES } = await import(join(dist, 'pages', 'sdk-bundle.js'));
const code = await buildSdk();
const size = Buffer.byteLength(code);
if (size > SDK_SIZE_BUDGET_BYTES) {
  process.stderr.write(`IMP SDK is ${size} bytes, over its ${SDK_SIZE_BUDGET_BYTES}-byte budget\n`);
  process.exit(1);
}
mkdirSync(dirname(prebuiltSdk), { recursive: true });
writeFileSync(prebuiltSdk, code);
process.stdout.write(`built dist/ (SDK ${size} bytes)\n`);
