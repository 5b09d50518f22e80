/**
 * Drives a sandbox payment window over HTTP the way a browser would, without one: follows the
 * `WindowStart`, reads the window page's form, submits the tester's choice, and reads where the PG
 * sends the browser back (an auto-submitted form or a redirect). For connector tests.
 */
import assert from 'node:assert/strict';
import type { CardInput } from '../core/card.ts';
import type { Connector, ConnectorContext, PgAnswer, PgFetch, WindowConnector, WindowRequest, WindowStart } from './contract.ts';

export type ReturnToMerchant = { method: 'GET' | 'POST'; url: string; fields: Record<string, string>; html: string };
export type WindowVisit = { status: number; html: string; url: string };

const unescape = (v: string): string =>
  v.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!);

/**
 * The first form of a page: its method, action and the values a browser submits untouched: hidden
 * inputs and text or password inputs pre-filled with a value (a PG's pre-filled sandbox login).
 */
export function readForm(html: string): { method: 'GET' | 'POST'; action: string; hidden: Record<string, string> } {
  const form = /<form method="(get|post)" action="([^"]*)">([\s\S]*?)<\/form>/.exec(html);
  assert.ok(form, `no form in page: ${html.slice(0, 300)}`);
  const hidden: Record<string, string> = {};
  for (const tag of form[3]!.matchAll(/<input\b([^>]*)>/g)) {
    const attrs = Object.fromEntries([...tag[1]!.matchAll(/([a-z-]+)="([^"]*)"/g)].map((a) => [a[1]!, unescape(a[2]!)]));
    if (attrs.name !== undefined && attrs.value !== undefined && ['hidden', 'text', 'password', undefined].includes(attrs.type)) hidden[attrs.name] = attrs.value;
  }
  return { method: form[1] === 'get' ? 'GET' : 'POST', action: unescape(form[2]!), hidden };
}

/** Follows redirects by hand so each hop's status stays visible. */
async function follow(f: PgFetch, res: PgAnswer, url: string): Promise<WindowVisit> {
  for (let hops = 0; res.status >= 300 && res.status < 400; hops++) {
    assert.ok(hops < 5, 'too many redirects');
    url = new URL(res.headers.get('location') ?? '', url).toString();
    res = await f(url, { redirect: 'manual' });
  }
  return { status: res.status, html: await res.text(), url };
}

/** What `WindowConnector.start` answers. */
export type StartAnswer = ReturnType<WindowConnector['start']>;

/** The way into the PG's window, failing the test when the PG refused to open it (or answered a hosted form). */
export async function windowStart(answer: StartAnswer): Promise<WindowStart> {
  const start = await answer;
  assert.ok(!('kind' in start), `the PG refused the window: ${JSON.stringify(start)}`);
  assert.ok(!('hostedForm' in start), 'a hosted form, not a PG window');
  return start;
}

/** Opens the window: the page the browser lands on. */
export async function openWindow(f: PgFetch, answer: StartAnswer): Promise<WindowVisit> {
  const start = await windowStart(answer);
  if (start.method === 'GET') {
    const u = new URL(start.url);
    for (const [k, v] of Object.entries(start.fields)) u.searchParams.set(k, v);
    return follow(f, await f(u, { redirect: 'manual' }), u.toString());
  }
  const res = await f(start.url, { method: 'POST', body: new URLSearchParams(start.fields), redirect: 'manual' });
  return follow(f, res, start.url);
}

/**
 * Submits the window page's form with the tester's inputs. Answers either the way back to the
 * merchant (`returned`) or, when the PG refused the input, the page it showed instead.
 */
