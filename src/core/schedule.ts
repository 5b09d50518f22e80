/**
 * Scheduled payments (reference §3.5): the schedule record, its V1 statuses, and the retry policy for
 * soft declines. Pure: the clock and the PG outcome are passed in.
 */
import type { Currency } from './money.ts';
import type { PaymentStatus, Provider } from './payment.ts';

export type ScheduleStatus = 'scheduled' | 'executed' | 'revoked';
export const scheduleStatuses = ['scheduled', 'executed', 'revoked'] as const satisfies readonly ScheduleStatus[];

export type Schedule = {
  id: number;
  merchantId: number;
  merchantUid: string;
  customerUid: string;
  customerId: string | null;
  pgProvider: Provider;
  pgId: string;
  scheduleAt: number;
  currency: Currency;
  amount: number; // minor units
  taxFree: number; // minor units
  name: string | null;
  buyerName: string | null;
  buyerEmail: string | null;
  buyerTel: string | null;
  buyerAddr: string | null;
  buyerPostcode: string | null;
  customData: string | null;
  noticeUrls: string[] | null;
  cardQuota: number;
  browserIp: string | null;
  promotionId: string | null;
  status: ScheduleStatus;
  impUid: string | null;
  /** Status of the schedule's latest payment (V1 `payment_status`), null before it ran. */
  paymentStatus: Exclude<PaymentStatus, 'ready'> | null;
  failReason: string | null;
  executedAt: number;
  revokedAt: number;
  attempts: number;
  nextRetryAt: number | null;
  createdAt: number;
  updatedAt: number;
};

/**
 * Which declines are worth retrying later: money-related ones (the customer may top up or the limit
 * resets) and an unreachable PG. A lost card or an invalid one will not get better.
 */
export type RetryPolicy = {
  /** Seconds after the n-th failure (index n-1) to try again; its length is the number of retries. */
  delaysSec: readonly number[];
  /** fail_reason fragments that mark a soft decline. */
  softDeclines: readonly string[];
};

export const defaultRetryPolicy: RetryPolicy = {
  delaysSec: [24 * 3600, 3 * 24 * 3600],
  softDeclines: ['잔액부족', '한도초과', 'PG사 통신장애'],
};

export const isSoftDecline = (policy: RetryPolicy, failReason: string | null): boolean =>
  failReason !== null && policy.softDeclines.some((s) => s !== '' && failReason.includes(s));

/** When the next automatic retry is due after `attempts` failed charges, or null for none. */
export function nextRetryAt(policy: RetryPolicy, attempts: number, failReason: string | null, now: number): number | null {
  if (!isSoftDecline(policy, failReason)) return null;
  const delay = policy.delaysSec[attempts - 1];
  return delay === undefined ? null : now + delay;
}

/** Whether `PUT /subscribe/payments/schedule/{merchant_uid}` may move it (reference §3.5). */
export const canMove = (s: Pick<Schedule, 'status'>): boolean => s.status === 'scheduled';

/** Reschedule and retry apply to failed or revoked schedules only (reference §3.5). */
export const canRetry = (s: Pick<Schedule, 'status' | 'paymentStatus'>): boolean =>
  s.status === 'revoked' || (s.status === 'executed' && s.paymentStatus === 'failed');
