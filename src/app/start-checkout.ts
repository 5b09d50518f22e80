/**
 * IMP.request_pay, server side: validate everything before any window opens, record the attempt
 * (its own imp_uid, status `ready`, channel pc/mobile) and its session, and say how to open the PG window.
 */
import { PgRefusal, PgTransportError, type HostedFormStart, type WindowConnector, type WindowRequest, type WindowStart } from '../connectors/contract.ts';
import { GatewayError } from '../core/errors.ts';
import { newImpUid } from '../core/ids.ts';
import { newPayment, type Payment } from '../core/payment.ts';
import { insertSession, type CheckoutSession } from '../storage/checkout-sessions.ts';
import { isUniqueViolation } from '../storage/db.ts';
import { findMerchantByCode, listChannels, type Channel } from '../storage/merchants.ts';
import { findByMerchantUid, insertPayment } from '../storage/payments.ts';
import { lackingFor } from './channel-credentials.ts';
import { alreadyPaidMessage, checkoutErrors, CheckoutFailure } from './checkout-errors.ts';
import { parseCheckoutParams, type CheckoutOrder } from './checkout-rules.ts';
import type { AppContext } from './context.ts';
import { checkNoticeUrls, checkTargetUrl } from './outbound-targets.ts';
import { checkPrepared } from './prepare-payment.ts';
import { resolveChannel } from './resolve-channel.ts';

/** What the checkout needs beyond the app context: where browsers reach us, and how we reach merchants. */
export type CheckoutDeps = { publicUrl: string; fetch: typeof fetch; confirmTimeoutMs?: number };

export type StartInput = {
  merchantCode: string;
  params: Record<string, unknown>;
  device: 'pc' | 'mobile';
  /** The merchant page's origin: the only place the result is posted to. */
  origin: string | null;
  requestId: string | null;
  userAgent: string | null;
  /** The gateway base URL the SDK posted to, when not the public URL (already checked against the request's host). */
  windowBase: string | null;
};

export type Started = { kind: 'window'; payment: Payment; session: CheckoutSession; start: WindowStart | HostedFormStart };
/** mRedirectUrl: only when the merchant code is known (an unknown one never names a place to send the buyer). */
export type Rejected = { kind: 'rejected'; merchantUid: string | null; mRedirectUrl: string | null; errorCode: string; errorMsg: string };

export const returnUrlOf = (deps: CheckoutDeps, impUid: string): string => `${deps.publicUrl}/checkout/return/${impUid}`;
/**
 * Where a PG reports. PGs that send every report of a project to one URL configured at the PG
 * (Paymentwall's pingback URL, `window.orderOf`) get that URL; the others get one naming the channel.
 */
export const notifyUrlOf = (deps: Pick<CheckoutDeps, 'publicUrl'>, channel: Channel, oneUrl: boolean): string =>
  oneUrl ? pgNotifyUrl(deps.publicUrl, channel.provider)
    : `${pgNotifyUrl(deps.publicUrl, channel.provider)}?${new URLSearchParams({ merchant_id: String(channel.merchantId), channel_id: String(channel.id) })}`;
export const pgNotifyUrl = (publicUrl: string, provider: string): string => `${publicUrl}/pg/${provider}/notify`;

export function windowRequestOf(deps: CheckoutDeps, channel: Channel, impUid: string, order: CheckoutOrder, device: 'pc' | 'mobile', oneNotifyUrl = false): WindowRequest {
  return {
    orderId: impUid, merchantUid: order.merchantUid, amount: order.amount, currency: order.currency, taxFree: order.taxFree,
    payMethod: order.payMethod, name: order.name, buyer: order.buyer, billing: order.billing, escrow: order.escrow, device,
    language: order.language, vbankDue: order.vbankDue, options: order.options,
    returnUrl: returnUrlOf(deps, impUid), notifyUrl: notifyUrlOf(deps, channel, oneNotifyUrl),
  };
}

const textOf = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

export async function startCheckout(ctx: AppContext, deps: CheckoutDeps, input: StartInput): Promise<Started | Rejected> {
  const merchantUid = textOf(input.params.merchant_uid);
  const mRedirectUrl = textOf(input.params.m_redirect_url);
  try {
    return await start(ctx, deps, input);
  } catch (e) {
    if (e instanceof CheckoutFailure) {
      return { kind: 'rejected', merchantUid, mRedirectUrl: e.errorCode === checkoutErrors.UNKNOWN_MERCHANT ? null : mRedirectUrl, errorCode: e.errorCode, errorMsg: e.message };
    }
    if (e instanceof GatewayError) return { kind: 'rejected', merchantUid, mRedirectUrl, errorCode: checkoutErrors.PG_UNSUPPORTED, errorMsg: e.v1Message };
    throw e;
  }
}

