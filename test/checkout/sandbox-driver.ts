/**
 * Drives a checkout through a real sandbox PG window without a browser: the gateway's start page, the
 * fake PG's window (its form submitted with the tester's inputs), and the way back to the gateway.
 * Requests to the gateway go in process (fastify inject, its Host kept); the fake PGs are on their socket.
 */
import assert from 'node:assert/strict';
import { submitWindow, openWindow, type ReturnToMerchant } from '../../src/connectors/window-flow.case.ts';
import { paycoLogin } from '../../src/connectors/payco/window-inputs.case.ts';
import type { TestGateway } from '../support/gateway.ts';
import { ORIGIN, startPay, type Step } from './checkout-driver.ts';
import { postedMessage } from './fake-window.ts';

const unescape = (v: string): string =>
  v.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!);

/**
 * The tester's inputs of a card payment with the shared test cards (approved unless `choice` says
 * otherwise), with the sandbox PAYCO login its order sheet asks first and the birth date and card
 * password digits a KICC billing window asks (other fake PGs ignore them).
 */
export const cardChoice = (choice: 'approve' | 'slow' | 'cancel', extra: Record<string, string> = {}): Record<string, string> => ({
  ...paycoLogin, choice, method: 'card', testCard: '9366000000000009', expiry: '12/40', quota: '0', birth: '900101', cardPassword: '00', ...extra,
});

/** A browser's fetch: the fake PGs over their socket, the gateway in process. */
function browserFetch(gw: TestGateway): typeof fetch {
  const sandbox = new URL(gw.sandboxUrl).origin;
  return async (input, init) => {
    const req = new Request(input, init);
    const url = new URL(req.url);
    if (url.origin === sandbox) return fetch(req);
    const headers: Record<string, string> = { host: url.host };
    req.headers.forEach((v, k) => { headers[k] = v; });
    const body = req.method === 'GET' ? undefined : Buffer.from(await req.arrayBuffer());
    const res = await gw.app.inject({ method: req.method as 'GET', url: url.pathname + url.search, headers, payload: body });
    const out = new Headers();
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out.set(k, String(v));
    return new Response(res.statusCode === 204 ? null : new Uint8Array(res.rawPayload), { status: res.statusCode, headers: out });
  };
}

export type WindowRun = { impUid: string; back: ReturnToMerchant };

/** request_pay (PC) → the PG window → the tester's inputs → where the PG sends the browser back. */
export async function throughSandboxWindow(gw: TestGateway, params: Record<string, unknown>, inputs: Record<string, string>): Promise<WindowRun> {
  return walkWindow(await startPay(gw, params), browserFetch(gw), inputs);
}

/**
 * The same against an openimp process over its socket (`baseUrl`), with a real browser's fetch: the
 * start page, the window, and the PG's return posted back to the process; its result page is returned.
 */
export async function throughWindowOverHttp(baseUrl: string, params: Record<string, unknown>, inputs: Record<string, string>, merchantCode: string): Promise<WindowRun & { result: string }> {
  const payload = JSON.stringify({ merchant_code: merchantCode, params, device: 'pc', origin: ORIGIN, request_id: 'req_http1' });
  const res = await fetch(`${baseUrl}/checkout/start`, { method: 'POST', body: new URLSearchParams({ payload }), headers: { 'user-agent': 'test-agent' } });
  const body = await res.text();
  const run = await walkWindow({ status: res.status, location: res.headers.get('location'), body, message: postedMessage(body), headers: Object.fromEntries(res.headers) }, fetch, inputs);
  const back = await fetch(run.back.url, { method: 'POST', body: new URLSearchParams(run.back.fields), redirect: 'manual' });
  return { ...run, result: await back.text() };
}

async function walkWindow(start: Step, f: typeof fetch, inputs: Record<string, string>): Promise<WindowRun> {
  // The start page announces the attempt's imp_uid to the SDK before it hands over to the PG.
  const impUid = start.message?.type === 'open' ? String(start.message.imp_uid) : '';
  assert.match(impUid, /^imp_\d{12}$/, start.body.slice(0, 400));
  const form = /<form id="pg" method="(get|post)" action="([^"]*)"/.exec(start.body);
  assert.ok(form, start.body.slice(0, 400));
  const fields: Record<string, string> = {};
  for (const m of start.body.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) fields[unescape(m[1]!)] = unescape(m[2]!);
  const url = unescape(form[2]!);
  const page = await openWindow(f, { method: form[1] === 'get' ? 'GET' : 'POST', url, fields });
  assert.equal(page.status, 200, page.html.slice(0, 400));
  const r = await submitWindow(f, page, inputs);
  assert.equal(r.kind, 'returned', r.kind === 'page' ? r.visit.html.slice(0, 400) : '');
  const back = (r as { back: ReturnToMerchant }).back;
  assert.match(back.url, new RegExp(`/checkout/return/${impUid}$`));
  return { impUid, back };
}
