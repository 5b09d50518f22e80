/**
 * Operator settlement of attempts whose outcome openimp cannot learn (docs/security.md "Crashes
 * and unknown outcomes"): a charge still in flight, or a cancel attempt still holding its balance, after every PG
 * call of it has ended (its lease) and the PG's own record could not tell (no status lookup, as at
 * tPay, or a lookup that keeps failing). The operator reads the outcome off the PG's merchant office
 * and settles the attempt with it, through the same transitions a PG answer takes: a refund becomes
 * the cancellation with its webhook, a charge becomes paid (with the PG's transaction id) or failed
 * (the merchant_uid free again), a refund that never happened releases the hold. Each settlement is
 * recorded (who, when, what) in its own transaction; repeating it changes nothing.
 */
import type { Payment } from '../core/payment.ts';
import { isStorableText } from '../core/storable-text.ts';
import { findCancelAttempt, listStaleCancelAttempts, type CancelAttempt } from '../storage/cancel-attempts.ts';
import type { Queryable } from '../storage/db.ts';
import { findChannel, findMerchantById } from '../storage/merchants.ts';
import { findSettlement, insertSettlement, settlementsOf, type Settlement, type SettlementOutcome } from '../storage/operator-settlements.ts';
import { getPayment, listInFlight, merchantOfPayment } from '../storage/payments.ts';
import { leaseSec } from './cancel-payment.ts';
import { announcesFailure, unreachedReason } from './charge-attempt.ts';
import type { AppContext } from './context.ts';
import { transitionIn } from './persist-transition.ts';
import { record, release } from './settle-cancel-attempt.ts';

/** An attempt only an operator can settle now. `id`: a charge's imp_uid, or a cancel attempt's id. */
export type UnknownAttempt = {
  kind: 'charge' | 'cancel';
  id: string;
  impUid: string;
  merchantId: number;
  merchantCode: string;
  merchantUid: string;
  pgProvider: Payment['pgProvider'];
  amount: number;
  currency: Payment['currency'];
  startedAt: number;
};

export type SettleInput = {
  attemptId: string;
  as: SettlementOutcome;
  /** The PG's transaction id of a charge settled as paid (required), or of a refund (optional). */
  pgTid: string | null;
  /** Who settles: a console user's email, or the name an operator gives the CLI. */
  by: string;
  note: string | null;
};

export type SettleResult = { settlement: Settlement; payment: Payment; repeated: boolean };

export type RefusalReason = 'not_found' | 'not_unknown' | 'lease_live' | 'wrong_outcome' | 'settled_otherwise' | 'pg_tid_required' | 'bad_input' | 'vbank_paid';

/** A settlement that was not made; nothing changed. */
export class SettlementRefused extends Error {
  constructor(readonly reason: RefusalReason, detail = '') {
    super(`settlement refused: ${reason}${detail ? ` (${detail})` : ''}`);
    this.name = 'SettlementRefused';
  }
}

const chargeOutcomes: readonly SettlementOutcome[] = ['paid', 'failed'];
const cancelOutcomes: readonly SettlementOutcome[] = ['refunded', 'not_refunded'];
export const isSettlementOutcome = (v: unknown): v is SettlementOutcome => typeof v === 'string' && [...chargeOutcomes, ...cancelOutcomes].includes(v as SettlementOutcome);

/** Seconds after which no PG call of a charge attempt (in flight since `updatedAt`) can still be running. */
async function chargeLeaseUntil(ctx: AppContext, p: Payment): Promise<number> {
  const channel = p.channelId === null ? null : await findChannel(ctx.db, p.merchantId, p.channelId);
  return p.updatedAt + leaseSec(channel ? ctx.pg.contextFor(channel).timeoutMs : 0);
}

type Item = Omit<UnknownAttempt, 'merchantCode'>;

const chargeItem = (p: Payment): Item => ({
  kind: 'charge', id: p.impUid, impUid: p.impUid, merchantId: p.merchantId, merchantUid: p.merchantUid, pgProvider: p.pgProvider,
  amount: p.amount, currency: p.currency, startedAt: p.startedAt,
});

