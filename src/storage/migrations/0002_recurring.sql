-- openimp schema, part 2: scheduled payments, the webhook outbox, idempotency keys, sandbox test
-- clocks, escrow delivery info and Paymentwall delivery notices.
-- Amounts are integer minor units (bigint); times are UNIX seconds (bigint).

-- One row per V1 schedule (reference §3.5). The lease columns let several processes share the work:
-- a claim sets lease_until, and only rows without a live lease can be claimed (FOR UPDATE SKIP LOCKED).
create table schedules (
  id bigserial primary key,
  merchant_id bigint not null references merchants(id),
  merchant_uid text not null,
  customer_uid text not null,
  customer_id text,
  pg_provider text not null,
  pg_id text not null,
  schedule_at bigint not null,
  currency text not null,
  amount bigint not null check (amount > 0),
  tax_free bigint not null default 0 check (tax_free >= 0 and tax_free <= amount),
  name text,
  buyer_name text,
  buyer_email text,
  buyer_tel text,
  buyer_addr text,
  buyer_postcode text,
  custom_data text,
  notice_urls text,
  card_quota integer not null default 0,
  browser_ip text,
  promotion_id text,
  status text not null check (status in ('scheduled', 'executed', 'revoked')),
  imp_uid text,
  fail_reason text,
  executed_at bigint not null default 0,
  revoked_at bigint not null default 0,
  -- charges made for this schedule (the first run and automatic retries of soft declines)
  attempts integer not null default 0,
  next_retry_at bigint,
  lease_owner text,
  lease_until bigint,
  created_at bigint not null,
  updated_at bigint not null,
  -- a merchant_uid is scheduled at most once (its payments are guarded by payments_one_claim)
  constraint schedules_one_per_order unique (merchant_id, merchant_uid)
);
create index schedules_due on schedules (schedule_at, id) where status = 'scheduled';
create index schedules_retry_due on schedules (next_retry_at, id) where next_retry_at is not null;
create index schedules_by_customer on schedules (merchant_id, customer_uid, schedule_at desc);
create index schedules_by_time on schedules (merchant_id, schedule_at desc);

-- Standard Webhooks signing secret per merchant (`whsec_...`), sealed with the gateway key.
create table webhook_secrets (
  merchant_id bigint primary key references merchants(id),
  secret_enc text not null,
  created_at bigint not null
);

-- The outbox: one row per (announcement, target URL), written in the transaction of the state change.
create table webhook_deliveries (
  id bigserial primary key,
  merchant_id bigint not null references merchants(id),
  imp_uid text not null,
  event_kind text not null,
  url text not null,
  body text not null,
  state text not null check (state in ('pending', 'delivered', 'failed')),
  attempts integer not null default 0,
  next_attempt_at bigint not null,
  -- retries stop (state 'failed') once an attempt would start after this time
  retry_until bigint not null,
  lease_owner text,
  lease_until bigint,
  created_at bigint not null,
  -- wall-clock time of the insert, for measuring delivery delay (bench); never used for logic
  enqueued_at timestamptz not null default clock_timestamp(),
  delivered_at bigint
);
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at, id) where state = 'pending';
-- per payment and URL, events go out in order: an earlier pending row blocks the later ones
create index webhook_deliveries_order on webhook_deliveries (imp_uid, url, id) where state = 'pending';
create index webhook_deliveries_by_payment on webhook_deliveries (merchant_id, imp_uid, id);

-- The delivery log: one row per HTTP attempt.
create table webhook_attempts (
  id bigserial primary key,
  delivery_id bigint not null references webhook_deliveries(id),
  attempted_at bigint not null,
  duration_ms integer not null,
  http_status integer,
  error text,
  response_excerpt text
);
create index webhook_attempts_by_delivery on webhook_attempts (delivery_id, id);

-- Idempotency-Key records, per merchant (IETF draft-ietf-httpapi-idempotency-key-header).
create table idempotency_keys (
  merchant_id bigint not null references merchants(id),
  key text not null,
  request_hash text not null,
  state text not null check (state in ('in_flight', 'done')),
  status_code integer,
  body text,
  -- an in-flight record whose process died is taken over after this time
  locked_until bigint not null,
  created_at bigint not null,
  expires_at bigint not null,
  primary key (merchant_id, key)
);
create index idempotency_keys_expiry on idempotency_keys (expires_at);

-- Sandbox test clocks: how far a sandbox merchant has moved its schedules' time forward.
create table sandbox_clocks (
  merchant_id bigint primary key references merchants(id),
  offset_sec bigint not null default 0 check (offset_sec >= 0),
  updated_at bigint not null
);

-- Escrow delivery registration (reference §3.7).
create table escrow_logis (
  imp_uid text primary key references payments(imp_uid),
  merchant_id bigint not null references merchants(id),
  company text not null,
  invoice text not null,
  sent_at bigint not null,
  receiving_at text,
  address text,
  sender text,
  receiver text,
  products text,
  applied_at bigint not null,
  updated_at bigint not null
);

-- Paymentwall delivery notices (reference §6.4), kept as sent.
create table paymentwall_deliveries (
  id bigserial primary key,
  merchant_id bigint not null references merchants(id),
  imp_uid text not null references payments(imp_uid),
  type text not null,
  status text not null,
  body text not null,
  created_at bigint not null
);
create index paymentwall_deliveries_by_payment on paymentwall_deliveries (imp_uid, id);
