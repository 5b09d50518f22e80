/** Checkout sessions (one per payment-window attempt) and the order claim a window takes while it completes. */
import { isUniqueViolation, type Queryable } from './db.ts';

export type CheckoutSession = {
  impUid: string;
  merchantId: number;
  token: string;
  device: 'pc' | 'mobile';
  origin: string | null;
  requestId: string | null;
  mRedirectUrl: string | null;
  confirmUrl: string | null;
  billingCustomerUid: string | null;
  billingCharge: boolean;
  customerId: string | null;
  displayAmount: number;
  errorCode: string | null;
  errorMsg: string | null;
  createdAt: number;
  /** The PG window's return parameters, once the browser came back (what `window.complete` confirms). */
  pgReturn: Record<string, string> | null;
  /** Where the SDK opened the window when that is not the public URL (migration 0006); the result page is served there. */
  windowBase: string | null;
};

const toSession = (r: Record<string, unknown>): CheckoutSession => ({
  impUid: r.imp_uid as string, merchantId: r.merchant_id as number, token: r.token as string, device: r.device as 'pc' | 'mobile',
  origin: (r.origin as string | null) ?? null, requestId: (r.request_id as string | null) ?? null,
  mRedirectUrl: (r.m_redirect_url as string | null) ?? null, confirmUrl: (r.confirm_url as string | null) ?? null,
  billingCustomerUid: (r.billing_customer_uid as string | null) ?? null, billingCharge: r.billing_charge as boolean,
  customerId: (r.customer_id as string | null) ?? null, displayAmount: r.display_amount as number,
  errorCode: (r.error_code as string | null) ?? null, errorMsg: (r.error_msg as string | null) ?? null, createdAt: r.created_at as number,
  pgReturn: typeof r.pg_return === 'string' ? (JSON.parse(r.pg_return) as Record<string, string>) : null,
  windowBase: (r.window_base as string | null) ?? null,
});

export async function insertSession(q: Queryable, s: CheckoutSession): Promise<void> {
  await q.query(
    `insert into checkout_sessions (imp_uid, merchant_id, token, device, origin, request_id, m_redirect_url, confirm_url,
       billing_customer_uid, billing_charge, customer_id, display_amount, error_code, error_msg, created_at, window_base)
     values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)`,
    [s.impUid, s.merchantId, s.token, s.device, s.origin, s.requestId, s.mRedirectUrl, s.confirmUrl, s.billingCustomerUid,
      s.billingCharge, s.customerId, s.displayAmount, s.errorCode, s.errorMsg, s.createdAt, s.windowBase],
  );
}

/** By imp_uid alone: a PG return or notification names only the order. */
export async function getSession(q: Queryable, impUid: string): Promise<CheckoutSession | null> {
  const [r] = await q.query('select * from checkout_sessions where imp_uid = $1', [impUid]);
  return r ? toSession(r) : null;
}

export async function setSessionError(q: Queryable, impUid: string, code: string | null, msg: string | null): Promise<void> {
  await q.query('update checkout_sessions set error_code = $2, error_msg = $3 where imp_uid = $1', [impUid, code, msg]);
}

/** Keeps the PG return of a claimed attempt, before the PG is asked about it (see the migration 0005). */
export async function savePgReturn(q: Queryable, impUid: string, returned: Record<string, string>): Promise<void> {
  await q.query('update checkout_sessions set pg_return = $2 where imp_uid = $1', [impUid, JSON.stringify(returned)]);
}

export type Claim = 'claimed' | 'order_taken' | 'not_ready';

/**
 * Marks a ready window attempt in flight: the `payments_one_claim` unique index then refuses a second
 * attempt of the same merchant_uid that is paid or in flight (two windows can never both be paid).
 */
export async function claimWindowAttempt(q: Queryable, merchantId: number, impUid: string, at: number): Promise<Claim> {
  try {
    const rows = await q.query(
      "update payments set in_flight = true, updated_at = $3 where merchant_id = $1 and imp_uid = $2 and status = 'ready' and not in_flight returning imp_uid",
      [merchantId, impUid, at],
    );
    return rows.length === 1 ? 'claimed' : 'not_ready';
  } catch (e) {
    if (isUniqueViolation(e)) return 'order_taken';
    throw e;
  }
}

/** Gives the claim back (the window is still open, or its result is not known yet and a re-check will tell). */
export async function releaseWindowAttempt(q: Queryable, impUid: string): Promise<void> {
  await q.query('update payments set in_flight = false where imp_uid = $1', [impUid]);
}
