/**
 * Virtual accounts through the API (reference §3.8). The PG issues the account (the connector's
 * `issueVbank`, openimp's own call where the PG documents none: docs/differences.md) and reports the
 * deposit to the channel's notify URL, which makes the payment `paid` (handle-pg-notification.ts);
 * so the PG knows the transaction and can refund it. Sandbox channels only, for now: the call is not
 * part of any real PG's documented wire. The sandbox deposit asks the fake PG to play the buyer.
 */
import { bankByCode } from '../core/bank-codes.ts';
import { GatewayError } from '../core/errors.ts';
import type { Payment } from '../core/payment.ts';
import { findChannel, findMerchantById, listChannels } from '../storage/merchants.ts';
import { getPayment } from '../storage/payments.ts';
import { PgTransportError, type IssueVbankResult } from '../connectors/contract.ts';
import { claimAttempt } from './charge-attempt.ts';
import { parseOrder, type ChargeFields } from './charge-input.ts';
import type { AppContext } from './context.ts';
import { transition } from './persist-transition.ts';
import { resolveChannel } from './resolve-channel.ts';
import { issueRequestOf, recoverVbankIssue, settleVbankIssue } from './vbank-recovery.ts';
import { checkNoticeUrls } from './outbound-targets.ts';

export type VbankInput = Omit<ChargeFields, 'cardQuota' | 'browserIp'> & { pg: string | null; vbankCode: string; vbankDue: number; vbankHolder: string | null };

export async function issueVbank(ctx: AppContext, merchantId: number, input: VbankInput): Promise<Payment> {
  const channel = resolveChannel(await listChannels(ctx.db, merchantId, { enabledOnly: true }), input.pg, 'general');
  const caps = ctx.pg.capabilities(channel.provider);
  if (!caps.windowPayMethods.includes('vbank')) throw new GatewayError('PG_FEATURE_UNSUPPORTED', '(가상계좌)');
  if (!channel.sandbox) throw new GatewayError('PG_FEATURE_UNSUPPORTED', '(API 가상계좌 발급은 sandbox 채널에서만 지원합니다)');
  const bank = bankByCode(input.vbankCode);
  if (!bank) throw new GatewayError('BAD_REQUEST', `vbank_code 가 올바르지 않습니다: ${input.vbankCode}`);
  if (!Number.isSafeInteger(input.vbankDue) || input.vbankDue <= ctx.now()) throw new GatewayError('BAD_REQUEST', 'vbank_due 는 현재 이후의 UNIX 시각이어야 합니다.');
  const order = parseOrder({ ...input, cardQuota: 0, browserIp: null }, caps.currencies);
  await checkNoticeUrls(ctx.outbound, order.noticeUrls);
  const connector = ctx.pg.connector(channel.provider);
  if (!connector?.issueVbank) throw new GatewayError('PG_FEATURE_UNSUPPORTED', '(API 가상계좌 발급)');
  const merchant = await findMerchantById(ctx.db, merchantId);
  // The claim keeps what is asked of the PG (bank, due, holder), so an issue whose answer is lost can be asked again.
  const attempt = await claimAttempt(ctx, channel, {
    merchantId, merchantUid: order.merchantUid, payMethod: 'vbank', currency: order.currency, amount: order.amount, taxFree: order.taxFree,
    name: order.name, buyerName: order.buyer.name, buyerEmail: order.buyer.email, buyerTel: order.buyer.tel, buyerAddr: order.buyer.addr,
    buyerPostcode: order.buyer.postcode, customData: order.customData, noticeUrls: order.noticeUrls, userAgent: null,
    vbankCode: bank.code, vbankDate: input.vbankDue, vbankHolder: input.vbankHolder ?? merchant?.name ?? null,
  });
  const cctx = ctx.pg.contextFor(channel);
  let issued: IssueVbankResult;
  try {
    issued = await connector.issueVbank(cctx, issueRequestOf(ctx, channel, attempt));
  } catch (e) {
    if (!(e instanceof PgTransportError)) throw e;
    // Whether the PG issued the account is unknown: ask again (never a second account: the PG keys it on the order).
    ctx.log.warn({ imp_uid: attempt.impUid, reason: e.reason }, 'vbank issue at the PG failed; asking the PG again');
    const recovered = await recoverVbankIssue(ctx, connector, cctx, channel, attempt, false);
    if (!recovered) throw new GatewayError('PG_UNREACHABLE');
    return issuedOrFailed(recovered);
  }
  return issuedOrFailed(await settleVbankIssue(ctx, attempt, issued));
}

/** The V1 answer of an issue attempt once the PG settled it. */
function issuedOrFailed(p: Payment): Payment {
  if (p.status === 'failed') throw new GatewayError('VBANK_ISSUE_FAILED', `(${p.failReason ?? ''})`);
  return p;
}

