/** Drives the checkout endpoints over inject, the way the SDK and a PG window would. */
import type { TestGateway } from '../support/gateway.ts';
import { DEMO } from '../support/gateway.ts';
import { postedMessage } from './fake-window.ts';

export const ORIGIN = 'http://shop.example';

export type Step = { status: number; location: string | null; body: string; message: Record<string, any> | null; headers: Record<string, unknown> };

const stepOf = (r: { statusCode: number; headers: Record<string, unknown>; body: string }): Step => ({
  status: r.statusCode, location: (r.headers.location as string | undefined) ?? null, body: r.body, message: postedMessage(r.body), headers: r.headers,
});

/** `callerOrigin`: the browser's Origin header on the SDK's form POST (none when omitted). */
export async function startPay(gw: TestGateway, params: Record<string, unknown>, opts: { device?: 'pc' | 'mobile'; merchantCode?: string; callerOrigin?: string } = {}): Promise<Step> {
  const payload = JSON.stringify({ merchant_code: opts.merchantCode ?? DEMO.code, params, device: opts.device ?? 'pc', origin: ORIGIN, request_id: 'req_test1' });
  const r = await gw.app.inject({ method: 'POST', url: '/checkout/start', payload: new URLSearchParams({ payload }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'test-agent', ...(opts.callerOrigin ? { origin: opts.callerOrigin } : {}) } });
  return stepOf(r);
}

/** The imp_uid the start page announced (PC) or sent to the PG window. */
export const impUidOf = (s: Step): string => {
  const m = /name="orderId" value="(imp_\d{12})"/.exec(s.body);
  if (!m) throw new Error(`no window opened: ${s.body.slice(0, 400)}`);
  return m[1]!;
};

export async function returnFromPg(gw: TestGateway, impUid: string, returned: Record<string, string>): Promise<Step> {
  const r = await gw.app.inject({ method: 'POST', url: `/checkout/return/${impUid}`, payload: new URLSearchParams(returned).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  return stepOf(r);
}

export async function getPage(gw: TestGateway, url: string): Promise<Step> {
  return stepOf(await gw.app.inject({ method: 'GET', url }));
}

export async function notify(gw: TestGateway, provider: string, query: string, body: unknown): Promise<{ status: number; body: string }> {
  const r = await gw.app.inject({ method: 'POST', url: `/pg/${provider}/notify?${query}`, payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  return { status: r.statusCode, body: r.body };
}

/** The `rsp` a result page posts, or the one a mobile redirect carries. */
export function rspOf(s: Step): Record<string, any> {
  if (s.status === 302 && s.location) return Object.fromEntries(new URL(s.location).searchParams);
  if (!s.message || s.message.type !== 'result') throw new Error(`not a result page: ${s.status} ${s.body.slice(0, 400)}`);
  return s.message.rsp;
}

export const baseParams = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  pg: 'jtnet', pay_method: 'card', merchant_uid: `order_${Math.random().toString(36).slice(2, 10)}`, name: '주문명:결제테스트', amount: 14000,
  buyer_email: 'iamport@siot.do', buyer_name: 'John Doe', buyer_tel: '010-1234-5678', buyer_addr: '서울특별시 강남구 신사동', buyer_postcode: '123-456',
  ...over,
});
