/**
 * The JTNet (tPay) payment window, connector side: the `webTxInit` form with its `encryptData`, and the
 * result the PG posts back: its `amt` and `moid` are decrypted and compared with the attempt before
 * anything counts, and an accepted result is acknowledged with `resultConfirm`. tPay approves inside
 * its window, so there is no `approvesOnComplete`: the merchant's confirm_url is asked after, and a
 * refusal is refunded by the gateway (app/settle-window-outcome.ts).
 */
import type { Currency } from '../../core/money.ts';
import { domesticCardCodes } from '../../core/card-codes.ts';
import type { ConnectorContext, WindowConnector, WindowOutcome } from '../contract.ts';
import { displayQuotas, enabledCardCodes } from '../window-options.ts';
import { ediDateOf, tpayDecrypt, windowEncryptData } from './crypto.ts';
import { caller, merchantKey, wireAmount } from './map.ts';
import { parseDepositNotice } from './notice.ts';
import { sendResultConfirm } from './result-confirm.ts';
import { refund } from './refunds.ts';
import { outcomeOfResult } from './window-map.ts';
import {
  BILLING_PAY_METHOD, CANCEL_MARKER, jtnetApprovalCodes, jtnetPayMethods, jtnetWindowPaths, RESULT_CONFIRM_OK, USER_CANCEL_CODE, windowResult,
  type WebTxInitForm, type WindowResult,
} from './window-wire.ts';

/** `vbankExpDate` is a day (`Ymd`, sample getVBankExpDate): the Korean date of the due time, tomorrow without one. */
const vbankDay = (dueUnix: number | null): string => ediDateOf((dueUnix ?? Date.now() / 1000 + 86_400) * 1000).slice(0, 8);

const withQuery = (url: string, key: string): string => `${url}${url.includes('?') ? '&' : '?'}${key}=1`;

export const jtnetWindow: WindowConnector = {
  notificationAck: 'OK',
  validate(req) {
    // SEED 003: a billing window is card only.
    if (req.billing && req.payMethod !== 'card') return 'JTNet 정기결제(빌링키) 결제창은 pay_method card 만 지원합니다.';
    if (!(req.payMethod in jtnetPayMethods)) return `JTNet 결제창은 ${req.payMethod} 결제수단을 지원하지 않습니다.`;
    return null;
  },

  start(ctx, req) {
    const ediDate = ediDateOf(Date.now());
    const amt = wireAmount(req.amount, req.currency);
    const mid = ctx.channel.pgId;
    const quotas = displayQuotas(req.options);
    const cards = enabledCardCodes(req.options, domesticCardCodes);
    const fields: WebTxInitForm = {
      payMethod: req.billing ? BILLING_PAY_METHOD : jtnetPayMethods[req.payMethod as keyof typeof jtnetPayMethods],
      transType: '0', // escrow is not offered (capabilities)
      goodsName: req.name ?? '',
      amt,
      moid: req.orderId,
      mid,
      mallUserId: req.billing?.customerUid ?? '',
      buyerName: req.buyer.name ?? '',
      buyerTel: req.buyer.tel ?? '',
      buyerEmail: req.buyer.email ?? '',
      buyerAddr: req.buyer.addr ?? '',
      buyerPostNo: req.buyer.postcode ?? '',
      returnUrl: req.returnUrl,
      cancelUrl: withQuery(req.returnUrl, CANCEL_MARKER),
      retryUrl: req.notifyUrl,
      vbankExpDate: vbankDay(req.vbankDue),
      connType: '0', // web (sample: 0 web, 1 app, 2 webview)
      payType: '1',
      ediDate,
      encryptData: windowEncryptData({ amt, mid, moid: req.orderId }, merchantKey(ctx), ediDate),
      userIp: '',
      browserType: req.device === 'mobile' ? 'SPG' : '',
      mallReserved: '',
      resultYn: 'N', // the gateway shows the result, not the PG
      // The months offered, `00` (lump sum) first; empty = the PG's default.
      quotaFixed: quotas === null ? '' : ['00', ...quotas.map((q) => String(q).padStart(2, '0'))].join(','),
      // One card company only: card.detail leaving more than one enabled cannot be told to the window.
      cardCode: cards?.length === 1 ? cards[0]! : '',
    };
    return { method: 'POST', url: `${ctx.baseUrl.replace(/\/$/, '')}${jtnetWindowPaths.init}`, fields };
  },

  async complete(ctx, req) {
    // The buyer gave up: sent to our cancelUrl, or a result saying so. Neither can make anything paid.
    if (req.returned[CANCEL_MARKER] !== undefined || req.returned.resultCd === USER_CANCEL_CODE) {
      return { kind: 'user_cancelled', pgMessage: req.returned.resultMsg || '사용자가 결제를 취소했습니다' };
    }
    const parsed = windowResult.safeParse(req.returned);
    if (!parsed.success) return forged('결제 결과가 tPay 형식이 아닙니다');
    const r = parsed.data;
    const checked = checkResult(ctx, r, req.orderId, req.amount, req.currency);
    if (checked?.mismatch) await giveBack(ctx, r, req.orderId, checked.mismatch);
    if (checked) return checked.outcome;
    const outcome = outcomeOfResult(r);
    // Only a result the merchant keeps is acknowledged (returnPay.php): approvals, issued keys and accounts.
    // Its answer does not change the outcome (result-confirm.ts).
    if (outcome.kind !== 'declined' && r.tid) await sendResultConfirm(ctx, r.tid, RESULT_CONFIRM_OK);
    return outcome;
  },

  parseNotification: async (ctx, req) => parseDepositNotice(ctx, req.body),
};

