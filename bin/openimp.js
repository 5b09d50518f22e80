#!/usr/bin/env node
// `npx openimp`: runs the compiled gateway (dist/, built by `npm run build`, which `npm pack` and
// `npm install` in a clone run through the `prepare` script).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/bin.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('openimp: dist/ is missing; run `npm run build` first (or `npm start` from a clone)\n');
  process.exit(1);
}
await import(entry.href);
