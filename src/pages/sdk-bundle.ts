/**
 * The browser SDK as one minified script. From source (`npm start`) it is built from web/sdk/iamport.ts
 * with esbuild in memory at server start, so a fresh clone needs only `npm install && npm start`; the
 * compiled package (dist/, `npx openimp`) serves dist/web/iamport.js, which scripts/build.mjs prebuilt.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const sdkEntry = join(root, 'web', 'sdk', 'iamport.ts');
export const prebuiltSdk = join(root, 'dist', 'web', 'iamport.js');
/** The SDK must stay small: it loads on every merchant checkout page. */
export const SDK_SIZE_BUDGET_BYTES = 12 * 1024;

export async function buildSdk(): Promise<string> {
  const esbuild = await import('esbuild');
  const r = await esbuild.build({
    entryPoints: [sdkEntry], bundle: true, write: false, minify: true, format: 'iife', target: ['es2019'], platform: 'browser',
    legalComments: 'none', charset: 'utf8',
  });
  const text = r.outputFiles[0]!.text;
  return `/*! openimp IMP SDK (i'mport V1 compatible) */\n${text}`;
}

/** Running from dist/ (the compiled package): the SDK was prebuilt with it. */
const compiled = import.meta.url.endsWith('.js');

/** The bundle, or a script that says clearly why there is none. */
export async function loadSdk(log: { warn(o: object, m: string): void }): Promise<string> {
  if (compiled && existsSync(prebuiltSdk)) return readFileSync(prebuiltSdk, 'utf8');
  try {
    return await buildSdk();
  } catch (err) {
    if (existsSync(prebuiltSdk)) return readFileSync(prebuiltSdk, 'utf8');
    log.warn({ err }, 'IMP SDK could not be built (esbuild missing?) and dist/web/iamport.js is absent; run `npm run build`');
    return 'console.error("[openimp] the IMP SDK is not built on this server: run `npm run build`");';
  }
}
