/**
 * Browser checkout harness: a real openimp on a TCP port (its fake PGs on a port of their own), a
 * merchant shop on another origin that loads the IMP SDK from openimp, and Debian's Chromium driven
 * by playwright-core. Everything is closed by `close()`.
 */
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { connectorFor } from '../../../src/connectors/registry.ts';
import type { Provider } from '../../../src/core/payment.ts';
import type { Driver } from '../../support/db.ts';
import { DEMO, startGateway, type TestGateway } from '../../support/gateway.ts';
import { shotsDir } from '../../support/shots.ts';

export const SHOTS = shotsDir('checkout');
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const IPHONE_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';

/**
 * How many tests of one browser suite run at once: each has its own browser context and merchant_uids
 * (parallel-safe), and most of a test's time is spent waiting on pages, so one browser serves several.
 */
export const PAGES_AT_ONCE = 4;

/** Why a PG's browser tests are skipped: its window connector has not landed yet. */
export const windowMissing = (pg: Provider): string | false => (connectorFor(pg)?.window ? false : `${pg} payment window (connector side) is not built yet`);

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** The merchant's pages: an empty shop page with the SDK, the m_redirect_url landing, a confirm_url. */
function shopServer(gatewayUrl: string, sdkPath: string): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://shop');
    if (url.pathname === '/complete') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(`<!doctype html><meta charset="utf-8"><title>complete</title><h1>결제 완료 페이지</h1><pre id="q">${url.search.replace(/[<>&]/g, '')}</pre>`);
    }
    if (url.pathname === '/confirm') {
      req.resume();
      return req.on('end', () => res.writeHead(url.searchParams.get('ok') === '0' ? 409 : 200, { 'content-type': 'application/json' }).end(JSON.stringify({ reason: '재고 없음' })));
    }
    const legacy = url.searchParams.get('sdk') === 'legacy';
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html><head><meta charset="utf-8"><title>shop</title>
<script src="${gatewayUrl}${legacy ? '/js/iamport.payment-1.2.0.js' : sdkPath}"></script></head>
<body><h1>Demo merchant shop</h1><script>IMP.init(${JSON.stringify(DEMO.code)});</script></body></html>`);
  });
}

export type Harness = {
  gw: TestGateway;
  gatewayUrl: string;
  shopUrl: string;
  browser: Browser;
  /** A fresh context + page on the shop (mobile: iPhone user agent and viewport). */
  shop(opts?: { mobile?: boolean; query?: string }): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
};

/**
 * `driver`: the database the gateway runs on (PGlite unless a suite asks for PostgreSQL).
 * `publicHost`: the host OPENIMP_PUBLIC_URL names (default the 127.0.0.1 the pages use); another host
 * (`localhost`) is a gateway reached at an address that is not its public URL.
 * `fakeHosts`: PGs whose test and live hosts are their fake PG (OPENIMP_<PG>_URL), for test-mode channels.
 */
export async function startHarness(driver: Driver = 'pglite', opts: { publicHost?: string; fakeHosts?: Provider[] } = {}): Promise<Harness> {
  mkdirSync(SHOTS, { recursive: true });
  const port = await freePort();
  const gatewayUrl = `http://127.0.0.1:${port}`;
  const fakes = opts.fakeHosts ?? [];
  const gw = await startGateway(driver, (sandboxUrl) => ({
    publicUrl: `http://${opts.publicHost ?? '127.0.0.1'}:${port}`,
    ...(fakes.length ? { pgOverrides: (p: string) => ({ url: (fakes as string[]).includes(p) ? `${sandboxUrl}/${p}` : null, notifyIps: null }) } : {}),
  }));
  await gw.app.listen({ port, host: '127.0.0.1' });
  const shop = shopServer(gatewayUrl, '/v1/iamport.js');
  await new Promise<void>((r) => shop.listen(0, '127.0.0.1', r));
  // localhost vs 127.0.0.1: the shop is a different origin from the gateway, as in production.
  const shopUrl = `http://localhost:${(shop.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const contexts: BrowserContext[] = [];
  return {
    gw, gatewayUrl, shopUrl, browser,
    async shop(opts = {}) {
      const context = await browser.newContext(opts.mobile
        ? { userAgent: IPHONE_UA, viewport: { width: 390, height: 780 }, isMobile: true, hasTouch: true, locale: 'ko-KR' }
        : { viewport: { width: 1100, height: 820 }, locale: 'ko-KR' });
      contexts.push(context);
      const page = await context.newPage();
      page.on('dialog', (d) => void d.accept());
      await page.goto(`${shopUrl}/${opts.query ?? ''}`);
      return { context, page };
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
      await new Promise((r) => shop.close(r));
      await gw.close();
    },
  };
}

/** Calls IMP.request_pay in the page without waiting (the window is driven meanwhile); returns the rsp promise. */
export function requestPay(page: Page, params: Record<string, unknown> | string): Promise<Record<string, any>> {
  const source = typeof params === 'string' ? params : JSON.stringify(params);
  return page.evaluate((src) => new Promise<unknown>((resolve) => {
    // eslint-disable-next-line no-new-func
    const p = new Function(`return (${src});`)();
    (window as any).IMP.request_pay(p, (rsp: unknown) => resolve(rsp));
  }), source) as Promise<Record<string, any>>;
}

/**
 * The PG window inside the SDK's overlay iframe, once it shows the sandbox window form. Give it the
 * request_pay promise: a request refused before any window (F1002, F1001...) answers the callback and
 * removes the overlay at once, and the test then fails with that rsp rather than with a missing frame.
 */
export async function overlayWindow(page: Page, result?: Promise<Record<string, any>>): Promise<Frame> {
  const opened = (async () => {
    const handle = await page.waitForSelector('iframe[name^="openimp_"]', { timeout: 10_000 });
    const frame = await handle.contentFrame();
    if (!frame) throw new Error('the overlay iframe went away before its PG window loaded');
    await frame.waitForSelector('input[name="choice"]', { timeout: 10_000 });
    return frame;
  })();
  if (!result) return opened;
  const answeredFirst = result.then((rsp): never => { throw new Error(`request_pay answered before a PG window opened: ${JSON.stringify(rsp)}`); });
  return Promise.race([opened, answeredFirst]);
}

export type Choice = 'approve' | 'decline' | 'cancel' | 'slow';

/** Picks the tester's outcome on the sandbox window and submits it. */
export async function choose(win: Page | Frame, choice: Choice, opts: { method?: string; declineMessage?: string; delaySec?: number } = {}): Promise<void> {
  if (opts.method) {
    const radio = win.locator(`input[type="radio"][name="method"][value="${opts.method}"]`);
    if (await radio.count()) await radio.check();
  }
  await win.locator(`input[name="choice"][value="${choice}"]`).check();
  if (opts.declineMessage !== undefined) await win.locator('input[name="declineMessage"]').fill(opts.declineMessage);
  if (opts.delaySec !== undefined) await win.locator('input[name="delaySec"]').fill(String(opts.delaySec));
  await win.locator('form button[type="submit"]').last().click();
}

/** How far the page is wider than its viewport (0 = no horizontal overflow). */
export const horizontalOverflow = (win: Page | Frame): Promise<number> =>
  win.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** The vbank-issued page waits for the buyer to go back to the merchant. */
export async function leaveVbankPage(win: Page | Frame): Promise<void> {
  await win.getByRole('button', { name: '가맹점으로 돌아가기' }).click({ timeout: 10_000 });
}

export const uid = (prefix: string): string => `${prefix}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
