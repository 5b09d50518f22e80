/**
 * Where browser tests put screenshots: docs/<sub>/ when OPENIMP_SCREENSHOTS=docs (`npm run screenshots`
 * refreshes the committed ones), else a temporary folder, so `npm test` leaves the tree unchanged.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

export function shotsDir(sub: 'checkout' | 'console'): string {
  const dir = process.env.OPENIMP_SCREENSHOTS === 'docs'
    ? join(import.meta.dirname, '..', '..', 'docs', sub)
    : join(tmpdir(), 'openimp-screenshots', sub);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * A screenshot for the docs. Headless Chromium now and then answers "Unable to capture screenshot"
 * for a page that is fine (the compositor was not ready); the picture is not what a test asserts, so
 * that one error is retried once after a frame.
 */
export async function screenshot(page: Page, path: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  try {
    await page.screenshot({ path, ...opts });
  } catch (e) {
    if (!/Unable to capture screenshot/.test(String(e))) throw e;
    await page.waitForTimeout(250);
    await page.screenshot({ path, ...opts });
  }
}