export async function submitWindow(f: PgFetch, page: WindowVisit, inputs: Record<string, string>): Promise<{ kind: 'returned'; back: ReturnToMerchant } | { kind: 'page'; visit: WindowVisit }> {
  const form = readForm(page.html);
  const action = new URL(form.action, page.url).toString();
  const res = await f(action, { method: 'POST', body: new URLSearchParams({ ...form.hidden, ...inputs }), redirect: 'manual' });
  const location = res.headers.get('location');
  if (res.status === 303 && location) {
    const u = new URL(location, action);
    return { kind: 'returned', back: { method: 'GET', url: u.origin + u.pathname, fields: Object.fromEntries(u.searchParams), html: '' } };
  }
  const html = await res.text();
  if (res.status !== 200 || !html.includes('가맹점으로 돌아가기')) return { kind: 'page', visit: { status: res.status, html, url: action } };
  const back = readForm(html);
  return { kind: 'returned', back: { method: back.method, url: back.action, fields: back.hidden, html } };
}

/** Opens, submits, and expects the way back to the merchant. */
export async function runWindow(f: PgFetch, start: StartAnswer, inputs: Record<string, string>): Promise<ReturnToMerchant> {
  const page = await openWindow(f, start);
  assert.equal(page.status, 200, page.html.slice(0, 500));
  const r = await submitWindow(f, page, inputs);
  assert.equal(r.kind, 'returned', r.kind === 'page' ? r.visit.html.slice(0, 800) : '');
  return (r as { back: ReturnToMerchant }).back;
}

/** A fetch standing in for the gateway's notify endpoint: records what it is sent, answers `ack`. */
export function notificationSink(ack = 'OK') {
  const received: { url: string; body: string; contentType: string | null }[] = [];
  const notify: typeof fetch = async (input, init) => {
    const req = new Request(input, init);
    received.push({ url: req.url, body: await req.text(), contentType: req.headers.get('content-type') });
    return new Response(ack, { status: 200 });
  };
  return { notify, received };
}

/** The tester's inputs for paying with a card in the sandbox window. */
// birth and cardPassword: what a KICC billing window asks (certType "0"), prefilled on its page; other windows ignore them.
export const cardInputs = (card: CardInput, choice = 'approve'): Record<string, string> => ({
  choice, method: 'card', cardNumber: card.number, expiry: `${String(card.expiry.month).padStart(2, '0')}/${String(card.expiry.year % 100).padStart(2, '0')}`, quota: '0',
  birth: '900101', cardPassword: '00',
});

let windowSeq = 0;

/** A window request for tests; `over` sets what a test cares about. */
export function windowRequest(over: Partial<WindowRequest> = {}): WindowRequest {
  const orderId = `imp_w${Date.now().toString(36)}${++windowSeq}`;
  return {
    orderId, merchantUid: `m_${orderId}`, amount: 14_000, currency: 'KRW', taxFree: 0, payMethod: 'card', name: '테스트 주문',
    buyer: { name: 'Gildong Hong', email: 'buyer@example.com', tel: '010-1234-5678', addr: null, postcode: null },
    billing: null, escrow: false, device: 'pc', language: 'ko', vbankDue: null, options: {},
    returnUrl: `https://gw.example/return/${orderId}`, notifyUrl: 'https://gw.example/pg/notify', ...over,
  };
}

/** `seedBillingKey` for PGs whose keys come from a billing window confirmed by `complete`. */
export function seedKeyThroughWindow(connector: Connector, over: Partial<WindowRequest> = {}, inputsOf: (card: CardInput) => Record<string, string> = cardInputs) {
  return async (ctx: ConnectorContext, card: CardInput): Promise<string> => {
    const req = windowRequest({ amount: 0, billing: { customerUid: `cust_${++windowSeq}`, charge: false }, ...over });
    const back = await runWindow(ctx.fetch, connector.window!.start(ctx, req), inputsOf(card));
    const outcome = await connector.window!.complete(ctx, { orderId: req.orderId, returned: back.fields });
    assert.equal(outcome.kind, 'billing_key_issued', JSON.stringify(outcome));
    return (outcome as { billingKey: string }).billingKey;
  };
}