const cancelItem = (a: CancelAttempt, p: Payment): Item => ({
  kind: 'cancel', id: a.attemptId, impUid: a.impUid, merchantId: a.merchantId, merchantUid: p.merchantUid, pgProvider: p.pgProvider,
  amount: a.amount, currency: p.currency, startedAt: a.startedAt,
});

/**
 * Every attempt past its lease whose outcome is still open, oldest first: of one merchant, or of all
 * (the operator's CLI); `impUid` narrows it to one payment (the console's payment page).
 */
export async function listUnknownAttempts(ctx: AppContext, scope: SettleScope = {}, limit = 200): Promise<UnknownAttempt[]> {
  const now = ctx.now();
  const mine = (merchantId: number, impUid: string) => inScope(scope, merchantId, impUid);
  const out: Item[] = [];
  for (const p of await listInFlight(ctx.db, now, 1000)) {
    if (mine(p.merchantId, p.impUid) && (await chargeLeaseUntil(ctx, p)) < now) out.push(chargeItem(p));
  }
  for (const a of await listStaleCancelAttempts(ctx.db, now, 1000)) {
    if (!mine(a.merchantId, a.impUid)) continue;
    const p = await getPayment(ctx.db, a.merchantId, a.impUid);
    if (p) out.push(cancelItem(a, p));
  }
  const codes = new Map<number, string>();
  for (const x of out) if (!codes.has(x.merchantId)) codes.set(x.merchantId, (await findMerchantById(ctx.db, x.merchantId))?.code ?? '');
  return out.sort((x, y) => x.startedAt - y.startedAt || x.id.localeCompare(y.id)).slice(0, limit).map((x) => ({ ...x, merchantCode: codes.get(x.merchantId)! }));
}

/** The settlements operators made on a payment's attempts, oldest first. */
export const settlementsOfPayment = (ctx: AppContext, impUid: string): Promise<Settlement[]> => settlementsOf(ctx.db, impUid);

function checkInput(input: SettleInput): void {
  const texts = [input.attemptId, input.by, input.pgTid ?? '', input.note ?? ''];
  if (!texts.every(isStorableText) || input.attemptId === '' || input.by.trim() === '') throw new SettlementRefused('bad_input');
  if (input.by.length > 200 || (input.pgTid ?? '').length > 100 || (input.note ?? '').length > 500) throw new SettlementRefused('bad_input', 'too long');
  if (!isSettlementOutcome(input.as)) throw new SettlementRefused('wrong_outcome');
}

/** Which attempts a caller may settle: one merchant's (the console), of one payment; none given: any (the CLI). */
export type SettleScope = { merchantId?: number; impUid?: string };

const inScope = (scope: SettleScope, merchantId: number, impUid: string): boolean =>
  (scope.merchantId === undefined || scope.merchantId === merchantId) && (scope.impUid === undefined || scope.impUid === impUid);

/**
 * Settles one unknown attempt as the operator says, within `scope` (anything outside it is not found).
 * The same settlement again answers the recorded one (`repeated`); a different one, or one of an
 * attempt that is not unknown, is refused and changes nothing.
 */
export async function settleByOperator(ctx: AppContext, input: SettleInput, scope: SettleScope = {}): Promise<SettleResult> {
  checkInput(input);
  const pgTid = input.pgTid?.trim() || null;
  const s: Settlement = {
    attemptId: input.attemptId, kind: cancelOutcomes.includes(input.as) ? 'cancel' : 'charge', impUid: '', outcome: input.as, pgTid,
    settledBy: input.by.trim(), note: input.note?.trim() || null, settledAt: ctx.now(),
  };
  const earlier = await findSettlement(ctx.db, input.attemptId);
  if (earlier) return repeatOf(ctx, earlier, s, scope);
  const cancel = await findCancelAttempt(ctx.db, input.attemptId);
  if (cancel) {
    if (!inScope(scope, cancel.attempt.merchantId, cancel.attempt.impUid)) throw new SettlementRefused('not_found');
    return settleCancel(ctx, cancel.attempt, cancel.outcome, s);
  }
  const owner = await merchantOfPayment(ctx.db, input.attemptId);
  if (owner === null || !inScope(scope, owner, input.attemptId)) throw new SettlementRefused('not_found');
  return settleCharge(ctx, (await getPayment(ctx.db, owner, input.attemptId))!, s);
}