async function readyVbank(ctx: AppContext, merchantId: number, impUid: string): Promise<Payment> {
  const p = await getPayment(ctx.db, merchantId, impUid);
  if (!p) throw new GatewayError('PAYMENT_NOT_FOUND');
  if (p.payMethod !== 'vbank' || p.status !== 'ready' || p.vbankIssuedAt === 0) throw new GatewayError('VBANK_NOT_EDITABLE', `(pay_method: ${p.payMethod}, status: ${p.status})`);
  return p;
}

/**
 * PUT /vbanks/{imp_uid}: a new amount and/or deadline for an unpaid account. Every account is the PG's
 * (windows and POST /vbanks alike), and no PG the repo models documents changing one it issued
 * (pg-protocols.md), so it is refused on every channel, the fake PGs' too, rather than changed in the
 * gateway only: an account the PG holds at one amount and the gateway at another could never be paid
 * (a deposit notice of another amount is refused, handle-pg-notification.ts).
 */
export async function updateVbank(ctx: AppContext, merchantId: number, impUid: string): Promise<never> {
  await readyVbank(ctx, merchantId, impUid);
  throw new GatewayError('PG_FEATURE_UNSUPPORTED', '(발급된 가상계좌의 금액·입금기한 변경은 PG가 제공하지 않습니다)');
}

/**
 * DELETE /vbanks/{imp_uid}: revokes an unpaid account (announced as `cancelled`). The PG closes it
 * first (the connector's `closeVbank`), so it takes no deposit the gateway would then refuse; a PG that
 * documents no such call (JTNet, PAYCO) keeps the account open, so it is refused there, like PUT.
 * No answer from the PG changes nothing: the same request again settles it (its id is the account's).
 */
export async function revokeVbank(ctx: AppContext, merchantId: number, impUid: string): Promise<Payment> {
  const p = await readyVbank(ctx, merchantId, impUid);
  const close = p.pgProvider ? ctx.pg.connector(p.pgProvider)?.closeVbank : undefined;
  const unsupported = () => new GatewayError('PG_FEATURE_UNSUPPORTED', '(발급된 가상계좌의 발급취소는 PG가 제공하지 않습니다)');
  // A PG without a close (JTNet, PAYCO) is refused before its channel is read.
  if (!close || !p.pgTid || p.channelId === null) throw unsupported();
  const channel = await findChannel(ctx.db, merchantId, p.channelId);
  if (!channel) throw unsupported();
  const reason = '가상계좌 발급취소';
  let r;
  try {
    r = await close(ctx.pg.contextFor(channel), { orderId: p.impUid, pgTid: p.pgTid, requestId: `${p.impUid}_vbank_close`, reason });
  } catch (e) {
    if (!(e instanceof PgTransportError)) throw e;
    ctx.log.warn({ imp_uid: p.impUid, reason: e.reason }, 'vbank close at the PG got no answer; the account is unchanged here');
    throw new GatewayError('PG_UNREACHABLE');
  }
  if (r.kind === 'rejected') throw new GatewayError('PG_CANCEL_FAILED', `[${r.pgCode}] ${r.pgMessage}`);
  return transition(ctx, merchantId, impUid, { type: 'revoke_vbank', at: ctx.now(), reason });
}

/**
 * Sandbox only: the fake PG plays the buyer's deposit (its `/_control/{pg}/vbanks/{tid}/deposit`) and
 * sends its deposit notification, which makes the payment `paid`; the payment as it is afterwards.
 */
export async function depositSandboxVbank(ctx: AppContext, merchantId: number, impUid: string): Promise<Payment> {
  const p = await readyVbank(ctx, merchantId, impUid);
  if (!p.sandbox || !ctx.pg.sandbox || !p.pgTid || !p.pgProvider) throw new GatewayError('PG_FEATURE_UNSUPPORTED', '(sandbox 입금은 sandbox 결제에서만 가능합니다)');
  // The buyer pays the account what it was issued for: a virtual account takes no other amount.
  const r = await ctx.pg.sandbox.depositVbank(p.pgProvider, p.pgTid, { depositorName: p.buyerName ?? '' });
  if (r.kind === 'refused') throw new GatewayError('VBANK_NOT_EDITABLE', `(sandbox PG: ${r.message})`);
  const after = await getPayment(ctx.db, merchantId, impUid);
  if (!after || after.status !== 'paid') throw new GatewayError('INTERNAL', `(sandbox PG 입금 통보가 반영되지 않았습니다: HTTP ${r.notifyStatus ?? '연결 실패'})`);
  return after;
}
