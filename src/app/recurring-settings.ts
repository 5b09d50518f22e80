/**
 * Tunables of the scheduler, the outbox and idempotency keys, from config. Kept in one object on the
 * AppContext so use cases called from the API (retry, test clock) follow the same policy as the loops.
 */
import { defaultRetryPolicy, type RetryPolicy } from '../core/schedule.ts';
import { defaultWebhookRetryPolicy, type WebhookRetryPolicy } from '../core/webhook-event.ts';

export type RecurringSettings = {
  /** Automatic retries of soft-declined scheduled charges. */
  scheduleRetry: RetryPolicy;
  /** How long a process may hold a claimed schedule; longer than a PG call with its status check. */
  scheduleLeaseSec: number;
  webhookRetry: WebhookRetryPolicy;
  /** How long a process may hold a claimed webhook; longer than connect + read timeouts. */
  webhookLeaseSec: number;
  /** Idempotency keys are kept this long; an in-flight one is taken over after the lock time. */
  idempotencyTtlSec: number;
  idempotencyLockSec: number;
};

export const defaultRecurringSettings: RecurringSettings = {
  scheduleRetry: defaultRetryPolicy,
  scheduleLeaseSec: 120,
  webhookRetry: defaultWebhookRetryPolicy,
  webhookLeaseSec: 60,
  idempotencyTtlSec: 24 * 3600,
  idempotencyLockSec: 300,
};

export const recurringOf = (ctx: { recurring?: RecurringSettings }): RecurringSettings => ctx.recurring ?? defaultRecurringSettings;
