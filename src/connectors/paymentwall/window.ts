/**
 * Paymentwall windows. A payment opens the Digital Goods widget (`/api/subscription`, signed), which
 * charges by itself: the buyer comes back to `success_url` with the payment's `ref`, which `complete`
 * confirms with the Payment Status API, and the pingback reports the same payment server to server.
 * A billing window collects the card with Brick (a one-time token: Brick.js on an openimp page for test
 * and live channels, brick-page.ts; the sandbox PG's card page for sandbox ones) and `complete` charges
 * that token with `store_card`, whose answer carries the permanent token: the billing key (reference
 * §6.4: the amount is always charged at issuance).
 */
import type { ConnectorContext, Notification, WindowCompletion, WindowConnector, WindowOutcome } from '../contract.ts';
import { bypass, useTestMethod } from '../window-options.ts';
import { brickCall, lookupStatus, pwPublicKey, pwSecret, signedFields } from './api.ts';
import { brickFormAnswer, brickHostedForm } from './brick-page.ts';
import { bad, cardOfCharge, customerName, statusOf, walletOf, wireAmount } from './map.ts';
import { toWireDecimal } from '../../core/wire-decimal.ts';
import { pingbackSigned } from './signature.ts';
import { isPwError, isSecureStep, oneTimeChargeAnswer, pingback, pwPaths, pwPingbackTypes as T, type PaymentStatus } from './wire.ts';

/** `query` is appended as written: `$ref` must stay literal for Paymentwall to replace it. */
const withQuery = (url: string, query: string): string => `${url}${url.includes('?') ? '&' : '?'}${query}`;

/** Pingbacks come as a GET query by default; a project may also send them as a form POST. */
const pingbackFields = (req: { body: string; query: Record<string, string> }): Record<string, string> =>
  req.body.trim() !== '' ? Object.fromEntries(new URLSearchParams(req.body)) : req.query;

export const paymentwallWindow: WindowConnector = {
  notificationAck: 'OK',

  validate(req) {
    // SEED 004 / reference §6.4: buyer_email required, buyer_name "Firstname Lastname".
    if (!req.buyer.email) return 'Paymentwall 결제에는 buyer_email 이 필요합니다.';
    if (!/^\S+( \S+)+$/.test(req.buyer.name ?? '')) return 'Paymentwall buyer_name 은 "Firstname Lastname" 처럼 이름과 성을 띄어 써야 합니다.';
    if (req.billing && req.payMethod !== 'card') return 'Paymentwall 빌링키 결제창은 pay_method card 만 지원합니다.';
    if (req.amount <= 0) return 'Paymentwall 결제창은 0보다 큰 금액이 필요합니다. (빌링키 발급 시에도 결제됩니다)';
    return null;
  },

  start(ctx, req) {
    const base = ctx.baseUrl.replace(/\/$/, '');
    const amount = toWireDecimal(req.amount, req.currency);
    // Brick.js tokenizes cards on the merchant's page (integration/direct/brick): openimp serves that page.
    if (req.billing && ctx.channel.mode !== 'sandbox') return brickHostedForm(ctx, req);
    if (req.billing) {
      return {
        method: 'GET', url: `${base}${pwPaths.brickForm}`,
        fields: {
          public_key: pwPublicKey(ctx), amount, currency: req.currency, email: req.buyer.email ?? '', description: req.name ?? '',
          ...customerName(req.buyer.name), lang: req.language, action: req.returnUrl,
        },
      };
    }
    const b = bypass(req.options);
    const fields: Record<string, string> = {
      key: ctx.channel.pgId, uid: req.orderId, widget: b.widget_code ?? 'pw_1', email: req.buyer.email ?? '',
      timestamp: String(Math.floor(Date.now() / 1000)), ps: b.ps ?? 'all',
      amount, currencyCode: req.currency, ag_name: req.name ?? '', ag_external_id: req.orderId, ag_type: 'fixed',
      // `$ref` is Paymentwall's placeholder for the payment's reference id (apis#section-param-optional).
      success_url: withQuery(req.returnUrl, 'pw_result=success&ref=$ref'),
      failure_url: withQuery(req.returnUrl, 'pw_result=failure'),
      pingback_url: req.notifyUrl, lang: req.language, ...customerName(req.buyer.name),
      ...(b.country_code ? { country_code: b.country_code.toUpperCase() } : {}),
      ...(useTestMethod(req.options) ? { test_mode: '1' } : {}),
    };
    return { method: 'GET', url: `${base}${pwPaths.widget}`, fields: signedFields(ctx, fields) };
  },

  hostedFormAnswer: brickFormAnswer,

  approvesOnComplete: (req) => typeof req.returned.brick_token === 'string' && req.returned.brick_token !== '',

  async complete(ctx, req): Promise<WindowOutcome> {
    const r = req.returned;
    if (r.brick_token) return chargeOneTimeToken(ctx, req);
    if (r.pw_result === 'success' && r.ref && r.ref !== '$ref') {
      // The browser's word is a hint: the payment is what the Payment Status API says it is.
      try {
        const s = await lookupStatus(ctx, { ref: r.ref });
        if (isPwError(s)) return { kind: 'pending' };
        return approvedPayment(s, req.orderId, req.amount, req.currency) ?? { kind: 'pending' };
      } catch {
        return { kind: 'pending' }; // the pingback, or the background re-check, settles it
      }
    }
    if (r.pw_result === 'success') return { kind: 'pending' };
    // The sandbox PG's tester controls say why a window failed; the real widget only sends the buyer to failure_url.
    if (r.pw_sandbox_result === 'cancelled') return { kind: 'user_cancelled', pgMessage: r.message ?? '' };
    return { kind: 'declined', pgTid: null, pgCode: r.error_code ?? 'failure', pgMessage: r.message ?? 'Paymentwall 결제에 실패했습니다.' };
  },

  orderOf: (req) => pingbackFields(req).goodsid ?? null,

  async parseNotification(ctx, req): Promise<Notification> {
    const fields = pingbackFields(req);
    const parsed = pingback.safeParse(fields);
    if (!parsed.success) return { kind: 'rejected', reason: 'not a Paymentwall pingback' };
    if (!pingbackSigned(fields, pwSecret(ctx))) return { kind: 'rejected', reason: 'bad signature' };
    const p = parsed.data;
    const orderId = p.goodsid;
    if (p.type === T.reviewDeclined || p.type === T.voided) {
      return { kind: 'outcome', orderId, outcome: { kind: 'declined', pgTid: p.ref, pgCode: p.type, pgMessage: p.type === T.voided ? 'Authorization voided' : 'Declined by Paymentwall risk review' } };
    }
    if (p.type === T.underReview) return { kind: 'outcome', orderId, outcome: { kind: 'pending' } };
    const known = [T.regular, T.goodwill, T.reviewAccepted, T.negative] as string[];
    if (!known.includes(p.type)) return { kind: 'rejected', reason: `pingback type ${p.type} is not handled` };
    // A pingback carries no amount: what was paid or reversed is read from the Payment Status API.
    let s;
    try {
      s = await lookupStatus(ctx, { ref: p.ref });
    } catch {
      return { kind: 'rejected', reason: 'payment status lookup failed' };
    }
    if (isPwError(s)) return { kind: 'rejected', reason: `payment status lookup answered ${s.code}` };
    const amount = wireAmount(s.amount, s.currency);
    if (!amount) return { kind: 'rejected', reason: 'payment status has an unknown amount' };
    if (p.type === T.negative) {
      if (p.reason === '10') return { kind: 'rejected', reason: 'partially reversed payments are not handled' };
      // UNIQUE_REF (reference/pingback/custom-parameter): the reference id and the pingback type.
      return { kind: 'cancelled', orderId, pgCancelTid: `${p.ref}_${p.type}`, amount: amount.minor };
    }
    const outcome = approvedPayment(s, orderId, amount.minor, amount.currency);
    return outcome ? { kind: 'outcome', orderId, outcome } : { kind: 'rejected', reason: 'payment status does not match' };
  },
};

