/**
 * The JTNet payment window (connector side): signed start fields for `/window/pay`, confirmation of
 * the returned auth token through `/api/window/approve`, and verification of vbank deposit
 * notifications. Protocol: window-wire.ts; the sandbox key is used when the channel has no secret.
 */
import type { ConnectorContext, Notification, WindowConnector } from '../contract.ts';
import { callPg } from '../pg-http.ts';
import { sameSignature } from '../signature.ts';
import { domesticCardCodes } from '../../core/card-codes.ts';
import { displayQuotas, enabledCardCodes } from '../window-options.ts';
import { buyerFields, wireAmount } from './map.ts';
import { readReturn, toWindowOutcome } from './window-map.ts';
import {
  depositNotification, JTNET_SANDBOX_KEY, jtnetPayMethods, jtnetWindowPaths, jtnetWindowResults, notifySignature, startSignature,
  windowApproveResponse, type WindowStartFields,
} from './window-wire.ts';

export const merchantKey = (ctx: ConnectorContext): string => ctx.channel.secret ?? JTNET_SANDBOX_KEY;

export const jtnetWindow: WindowConnector = {
  notificationAck: 'OK',

  validate(req) {
    // SEED 003: a billing window is card only.
    if (req.billing && req.payMethod !== 'card') return 'JTNet 정기결제(빌링키) 결제창은 pay_method card 만 지원합니다.';
    if (!(req.payMethod in jtnetPayMethods)) return `JTNet 결제창은 ${req.payMethod} 결제수단을 지원하지 않습니다.`;
    return null;
  },

  start(ctx, req) {
    const unsigned: Omit<WindowStartFields, 'encData'> = {
      mid: ctx.channel.pgId,
      moid: req.orderId,
      amt: wireAmount(req.amount, req.currency),
      taxFreeAmt: wireAmount(req.taxFree, req.currency),
      goodsNm: req.name ?? '',
      payMethod: jtnetPayMethods[req.payMethod as keyof typeof jtnetPayMethods],
      // A billing window charges its amount when it is above 0 (SEED 003): the PG decides from amt.
      billing: req.billing ? '1' : '0',
      ...buyerFields(req.buyer),
      returnUrl: req.returnUrl,
      notifyUrl: req.notifyUrl,
      cardCodes: (enabledCardCodes(req.options, domesticCardCodes) ?? []).join(','),
      cardQuota: (displayQuotas(req.options) ?? []).join(','),
      vbankExpDate: req.vbankDue === null ? '' : String(req.vbankDue),
      device: req.device,
      lang: req.language,
    };
    const fields: WindowStartFields = { ...unsigned, encData: startSignature(unsigned, merchantKey(ctx)) };
    return { method: 'POST', url: `${ctx.baseUrl.replace(/\/$/, '')}${jtnetWindowPaths.pay}`, fields };
  },

  async complete(ctx, req) {
    const read = readReturn(req.returned, req.orderId);
    if (read.kind !== 'confirm') return read;
    const form = { mid: ctx.channel.pgId, moid: req.orderId, authToken: read.authToken };
    const r = await callPg(ctx, { method: 'POST', path: jtnetWindowPaths.approve, form, schema: windowApproveResponse });
    const outcome = toWindowOutcome(r);
    // The gateway's own amount, when given, must be what the PG approved (contract: complete.amount).
    if (req.amount !== undefined && r.amt !== undefined && Number(r.amt) !== req.amount && outcome.kind !== 'declined') {
      return { kind: 'declined', pgTid: r.tid ?? null, pgCode: 'AMOUNT_MISMATCH', pgMessage: `PG 승인 금액(${r.amt})이 주문 금액과 다릅니다` };
    }
    return outcome;
  },

  approvesOnComplete: (req) => readReturn(req.returned, req.orderId).kind === 'confirm',

  async parseNotification(ctx, req): Promise<Notification> {
    const parsed = depositNotification.safeParse(Object.fromEntries(new URLSearchParams(req.body)));
    if (!parsed.success) return { kind: 'rejected', reason: 'not a JTNet notification' };
    const n = parsed.data;
    if (n.mid !== ctx.channel.pgId) return { kind: 'rejected', reason: 'notification for another MID' };
    if (!sameSignature(n.sign, notifySignature(n, merchantKey(ctx)))) return { kind: 'rejected', reason: 'bad signature' };
    if (n.resultCd !== jtnetWindowResults.vbankDeposited.code) return { kind: 'rejected', reason: `unexpected resultCd ${n.resultCd}` };
    return { kind: 'vbank_deposit', orderId: n.moid, pgTid: n.tid, amount: Number(n.amt), depositorName: n.depositorName || null };
  },
};