async function start(ctx: AppContext, deps: CheckoutDeps, input: StartInput): Promise<Started> {
  const merchant = /^imp[0-9]{8}$/.test(input.merchantCode) ? await findMerchantByCode(ctx.db, input.merchantCode) : null;
  if (!merchant) throw new CheckoutFailure(checkoutErrors.UNKNOWN_MERCHANT, 'IMP.init() 에 올바른 가맹점 식별코드를 지정하세요.');
  const purpose = textOf(input.params.customer_uid) ? 'billing' : 'general';
  const pg = textOf(input.params.pg) ?? textOf(input.params.channelKey);
  const channel = resolveChannel(await listChannels(ctx.db, merchant.id, { enabledOnly: true }), pg, purpose);
  const caps = ctx.pg.capabilities(channel.provider);
  const window = ctx.pg.connector(channel.provider)?.window;
  if (!window) throw new CheckoutFailure(checkoutErrors.PG_UNSUPPORTED, `${channel.provider} 결제창이 아직 준비되지 않았습니다.`);

  const order = parseCheckoutParams(input.params, caps);
  await checkOutboundTargets(ctx, order);
  const pgRule = window.validate(windowRequestOf(deps, channel, '', order, input.device), channel.mode);
  if (pgRule !== null) throw new CheckoutFailure(checkoutErrors.INVALID_PARAMS, pgRule);
  const lacking = purpose === 'billing' ? lackingFor(ctx, channel, 'billing') : [];
  if (lacking.length > 0) throw new CheckoutFailure(checkoutErrors.PG_UNSUPPORTED, `${channel.pgId} 채널에 ${lacking.join(', ')} 값이 없어 빌링키를 발급할 수 없습니다.`);

  if (await findByMerchantUid(ctx.db, merchant.id, order.merchantUid, 'paid', '-started')) {
    throw new CheckoutFailure(checkoutErrors.ALREADY_PAID, alreadyPaidMessage);
  }
  const mismatch = await checkPrepared(ctx, merchant.id, order.merchantUid, order.amount, order.currency);
  if (mismatch !== null) throw new CheckoutFailure(checkoutErrors.PREPARE_MISMATCH, mismatch);

  const payment = await insertAttempt(ctx, channel, order, input);
  const session: CheckoutSession = {
    impUid: payment.impUid, merchantId: merchant.id, token: Buffer.from(ctx.random(16)).toString('hex'), device: input.device,
    origin: input.origin, requestId: input.requestId, mRedirectUrl: order.mRedirectUrl, confirmUrl: order.confirmUrl,
    billingCustomerUid: order.billing?.customerUid ?? null, billingCharge: order.billing?.charge ?? false,
    customerId: order.customerId, displayAmount: order.amount, errorCode: null, errorMsg: null, createdAt: ctx.now(), pgReturn: null,
    windowBase: input.windowBase,
  };
  await insertSession(ctx.db, session);
  const startAt = await openPgWindow(() => window.start(ctx.pg.contextFor(channel), windowRequestOf(deps, channel, payment.impUid, order, input.device, window.orderOf !== undefined)));
  return { kind: 'window', payment, session, start: startAt };
}

/**
 * Asks the connector where the window is. A PG that registers the order first (PAYCO's reserve) may
 * refuse it (its code and message go to the buyer, as a decline's do) or not answer; the attempt row
 * then stays `ready`, holding no claim on the order.
 */
async function openPgWindow(start: () => ReturnType<WindowConnector['start']>): Promise<WindowStart | HostedFormStart> {
  let answer: Awaited<ReturnType<WindowConnector['start']>>;
  try {
    answer = await start();
  } catch (e) {
    // KICC's registration refuses by throwing; PAYCO's reserve answers Declined.
    if (e instanceof PgRefusal) throw new CheckoutFailure(e.pgCode, e.pgMessage);
    if (e instanceof PgTransportError) throw new CheckoutFailure(checkoutErrors.PG_UNREACHABLE, 'PG 에 연결할 수 없어 결제창을 열지 못했습니다.');
    throw e;
  }
  if ('kind' in answer) throw new CheckoutFailure(answer.pgCode, answer.pgMessage || 'PG 가 결제창 요청을 거절했습니다.');
  return answer;
}

/** notice_url(s) and confirm_url must lead where the outbound policy allows (F1001 otherwise). */
async function checkOutboundTargets(ctx: AppContext, order: CheckoutOrder): Promise<void> {
  try {
    await checkNoticeUrls(ctx.outbound, order.noticeUrls);
    if (order.confirmUrl) await checkTargetUrl(ctx.outbound, 'confirm_url', order.confirmUrl);
  } catch (e) {
    if (e instanceof GatewayError) throw new CheckoutFailure(checkoutErrors.INVALID_PARAMS, e.detail ?? e.v1Message);
    throw e;
  }
}

/** The attempt row: `ready`, not in flight (a window left open holds no claim on the order). */
async function insertAttempt(ctx: AppContext, channel: Channel, order: CheckoutOrder, input: StartInput): Promise<Payment> {
  for (let i = 0; i < 5; i++) {
    const p = newPayment({
      impUid: newImpUid(ctx.random), merchantId: channel.merchantId, merchantUid: order.merchantUid, channelId: channel.id,
      payMethod: order.payMethod, channel: input.device, pgProvider: channel.provider, pgId: channel.pgId, sandbox: channel.sandbox,
      currency: order.currency, amount: order.chargedAmount, startedAt: ctx.now(), taxFree: Math.min(order.taxFree, order.chargedAmount),
      escrow: order.escrow, name: order.name, buyerName: order.buyer.name, buyerEmail: order.buyer.email, buyerTel: order.buyer.tel,
      buyerAddr: order.buyer.addr, buyerPostcode: order.buyer.postcode, customData: order.customData, userAgent: input.userAgent,
      noticeUrls: order.noticeUrls, customerUid: order.billing?.customerUid ?? null, customerUidUsage: order.billing ? 'issue' : null,
    });
    try {
      await insertPayment(ctx.db, p);
      return p;
    } catch (e) {
      if (!isUniqueViolation(e, 'payments_pkey')) throw e; // imp_uid collision: draw again
    }
  }
  throw new GatewayError('INTERNAL', 'could not allocate an imp_uid');
}
