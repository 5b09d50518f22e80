/**
 * Builds the browser SDK to dist/web/iamport.js and enforces its size budget. The server builds the
 * same bundle in memory at start; this file is for installs without devDependencies and for CI.
 *   npx tsx scripts/build-web.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { buildSdk, prebuiltSdk, SDK_SIZE_BUDGET_BYTES } from '../src/pages/sdk-bundle.ts';

const code = await buildSdk();
const size = Buffer.byteLength(code);
mkdirSync(dirname(prebuiltSdk), { recursive: true });
writeFileSync(prebuiltSdk, code);
process.stdout.write(`${prebuiltSdk}: ${size} bytes (budget ${SDK_SIZE_BUDGET_BYTES})\n`);
if (size > SDK_SIZE_BUDGET_BYTES) {
  process.stderr.write('IMP SDK is over its size budget\n');
  process.exit(1);
}
