/**
 * The secrets the first start creates (the demo imp_secret, the console password) are shown once, and
 * never written into a log: the start routine (start.ts) prints them only to a terminal; when stdout is not one, they go
 * to `<data dir>/first-start-credentials.txt` (mode 0600) and the log names only the file.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DemoMerchant } from './app/merchant-admin.ts';

export const FIRST_START_FILE = 'first-start-credentials.txt';

/** The lines that carry secrets (none on later starts). */
export function firstStartSecrets(demo: DemoMerchant, publicUrl: string): string[] {
  const out: string[] = [];
  if (demo.keys) out.push(`  imp_key:            ${demo.keys.imp_key}`, `  imp_secret:         ${demo.keys.imp_secret}   (shown once; stored hashed)`);
  if (demo.consoleUser) out.push(`  console:            ${publicUrl}/console   (${demo.consoleUser.email} / ${demo.consoleUser.password})`);
  return out;
}

/** Writes the lines to the owner-only file in `dataDir` and returns its path. */
export function writeFirstStartFile(dataDir: string, lines: string[]): string {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, FIRST_START_FILE);
  writeFileSync(file, `openimp first start, ${new Date().toISOString()}\n${lines.join('\n')}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return file;
}