/** A found payment as an approval of this order (of this amount, when it is known), else null. */
function approvedPayment(s: PaymentStatus, orderId: string, minor: number | undefined, currency: string | undefined): WindowOutcome | null {
  const got = wireAmount(s.amount, s.currency);
  if (!got || (minor !== undefined && (got.minor !== minor || got.currency !== currency))) return null;
  if (s.product_id !== undefined && s.product_id !== orderId) return null;
  const st = statusOf(s);
  if (st.kind !== 'approved') return st;
  return { ...st, payMethod: 'card', bank: null, embPgProvider: walletOf(s.payment_system) };
}

/**
 * A billing window's return: charge the one-time token and store the card (Brick `store_card`). The
 * email, name and description are the attempt's own (the stored card charges only with that email,
 * SEED 004), the returned ones only where the attempt has none; `timestamp` is required (apis brick-charge).
 */
async function chargeOneTimeToken(ctx: ConnectorContext, req: WindowCompletion): Promise<WindowOutcome> {
  const { orderId, returned: r, amount: minor, currency } = req;
  if (minor === undefined || currency === undefined) throw bad('billing window returned without a known amount');
  const email = req.buyer?.email ?? r.email ?? '';
  const answer = await brickCall(ctx, pwPaths.brickCharge, {
    token: r.brick_token!, fingerprint: r.brick_fingerprint ?? '', amount: toWireDecimal(minor, currency), currency,
    email, description: req.name ?? r.description ?? '', plan: orderId, uid: orderId, store_card: '1',
    timestamp: String(Math.floor((ctx.now?.() ?? Date.now() / 1000))),
    ...(req.buyer?.name ? customerName(req.buyer.name) : { 'customer[firstname]': r['customer[firstname]'] ?? '', 'customer[lastname]': r['customer[lastname]'] ?? '' }),
  }, oneTimeChargeAnswer);
  if (isPwError(answer)) return { kind: 'declined', pgTid: null, pgCode: String(answer.code), pgMessage: answer.error };
  // openimp never asks for 3-D Secure (`secure=1`); a project that enforces it gets nothing charged (docs/pgs/paymentwall.md).
  if (isSecureStep(answer)) return { kind: 'declined', pgTid: null, pgCode: '3ds', pgMessage: '3-D Secure 인증이 필요한 카드는 아직 지원하지 않습니다.' };
  if (answer.risk !== undefined && answer.risk !== 'approved') throw bad(`charge ${answer.id} is under risk review`);
  const paid = wireAmount(answer.amount, answer.currency);
  if (!paid || paid.minor !== minor || paid.currency !== currency) throw bad('charged a different amount');
  const card = cardOfCharge(answer.card);
  const charge = { kind: 'approved' as const, pgTid: answer.id, applyNum: null, card, receiptUrl: null };
  if (!answer.card?.token) return { ...charge, payMethod: 'card', bank: null, embPgProvider: null };
  return { kind: 'billing_key_issued', billingKey: answer.card.token, card, buyerEmail: email || null, charge };
}
