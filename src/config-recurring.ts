/**
 * The scheduler, webhook outbox and Idempotency-Key part of the config, parsed from the env that
 * config.ts hands over (config.ts stays the only reader of process.env). Documented in docs/scale-out.md.
 */
export type RecurringConfig = {
  schedulerEnabled: boolean;
  schedulerIntervalMs: number;
  schedulerBatch: number;
  schedulerConcurrency: number;
  scheduleLeaseSec: number;
  /** Seconds after the 1st, 2nd, ... soft-declined scheduled charge to retry it; empty = never. */
  scheduleRetryDelaysSec: number[];
  /** fail_reason fragments that mark a soft decline worth retrying. */
  scheduleSoftDeclines: string[];
  outboxEnabled: boolean;
  outboxIntervalMs: number;
  outboxBatch: number;
  outboxConcurrency: number;
  webhookConnectTimeoutMs: number;
  webhookReadTimeoutMs: number;
  webhookRetryBaseSec: number;
  webhookRetryMaxDelaySec: number;
  /** Retries continue this long after the event (at least 24 h by default). */
  webhookRetryForSec: number;
  webhookLeaseSec: number;
  idempotencyTtlSec: number;
  idempotencyLockSec: number;
  /** Pause between purges of expired access tokens (OPENIMP_TOKEN_PURGE_INTERVAL_MS); 0 = never. */
  tokenPurgeIntervalMs: number;
};

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, dflt: number, min = 0): number {
  const v = env[name];
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer >= ${min}, got ${JSON.stringify(v)}`);
  return n;
}

const flag = (env: Env, name: string): boolean => !['0', 'false', 'off', 'no'].includes((env[name] ?? '').toLowerCase());

function list(env: Env, name: string, dflt: string): string[] {
  return (env[name] ?? dflt).split(',').map((s) => s.trim()).filter((s) => s !== '');
}

export function loadRecurringConfig(env: Env): RecurringConfig {
  const retryDelays = list(env, 'OPENIMP_SCHEDULE_RETRY_DELAYS', '86400,259200').map((s) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`OPENIMP_SCHEDULE_RETRY_DELAYS must be positive integers (seconds), got ${JSON.stringify(s)}`);
    return n;
  });
  const connect = int(env, 'OPENIMP_WEBHOOK_CONNECT_TIMEOUT_MS', 10_000, 1);
  const read = int(env, 'OPENIMP_WEBHOOK_READ_TIMEOUT_MS', 30_000, 1);
  return {
    schedulerEnabled: flag(env, 'OPENIMP_SCHEDULER'),
    schedulerIntervalMs: int(env, 'OPENIMP_SCHEDULER_INTERVAL_MS', 1000, 10),
    schedulerBatch: int(env, 'OPENIMP_SCHEDULER_BATCH', 200, 1),
    schedulerConcurrency: int(env, 'OPENIMP_SCHEDULER_CONCURRENCY', 32, 1),
    scheduleLeaseSec: int(env, 'OPENIMP_SCHEDULER_LEASE_SEC', 120, 5),
    scheduleRetryDelaysSec: retryDelays,
    scheduleSoftDeclines: list(env, 'OPENIMP_SCHEDULE_SOFT_DECLINES', '잔액부족,한도초과,PG사 통신장애'),
    outboxEnabled: flag(env, 'OPENIMP_OUTBOX'),
    outboxIntervalMs: int(env, 'OPENIMP_OUTBOX_INTERVAL_MS', 500, 10),
    outboxBatch: int(env, 'OPENIMP_OUTBOX_BATCH', 50, 1),
    outboxConcurrency: int(env, 'OPENIMP_OUTBOX_CONCURRENCY', 16, 1),
    webhookConnectTimeoutMs: connect,
    webhookReadTimeoutMs: read,
    webhookRetryBaseSec: int(env, 'OPENIMP_WEBHOOK_RETRY_BASE_SEC', 30, 1),
    webhookRetryMaxDelaySec: int(env, 'OPENIMP_WEBHOOK_RETRY_MAX_DELAY_SEC', 3600, 1),
    webhookRetryForSec: int(env, 'OPENIMP_WEBHOOK_RETRY_FOR_SEC', 25 * 3600, 0),
    // The lease must outlast one attempt (connect + read) or a second process would send it too.
    webhookLeaseSec: int(env, 'OPENIMP_WEBHOOK_LEASE_SEC', Math.ceil((connect + read) / 1000) + 30, 1),
    idempotencyTtlSec: int(env, 'OPENIMP_IDEMPOTENCY_TTL_SEC', 24 * 3600, 60),
    idempotencyLockSec: int(env, 'OPENIMP_IDEMPOTENCY_LOCK_SEC', 300, 1),
    tokenPurgeIntervalMs: int(env, 'OPENIMP_TOKEN_PURGE_INTERVAL_MS', 600_000, 0),
  };
}
