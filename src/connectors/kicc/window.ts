/**
 * The KICC window (connector side): signed web-pay fields, approval of the returned authorization
 * id, and vbank deposit notifications. KICC's own rules live in `validate` (reference §6.2, SEED 002):
 * escrow only for trans/vbank and then buyer fields and kiccProducts; billing windows card only.
 */
import type { ConnectorContext, Notification, WindowConnector } from '../contract.ts';
import { callPg } from '../pg-http.ts';
import { sameSignature } from '../signature.ts';
import { domesticCardCodes } from '../../core/card-codes.ts';
import { cardDirect, enabledCardCodes, kiccProducts } from '../window-options.ts';
import { toWindowOutcome, wireAmount } from './map.ts';
import { depositNoti, KICC_NOTI_ACK, KICC_SANDBOX_KEY, kiccCodes, kiccMac, kiccMethods, kiccPaths, tradeResponse, type WebpayFields } from './wire.ts';

/** The window's return carries an authorization id for this order: what the approval API turns into a payment. */
const isAuthorized = (r: Record<string, string>, orderId: string): boolean =>
  r.resCd === kiccCodes.success && r.shopOrderNo === orderId && !!r.authorizationId;

export const kiccKey = (ctx: ConnectorContext): string => ctx.channel.secret ?? KICC_SANDBOX_KEY;

export const kiccWindow: WindowConnector = {
  notificationAck: KICC_NOTI_ACK,

  validate(req) {
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
  },

  start(ctx, req) {
    const direct = cardDirect(req.options);
    const method = req.billing ? kiccMethods.billing : kiccMethods[req.payMethod as 'card' | 'trans' | 'vbank' | 'phone'];
    const products = req.escrow ? kiccProducts(req.options) : [];
    const unsigned: Omit<WebpayFields, 'msgAuthValue'> = {
      mallId: ctx.channel.pgId, shopOrderNo: req.orderId,
      amount: String(wireAmount(req.amount, req.currency)), taxFreeAmount: String(wireAmount(req.taxFree, req.currency)),
      goodsName: req.name ?? '', payMethodTypeCode: method,
      customerName: req.buyer.name ?? '', customerMail: req.buyer.email ?? '', customerContactNo: req.buyer.tel ?? '',
      returnUrl: req.returnUrl, notiUrl: req.notifyUrl, escrowYn: req.escrow ? 'Y' : 'N',
      products: typeof products === 'string' ? '[]' : JSON.stringify(products),
      // card.direct: straight to that company's page with its instalment (SEED 002).
      cardCode: direct?.code ?? '', installmentMonth: direct ? String(direct.quota) : '',
      enabledCards: (enabledCardCodes(req.options, domesticCardCodes) ?? []).join(','),
      vbankExpiry: req.vbankDue === null ? '' : String(req.vbankDue),
      deviceTypeCode: req.device, shopName: typeof req.options.company === 'string' ? req.options.company : '',
    };
    const fields: WebpayFields = { ...unsigned, msgAuthValue: kiccMac(kiccKey(ctx), [unsigned.mallId, unsigned.shopOrderNo, unsigned.amount, unsigned.payMethodTypeCode, unsigned.escrowYn]) };
    return { method: 'POST', url: `${ctx.baseUrl.replace(/\/$/, '')}${kiccPaths.webpay}`, fields };
  },

  approvesOnComplete: (req) => isAuthorized(req.returned, req.orderId),

  async complete(ctx, req) {
    const r = req.returned;
    if (r.resCd === kiccCodes.userCancelled) return { kind: 'user_cancelled', pgMessage: r.resMsg ?? '' };
    if (!isAuthorized(r, req.orderId)) {
      return { kind: 'declined', pgTid: null, pgCode: r.resCd || kiccCodes.badToken, pgMessage: r.resMsg ?? '' };
    }
    const json = { mallId: ctx.channel.pgId, shopOrderNo: req.orderId, authorizationId: r.authorizationId };
    const res = await callPg(ctx, { method: 'POST', path: kiccPaths.approval, json, schema: tradeResponse });
    const outcome = toWindowOutcome(res);
    // The gateway's own amount, when given, must be what KICC approved (contract: complete.amount).
    if (req.amount !== undefined && res.amount !== undefined && res.amount !== req.amount && outcome.kind !== 'declined' && !res.batchInfo) {
      return { kind: 'declined', pgTid: res.pgCno ?? null, pgCode: 'AMOUNT_MISMATCH', pgMessage: `KICC 승인 금액(${res.amount})이 주문 금액과 다릅니다` };
    }
    return outcome;
  },

  async parseNotification(ctx, req): Promise<Notification> {
    const parsed = depositNoti.safeParse(Object.fromEntries(new URLSearchParams(req.body)));
    if (!parsed.success) return { kind: 'rejected', reason: 'not a KICC deposit notification' };
    const n = parsed.data;
    if (n.mallId !== ctx.channel.pgId) return { kind: 'rejected', reason: 'notification for another MID' };
    if (!sameSignature(n.msgAuthValue, kiccMac(kiccKey(ctx), [n.pgCno, n.shopOrderNo, n.amount, n.notiType]))) return { kind: 'rejected', reason: 'bad msgAuthValue' };
    return { kind: 'vbank_deposit', orderId: n.shopOrderNo, pgTid: n.pgCno, amount: Number(n.amount), depositorName: n.depositorName || null };
  },
};