const forged = (why: string): WindowOutcome => ({ kind: 'declined', pgTid: null, pgCode: 'FORGED_RESULT', pgMessage: `위변조 데이터 오류: ${why}` });

/**
 * The sample's check (returnPay.php): amt and moid, decrypted with the merchant key and the returned
 * ediDate, must be this attempt's; null when they are. `amount` is the window's own amount where the
 * gateway gives it.
 */
type Checked = { outcome: WindowOutcome; mismatch: number | null };

function checkResult(ctx: ConnectorContext, r: WindowResult, orderId: string, amount: number | undefined, currency: Currency | undefined): Checked | null {
  const refuse = (why: string): Checked => ({ outcome: forged(why), mismatch: null });
  if (r.mid !== caller(ctx).mid) return refuse('다른 상점(MID)의 결과입니다');
  const key = merchantKey(ctx);
  const moid = tpayDecrypt(r.moid, key, r.ediDate);
  const amt = tpayDecrypt(r.amt, key, r.ediDate);
  if (moid === null || amt === null) return refuse('복호화할 수 없습니다');
  if (moid !== orderId) return refuse('주문번호가 다릅니다');
  if (amount !== undefined && amt !== wireAmount(amount, currency ?? 'KRW')) {
    const outcome: WindowOutcome = { kind: 'declined', pgTid: r.tid ?? null, pgCode: 'AMOUNT_MISMATCH', pgMessage: `PG 결제 금액(${amt})이 주문 금액과 다릅니다` };
    return { outcome, mismatch: /^[0-9]+$/.test(amt) ? Number(amt) : null };
  }
  return null;
}

/**
 * An approval of another amount is refused, and what the PG took is refunded at once, as the Go
 * integration does ("결제반영 실패로 인한 취소"). A refund the PG refuses is left to the operator (the
 * decline names the amount); an unanswered one throws, so the attempt stays unknown and the re-check
 * runs this again (a repeated full refund is refused, not doubled).
 */
async function giveBack(ctx: ConnectorContext, r: WindowResult, orderId: string, amount: number): Promise<void> {
  const approvedHere = Object.values(jtnetApprovalCodes).includes(r.resultCd) && r.resultCd !== jtnetApprovalCodes.VBANK;
  if (!approvedHere || !r.tid || amount <= 0) return;
  await refund(ctx, { orderId, pgTid: r.tid, amount, currency: 'KRW', remaining: amount, paid: amount, reason: '결제반영 실패로 인한 취소' });
}