async function repeatOf(ctx: AppContext, earlier: Settlement, s: Settlement, scope: SettleScope): Promise<SettleResult> {
  const owner = await merchantOfPayment(ctx.db, earlier.impUid);
  if (owner === null || !inScope(scope, owner, earlier.impUid)) throw new SettlementRefused('not_found');
  if (earlier.outcome !== s.outcome || (s.pgTid !== null && s.pgTid !== earlier.pgTid)) throw new SettlementRefused('settled_otherwise', `${earlier.outcome} by ${earlier.settledBy}`);
  return { settlement: earlier, payment: (await getPayment(ctx.db, owner, earlier.impUid))!, repeated: true };
}

async function settleCancel(ctx: AppContext, a: CancelAttempt, outcome: 'made' | 'not_made' | null, s: Settlement): Promise<SettleResult> {
  if (!cancelOutcomes.includes(s.outcome)) throw new SettlementRefused('wrong_outcome', 'a cancel attempt is refunded or not_refunded');
  if (outcome !== null) throw new SettlementRefused('not_unknown', `settled from the PG as ${outcome}`);
  if (a.leaseUntil >= ctx.now()) throw new SettlementRefused('lease_live');
  const settlement = { ...s, impUid: a.impUid };
  const also = (q: Queryable) => insertSettlement(q, settlement);
  const done = s.outcome === 'refunded' ? await record(ctx, a, { pgCancelTid: s.pgTid, receiptUrl: null }, also) : await release(ctx, a, also);
  if (!done.won) throw new SettlementRefused('not_unknown', 'settled meanwhile');
  ctx.log.warn({ imp_uid: a.impUid, cancellation_id: a.attemptId, outcome: s.outcome, by: s.settledBy }, 'cancel attempt settled by an operator');
  return { settlement, payment: done.payment, repeated: false };
}

async function settleCharge(ctx: AppContext, p: Payment, s: Settlement): Promise<SettleResult> {
  if (!chargeOutcomes.includes(s.outcome)) throw new SettlementRefused('wrong_outcome', 'a charge attempt is paid or failed');
  if (!p.inFlight) throw new SettlementRefused('not_unknown', `status ${p.status}`);
  if ((await chargeLeaseUntil(ctx, p)) >= ctx.now()) throw new SettlementRefused('lease_live');
  if (s.outcome === 'paid' && s.pgTid === null) throw new SettlementRefused('pg_tid_required');
  // An issued account is not a charge: an operator cannot supply it (the PG's notice or re-check does).
  if (s.outcome === 'paid' && p.payMethod === 'vbank') throw new SettlementRefused('vbank_paid');
  const settlement = { ...s, impUid: p.impUid };
  const payment = await ctx.db.tx(async (q) => {
    const current = await getPayment(q, p.merchantId, p.impUid, { forUpdate: true });
    if (!current?.inFlight) return null; // settled meanwhile (a late PG answer, the re-check)
    const at = ctx.now();
    const after = await transitionIn(ctx, q, p.merchantId, p.impUid, s.outcome === 'paid'
      ? { type: 'approve', at, pg: { pgTid: s.pgTid } }
      : { type: 'fail', at, reason: unreachedReason, notify: announcesFailure(current) });
    await insertSettlement(q, settlement);
    return after;
  });
  if (!payment) throw new SettlementRefused('not_unknown', 'settled meanwhile');
  ctx.log.warn({ imp_uid: p.impUid, outcome: s.outcome, by: s.settledBy }, 'charge attempt settled by an operator');
  return { settlement, payment, repeated: false };
}
