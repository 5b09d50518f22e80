/**
 * Where browser tests put screenshots: docs/<sub>/ when OPENIMP_SCREENSHOTS=docs (`npm run screenshots`
 * refreshes the committed ones), else a temporary folder, so `npm test` leaves the tree unchanged.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function shotsDir(sub: 'checkout' | 'console'): string {
  const dir = process.env.OPENIMP_SCREENSHOTS === 'docs'
    ? join(import.meta.dirname, '..', '..', 'docs', sub)
    : join(tmpdir(), 'openimp-screenshots', sub);
  mkdirSync(dir, { recursive: true });
  return dir;
}
