/**
 * Cancel attempts (0008_cancel_attempts.sql): each cancel is written down, with the hold on the
 * payment's balance, before its PG is called; it is settled exactly once, by whoever gets there first.
 */
import type { Queryable, Row } from './db.ts';
import { isUniqueViolation } from './db.ts';
import { holdCancel, releaseCancel } from './payments.ts';

export type CancelAttempt = {
  attemptId: string;
  impUid: string;
  merchantId: number;
  amount: number;
  taxFree: number;
  reason: string | null;
  requestedBy: 'api' | 'console';
  enableWebhook: boolean;
  pgTicket: string | null;
  startedAt: number;
  leaseUntil: number;
};

const fromRow = (r: Row): CancelAttempt => ({
  attemptId: r.attempt_id as string, impUid: r.imp_uid as string, merchantId: Number(r.merchant_id), amount: Number(r.amount),
  taxFree: Number(r.tax_free), reason: (r.reason as string | null) ?? null,
  requestedBy: r.requested_by as 'api' | 'console', enableWebhook: r.enable_webhook as boolean, pgTicket: (r.pg_ticket as string | null) ?? null,
  startedAt: Number(r.started_at), leaseUntil: Number(r.lease_until),
});

const select = 'select a.*, p.merchant_id from payment_cancel_attempts a join payments p on p.imp_uid = a.imp_uid';

/**
 * Holds the amount and records the attempt, in the caller's transaction (the payment row locked).
 * False, with nothing written, when another attempt is open or the hold would overdraw the balance.
 */
export async function openCancelAttempt(q: Queryable, a: Omit<CancelAttempt, 'merchantId' | 'pgTicket'>): Promise<boolean> {
  if (await findOpenCancelAttempt(q, a.impUid)) return false;
  if (!(await holdCancel(q, a.impUid, a.amount))) return false;
  try {
    await q.query(
      `insert into payment_cancel_attempts (attempt_id, imp_uid, amount, tax_free, reason, requested_by, enable_webhook, started_at, lease_until)
       values ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
      [a.attemptId, a.impUid, a.amount, a.taxFree, a.reason, a.requestedBy, a.enableWebhook, a.startedAt, a.leaseUntil],
    );
  } catch (e) {
    if (isUniqueViolation(e, 'payment_cancel_attempts_one_open')) throw new CancelBusy();
    throw e;
  }
  return true;
}

/** Another attempt on the payment was opened concurrently (the transaction must roll back). */
export class CancelBusy extends Error {
  constructor() {
    super('another cancel attempt is open');
    this.name = 'CancelBusy';
  }
}

export async function findOpenCancelAttempt(q: Queryable, impUid: string): Promise<CancelAttempt | null> {
  const [r] = await q.query(`${select} where a.imp_uid = $1 and a.outcome is null`, [impUid]);
  return r ? fromRow(r) : null;
}

/**
 * Marks the attempt settled and releases its hold, in the caller's transaction. False when it was no
 * longer open (someone else settled it): then nothing is written.
 */
export async function closeCancelAttempt(q: Queryable, attemptId: string, outcome: 'made' | 'not_made', at: number): Promise<boolean> {
  const rows = await q.query<{ imp_uid: string; amount: number }>(
    'update payment_cancel_attempts set outcome = $2, settled_at = $3 where attempt_id = $1 and outcome is null returning imp_uid, amount',
    [attemptId, outcome, at],
  );
  const [r] = rows;
  if (!r) return false;
  await releaseCancel(q, r.imp_uid, Number(r.amount));
  return true;
}

/** An attempt by its id, open or settled (`outcome` null while open); null when there is none. */
export async function findCancelAttempt(q: Queryable, attemptId: string): Promise<{ attempt: CancelAttempt; outcome: 'made' | 'not_made' | null } | null> {
  const [r] = await q.query(`${select} where a.attempt_id = $1`, [attemptId]);
  return r ? { attempt: fromRow(r), outcome: (r.outcome as 'made' | 'not_made' | null) ?? null } : null;
}

export async function setCancelTicket(q: Queryable, attemptId: string, ticket: string): Promise<void> {
  await q.query('update payment_cancel_attempts set pg_ticket = $2 where attempt_id = $1', [attemptId, ticket]);
}

/** Open attempts whose lease ran out before `before`: no PG call of theirs can still be running. */
export async function listStaleCancelAttempts(q: Queryable, before: number, limit: number): Promise<CancelAttempt[]> {
  return (await q.query(`${select} where a.outcome is null and a.lease_until < $1 order by a.lease_until limit $2`, [before, limit])).map(fromRow);
}

/**
 * A cancel attempt that became a cancellation without the PG's refund id (settled from a PG record
 * that reports totals only) and matches `amount`: the one a late refund notification describes. It
 * takes the notification's refund id; false when there is none.
 */
export async function claimUnnamedMadeAttempt(q: Queryable, impUid: string, amount: number, pgCancelTid: string): Promise<boolean> {
  const rows = await q.query(
    `update payment_cancellations set pg_tid = $3 where cancellation_id = (
       select c.cancellation_id from payment_cancellations c join payment_cancel_attempts a on a.attempt_id = c.cancellation_id
        where c.imp_uid = $1 and c.pg_tid is null and c.amount = $2 order by c.seq limit 1) returning cancellation_id`,
    [impUid, amount, pgCancelTid],
  );
  return rows.length === 1;
}

/** True when the payment's history already holds a cancellation with this PG cancel id. */
export async function hasCancellationWithPgTid(q: Queryable, impUid: string, pgTid: string): Promise<boolean> {
  const rows = await q.query('select 1 from payment_cancellations where imp_uid = $1 and pg_tid = $2', [impUid, pgTid]);
  return rows.length > 0;
}
