/**
 * Runs due schedules exactly once across any number of openimp processes:
 * 1. a lease is taken on each due schedule (FOR UPDATE SKIP LOCKED, so processes never pick the same row);
 * 2. the charge goes through payWithBillingKey (usage `payment.scheduled`), whose merchant_uid claim
 *    (payments_one_claim) makes a second charge impossible even if a lease expired mid-charge;
 * 3. the outcome is written by the lease holder only (outcomes that finish together in one statement).
 *    A process killed mid-way leaves a lease that expires; the next claimer finds the order paid
 *    (records it) or in flight (waits for the re-check). A charge starts only with half its lease left.
 */
import { GatewayError, isGatewayError } from '../core/errors.ts';
import { toWireAmount } from '../core/money.ts';
import type { Payment } from '../core/payment.ts';
import { nextRetryAt, type Schedule } from '../core/schedule.ts';
import { findByMerchantUid } from '../storage/payments.ts';
import * as repo from '../storage/schedules.ts';
import type { AppContext } from './context.ts';
import { groupWrites } from './group-write.ts';
import { payWithBillingKey } from './pay-with-billing-key.ts';
import { recurringOf } from './recurring-settings.ts';

export type RunReport = { claimed: number; paid: number; failed: number; deferred: number };

type RunOutcome = { kind: 'paid' | 'failed'; payment: Payment | null; error: GatewayError | null } | { kind: 'deferred'; error: unknown };

/** Writes a run's outcome (only while `owner` holds the lease); resolves once it is stored. */
type Recorder = (s: Schedule, o: repo.Outcome) => Promise<void>;

export type RunOptions = {
  /** Schedules leased per claim statement. */
  limit: number;
  /** Charges in flight at once. */
  concurrency: number;
  merchantId?: number;
  /**
   * Without it one claim is run per clock. With it, while claims come back full and `more()` says so,
   * the next claim is taken as soon as fewer than `concurrency` leased schedules wait, so the charges in
   * flight never drop to the tail of a batch. Each claim takes a fresh lease.
   */
  more?: () => boolean;
};

/** Claims and runs due schedules (those of sandbox merchants by their test clock too). */
export async function runDueSchedules(ctx: AppContext, owner: string, opts: RunOptions): Promise<RunReport> {
  const clocks = await repo.listClocks(ctx.db);
  const offsets: { offset: number; merchantId?: number }[] = [];
  if (opts.merchantId === undefined) offsets.push({ offset: 0 });
  for (const c of clocks) {
    if (opts.merchantId === undefined || opts.merchantId === c.merchantId) offsets.push({ offset: c.offset, merchantId: c.merchantId });
  }
  if (opts.merchantId !== undefined && !clocks.some((c) => c.merchantId === opts.merchantId)) offsets.push({ offset: 0, merchantId: opts.merchantId });
  const report: RunReport = { claimed: 0, paid: 0, failed: 0, deferred: 0 };
  const record = batchedRecorder(ctx, owner);
  const leaseSec = recurringOf(ctx).scheduleLeaseSec;
  for (const clock of offsets) {
    const claim = async () => {
      const now = ctx.now();
      const leaseUntil = now + leaseSec;
      const batch = await repo.claimDueSchedules(ctx.db, { asOf: now + clock.offset, now, limit: opts.limit, owner, leaseUntil, merchantId: clock.merchantId });
      report.claimed += batch.length;
      return batch.map((s) => ({ s, leaseUntil }));
    };
    await pipeline(claim, opts, async ({ s, leaseUntil }) => {
      // A charge starts only with at least half its lease left (the lease must outlast the charge);
      // a schedule that waited longer is left to expire and be claimed again, uncharged.
      if (ctx.now() > leaseUntil - leaseSec / 2) {
        report.deferred++;
        return;
      }
      const o = await runOne(ctx, owner, s, clock.offset, record);
      report[o.kind]++;
    });
  }
  return report;
}

/**
 * Runs what `claim` returns, `concurrency` at a time, claiming again (one claim at a time) when fewer
 * than `concurrency` wait, while claims come back full and `more()` allows. A failure (of a claim or
 * of a run) ends the claiming; what is already leased still runs, then the first error is thrown.
 */
async function pipeline<T>(claim: () => Promise<T[]>, opts: RunOptions, fn: (t: T) => Promise<void>): Promise<void> {
  const queue = await claim();
  const failures: unknown[] = [];
  const fail = (e: unknown) => {
    failures.push(e);
    done = true;
  };
  let done = !opts.more || queue.length < opts.limit || !opts.more();
  let claiming: Promise<void> | null = null;
  const refill = () => (claiming ??= claim().then((batch) => {
    queue.push(...batch);
    if (batch.length < opts.limit || !opts.more!()) done = true;
  }, fail).finally(() => { claiming = null; }));
  const worker = async () => {
    for (;;) {
      if (!done && queue.length < opts.concurrency) void refill();
      const next = queue.shift();
      if (next !== undefined) await fn(next).catch(fail);
      else if (done) return;
      else await refill();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency) }, worker));
  if (failures.length > 0) throw failures[0];
}

