/**
 * A PAYCO seller and its buyer, scripted over HTTP against the sandbox app (the fake PAYCO under
 * `/payco`, the controls under `/_control`), written from PAYCO's documents the way a seller's
 * integration calls PAYCO: JSON POSTs to the outseller paths, the buyer's browser through the
 * orderSheetUrl. Tests of the fake PAYCO itself use it; the connector is not involved.
 */
import assert from 'node:assert/strict';
import { serveSimulator, type SimulatorServer } from '../http-server.ts';
import { createMemoryStore } from '../memory-store.ts';
import { merchantRegistry } from '../merchants.ts';
import { createSimulators } from '../registry.ts';
import { sandboxApp } from '../server.ts';

export type Json = Record<string, any>;
export const NOW = 1_800_000_000; // 2027-01-15 08:00 UTC
export const ADMIN = 'payco-fake-admin';
export const SELLER = 'S0FSJE';
export const TEST_PAIR = { cpId: 'PARTNERTEST', productId: 'PROD_EASY' };

export type Notice = { url: string; body: string };

export type Harness = {
  url: string;
  notices: Notice[];
  /** The fake PAYCO's books at rest, one record a line. */
  books(): string[];
  close(): Promise<void>;
  api(path: string, body: Json): Promise<Json>;
  control(method: string, path: string, body?: Json): Promise<{ status: number; body: Json }>;
};

export async function startPayco(): Promise<Harness> {
  const notices: Notice[] = [];
  const notify = (async (url: string | URL | Request, init?: RequestInit) => {
    notices.push({ url: String(url), body: String(init?.body ?? '') });
    return new Response('OK', { status: 200 });
  }) as typeof fetch;
  const store = createMemoryStore();
  const merchants = await merchantRegistry(store);
  const paycoBooks = createMemoryStore();
  const simulators = createSimulators({
    store: (p) => (p === 'payco' ? paycoBooks : createMemoryStore()), now: () => NOW, notify, timeoutDelayMs: 300,
    merchantKey: merchants.keyOf, merchantCredentials: merchants.credentialsOf, merchantWith: merchants.merchantWith,
  });
  const server: SimulatorServer = await serveSimulator(sandboxApp({ simulators, merchants, adminToken: ADMIN }));
  const base = `${server.url}/payco`;
  return {
    url: base, notices, books: () => paycoBooks.dump(), close: () => server.close(),
    async api(path, body) {
      const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json;charset=UTF-8' }, body: JSON.stringify(body) });
      assert.equal(res.status, 200, `${path} answers HTTP 200`);
      return (await res.json()) as Json;
    },
    async control(method, path, body) {
      const res = await fetch(`${server.url}/_control${path}`, {
        method, headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, body: (await res.json()) as Json };
    },
  };
}

let seq = 0;
export const uid = (p: string): string => `${p}_${++seq}_${Math.random().toString(36).slice(2, 8)}`;

/** A reserve body as PAYCO's payco_reserve sample builds it (PAY2, one product). */
export function reserveBody(amount: number, over: Json = {}): Json {
  return {
    sellerKey: SELLER, sellerOrderReferenceKey: uid('order'), sellerOrderReferenceKeyType: 'UNIQUE_KEY', currency: 'KRW', totalPaymentAmt: amount,
    orderTitle: '주문명:결제테스트', returnUrl: 'https://shop.example/payco/return', returnUrlParam: '{"cart":"C1"}', orderMethod: 'EASYPAY', orderChannel: 'PC',
    payMode: 'PAY2', nonBankbookDepositInformUrl: 'https://shop.example/pg/payco/notify',
    orderProducts: [{ ...TEST_PAIR, productAmt: amount, productPaymentAmt: amount, orderQuantity: 1, productName: '테스트 상품', sellerOrderProductReferenceKey: 'ITEM_1', taxationType: 'TAXATION' }],
    ...over,
  };
}

export type Buyer = {
  choice?: 'approve' | 'decline' | 'cancel' | 'slow';
  method?: string;
  card?: string;
  bank?: string;
  coupon?: boolean;
  password?: string;
  paymentPassword?: string;
  declineMessage?: string;
};

export type SheetEnd = { status: number; location: URL | null; page: string };

/** The buyer opens orderSheetUrl, logs in, picks and submits; where the sheet sends the browser. */
export async function throughSheet(orderSheetUrl: string, b: Buyer = {}): Promise<SheetEnd> {
  const open = await fetch(orderSheetUrl, { redirect: 'manual' });
  assert.equal(open.status, 303, 'the order sheet opens the PAYCO window');
  const windowUrl = new URL(open.headers.get('location')!, orderSheetUrl);
  const page = await (await fetch(windowUrl)).text();
  assert.match(page, /PAYCO 로그인/);
  const form = new URLSearchParams({
    paycoId: 'payco_sandbox', paycoPassword: b.password ?? 'sandbox1234', paymentPassword: b.paymentPassword ?? '000000',
    choice: b.choice ?? 'approve', method: b.method ?? 'card', testCard: b.card ?? '9366000000000009', expiry: '12/40', quota: '0', bank: b.bank ?? '004',
    declineMessage: b.declineMessage ?? '거래거절', delaySec: '1', ...(b.coupon ? { paycoCoupon: 'Y' } : {}),
  });
  const res = await fetch(`${windowUrl}/submit`, { method: 'POST', body: form, redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const location = res.headers.get('location');
  return { status: res.status, location: location ? new URL(location) : null, page: res.status === 303 ? '' : await res.text() };
}

/** The returnUrl query of a sheet that redirected, or of the vbank page's "back to the merchant" form. */
export function returned(end: SheetEnd): URLSearchParams {
  if (end.location) return end.location.searchParams;
  const fields = [...end.page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!.replace(/&amp;/g, '&').replace(/&quot;/g, '"')]);
  return new URLSearchParams(fields);
}

/** Reserve, go through the sheet, approve: the approval answer and the reserve's numbers. */
export async function paid(h: Harness, amount: number, buyer: Buyer = {}, over: Json = {}): Promise<{ approval: Json; body: Json; back: URLSearchParams }> {
  const body = reserveBody(amount, over);
  const r = await h.api('/outseller/order/reserve', body);
  assert.equal(r.code, 0, JSON.stringify(r));
  const back = returned(await throughSheet(r.result.orderSheetUrl, buyer));
  assert.equal(back.get('code'), '0', back.toString());
  const approval = await h.api('/outseller/payment/approval', {
    sellerKey: body.sellerKey, reserveOrderNo: back.get('reserveOrderNo'), sellerOrderReferenceKey: body.sellerOrderReferenceKey,
    paymentCertifyToken: back.get('paymentCertifyToken'), totalPaymentAmt: amount,
  });
  return { approval, body, back };
}
