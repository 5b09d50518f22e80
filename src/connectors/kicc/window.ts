/**
 * The KICC window: the transaction is registered server to server (`/api/ep9/trades/webpay`), the
 * browser opens the `authPageUrl` KICC answers, KICC POSTs the authentication to `returnUrl`
 * (`resCd`, `shopOrderNo`, `authorizationId`, `shopValue1..7`), and `complete` approves it
 * (`/api/ep9/trades/approval`). KICC's own rules live in `validate` (SEED 002, PortOne's KICC guide):
 * escrow only for trans/vbank and then buyer fields and kiccProducts; billing windows card only.
 */
import type { WindowConnector, WindowRequest } from '../contract.ts';
import { PgRefusal } from '../contract.ts';
import { callPg } from '../pg-http.ts';
import { kiccProducts } from '../window-options.ts';
import { declinedOf, KICC_USER_CANCELLED, windowOutcomeOf } from './map.ts';
import { approvalTxId, kiccKeyOf as kiccKey } from './lookup.ts';
import { kiccNotification, kiccOrderOf } from './notification.ts';
import { registerBody } from './register.ts';
import { approvalResponse, KICC_BILLING_WINDOW, KICC_NOTI_ACK, KICC_SUCCESS, kiccMethods, kiccPaths, kstDate, nowOf, registerResponse } from './wire.ts';

/** The window's return carries an authorization id for this order: what the approval API turns into a payment. */
const isAuthorized = (r: Record<string, string>, orderId: string): boolean =>
  r.resCd === KICC_SUCCESS && r.shopOrderNo === orderId && !!r.authorizationId;



function validate(req: WindowRequest): string | null {
  if (!(req.payMethod in kiccMethods) || req.payMethod === 'billing') return `KICC 결제창은 ${req.payMethod} 결제수단을 지원하지 않습니다.`;
  if (!req.buyer.tel) return 'KICC 결제에는 buyer_tel 이 필요합니다.';
  if (req.billing && req.payMethod !== 'card') return 'KICC 빌링키 발급 결제창은 pay_method card 만 지원합니다.';
  if (req.escrow) {
    if (req.payMethod !== 'trans' && req.payMethod !== 'vbank') return 'KICC 에스크로는 계좌이체(trans)와 가상계좌(vbank)만 지원합니다.';
    if (!req.buyer.name || !req.buyer.email || !req.buyer.tel) return 'KICC 에스크로 결제에는 buyer_name, buyer_email, buyer_tel 이 필요합니다.';
    const products = kiccProducts(req.options);
    if (typeof products === 'string') return products;
  }
  return null;
}

export const kiccWindow: WindowConnector = {
  notificationAck: KICC_NOTI_ACK,
  validate,

  async start(ctx, req) {
    const r = await callPg(ctx, { method: 'POST', path: kiccPaths.register, json: registerBody(ctx.channel.pgId, req), schema: registerResponse });
    if (r.resCd !== KICC_SUCCESS || !r.authPageUrl) throw new PgRefusal(r.resCd, r.resMsg);
    // A GET of the page KICC answers (docs: payment-window); PC overlay or popup and mobile redirect are the SDK's.
    return { method: 'GET', url: r.authPageUrl, fields: {} };
  },

  approvesOnComplete: (req) => isAuthorized(req.returned, req.orderId),

  async complete(ctx, req) {
    const r = req.returned;
    if (!isAuthorized(r, req.orderId)) {
      // KICC documents only what a successful authentication returns; anything else ends the window.
      if (!r.resCd || r.resCd === KICC_USER_CANCELLED) return { kind: 'user_cancelled', pgMessage: r.resMsg ?? '' };
      return declinedOf({ resCd: r.resCd, resMsg: r.resMsg ?? '' });
    }
    const json = {
      mallId: ctx.channel.pgId,
      // The approval's idempotency key comes from the order: a retried approval is answered, not repeated,
      // and the status lookup finds it by the same key.
      shopTransactionId: approvalTxId(ctx, req.orderId), authorizationId: r.authorizationId, shopOrderNo: req.orderId,
      approvalReqDate: kstDate(nowOf(ctx)),
    };
    const res = await callPg(ctx, { method: 'POST', path: kiccPaths.approval, json, schema: approvalResponse });
    const billing = r.shopValue1 === KICC_BILLING_WINDOW || res.paymentInfo?.payMethodTypeCode === kiccMethods.billing;
    const outcome = windowOutcomeOf(res, { key: kiccKey(ctx), mode: ctx.channel.mode, billing });
    // KICC: "if the approved amount differs from the requested amount, you MUST cancel" — the gateway does, on decline.
    if (!billing && req.amount !== undefined && res.amount !== undefined && res.amount !== req.amount && outcome.kind !== 'declined') {
      return { kind: 'declined', pgTid: res.pgCno ?? null, pgCode: 'AMOUNT_MISMATCH', pgMessage: `KICC 승인 금액(${res.amount})이 주문 금액과 다릅니다` };
    }
    return outcome;
  },

  orderOf: (req) => kiccOrderOf(req.body),
  parseNotification: (ctx, req) => kiccNotification(ctx, req.body),
};