/** Outcomes of one pass written together (group-write.ts): one UPDATE records the runs that finished meanwhile. */
function batchedRecorder(ctx: AppContext, owner: string): Recorder {
  const write = groupWrites<{ s: Schedule; o: repo.Outcome }>(async (batch) => {
    const written = await repo.recordRuns(ctx.db, owner, batch.map((w) => ({ id: w.s.id, outcome: w.o })));
    for (const w of batch) if (!written.has(w.s.id)) leaseLost(ctx, w.s);
  });
  return (s, o) => write({ s, o });
}

const leaseLost = (ctx: AppContext, s: Schedule) => ctx.log.warn({ merchant_uid: s.merchantUid }, 'schedule lease lost before its outcome was recorded');

/**
 * Charges one leased schedule and records the outcome (or gives the lease back for later).
 * `clockOffset` is the merchant's sandbox test clock: retries are due on that clock too.
 */
export async function runOne(ctx: AppContext, owner: string, s: Schedule, clockOffset = 0, record: Recorder = batchedRecorder(ctx, owner)): Promise<RunOutcome> {
  const startedAt = ctx.now();
  let payment: Payment | null = null;
  let error: GatewayError | null = null;
  try {
    payment = await payWithBillingKey(ctx, s.merchantId, {
      customerUid: s.customerUid, usage: 'payment.scheduled', userAgent: null, merchantUid: s.merchantUid,
      amount: toWireAmount(s.amount, s.currency), currency: s.currency, taxFree: toWireAmount(s.taxFree, s.currency), name: s.name,
      buyer: { name: s.buyerName, email: s.buyerEmail, tel: s.buyerTel, addr: s.buyerAddr, postcode: s.buyerPostcode },
      cardQuota: s.cardQuota, customData: s.customData, noticeUrls: s.noticeUrls, browserIp: s.browserIp,
    });
  } catch (e) {
    if (!isGatewayError(e)) return defer(ctx, owner, s, e);
    if (e.code === 'MERCHANT_UID_IN_PROGRESS') return defer(ctx, owner, s, e); // another attempt's outcome is still unknown
    error = e;
  }
  const now = ctx.now();
  if (!payment) {
    // Already paid (an earlier run whose result was not recorded), or this run's attempt failed or is unknown.
    const paid = error?.code === 'MERCHANT_UID_ALREADY_PAID' ? await findByMerchantUid(ctx.db, s.merchantId, s.merchantUid, 'paid', '-started') : null;
    const latest = paid ?? (await findByMerchantUid(ctx.db, s.merchantId, s.merchantUid, null, '-started'));
    if (latest && (paid || latest.startedAt >= startedAt)) payment = latest;
  }
  if (payment?.status === 'paid') {
    await record(s, { impUid: payment.impUid, failReason: null, executedAt: now, nextRetryAt: null, countAttempt: !error });
    return { kind: 'paid', payment, error: null };
  }
  const failReason = payment?.failReason ?? (payment?.inFlight ? null : error?.v1Message ?? null);
  const retryAt = payment?.status === 'failed' ? nextRetryAt(recurringOf(ctx).scheduleRetry, s.attempts + 1, failReason, now + clockOffset) : null;
  await record(s, { impUid: payment?.impUid ?? null, failReason, executedAt: now, nextRetryAt: retryAt, countAttempt: true });
  if (!payment) ctx.log.warn({ merchant_uid: s.merchantUid, code: error?.code }, 'scheduled payment failed before reaching the PG');
  return { kind: 'failed', payment, error };
}

async function defer(ctx: AppContext, owner: string, s: Schedule, e: unknown): Promise<RunOutcome> {
  ctx.log.warn({ merchant_uid: s.merchantUid, err: isGatewayError(e) ? e.code : String(e) }, 'scheduled payment deferred');
  await repo.releaseSchedule(ctx.db, s.id, owner, ctx.now() + recurringOf(ctx).scheduleLeaseSec).catch(() => undefined);
  return { kind: 'deferred', error: e };
}

/** POST .../retry: charges a failed or revoked schedule now and returns the payment (reference §3.5). */
export async function retrySchedule(ctx: AppContext, merchantId: number, merchantUid: string): Promise<Payment> {
  const now = ctx.now();
  const owner = `retry:${Buffer.from(ctx.random(8)).toString('hex')}`;
  const s = await ctx.db.tx(async (q) => {
    const found = await repo.getSchedule(q, merchantId, merchantUid);
    if (!found) throw new GatewayError('SCHEDULE_NOT_FOUND');
    const canRetryNow = found.status === 'revoked' || (found.status === 'executed' && found.paymentStatus === 'failed');
    if (!canRetryNow) throw new GatewayError('SCHEDULE_NOT_RETRYABLE', `(schedule_status: ${found.status}, payment_status: ${found.paymentStatus ?? 'null'})`);
    const leased = await repo.claimForRetry(q, merchantId, merchantUid, { now, owner, leaseUntil: now + recurringOf(ctx).scheduleLeaseSec });
    if (!leased) throw new GatewayError('SCHEDULE_BUSY');
    return leased;
  });
  const o = await runOne(ctx, owner, s, await repo.getClockOffset(ctx.db, merchantId));
  if (o.kind === 'deferred') throw isGatewayError(o.error) ? o.error : new GatewayError('SCHEDULE_BUSY');
  if (!o.payment) throw o.error ?? new GatewayError('INTERNAL');
  return o.payment;
}
