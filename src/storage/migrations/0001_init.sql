-- openimp schema, part 1: merchants, keys, channels, payments, prepares, billing keys.
-- Amounts are integer minor units (bigint); times are UNIX seconds (bigint).

create table merchants (
  id bigserial primary key,
  code text not null unique,
  name text not null,
  webhook_url text,
  created_at bigint not null
);

create table api_keys (
  imp_key text primary key,
  merchant_id bigint not null references merchants(id),
  secret_hash text not null,
  label text,
  created_at bigint not null,
  revoked_at bigint
);
create index api_keys_merchant on api_keys (merchant_id);

create table access_tokens (
  token text primary key,
  imp_key text not null references api_keys(imp_key),
  merchant_id bigint not null references merchants(id),
  issued_at bigint not null,
  expired_at bigint not null
);
create index access_tokens_key on access_tokens (imp_key, expired_at desc);

create table channels (
  id bigserial primary key,
  merchant_id bigint not null references merchants(id),
  provider text not null check (provider in ('payco', 'kicc', 'jtnet', 'paymentwall')),
  pg_id text not null,
  purpose text not null check (purpose in ('general', 'billing', 'api')),
  sandbox boolean not null default true,
  is_default boolean not null default false,
  enabled boolean not null default true,
  name text,
  secret_enc text,
  created_at bigint not null,
  unique (merchant_id, provider, pg_id, purpose)
);
create unique index channels_one_default on channels (merchant_id) where is_default and enabled;

create table payments (
  imp_uid text primary key,
  merchant_id bigint not null references merchants(id),
  merchant_uid text not null,
  channel_id bigint references channels(id),
  pay_method text not null,
  channel text not null,
  pg_provider text not null,
  emb_pg_provider text,
  pg_tid text,
  pg_id text,
  sandbox boolean not null,
  escrow boolean not null default false,
  apply_num text,
  bank_code text,
  bank_name text,
  card_code text,
  card_name text,
  card_quota integer not null default 0,
  card_number text,
  card_type integer,
  vbank_code text,
  vbank_name text,
  vbank_num text,
  vbank_holder text,
  vbank_date bigint not null default 0,
  vbank_issued_at bigint not null default 0,
  name text,
  currency text not null,
  amount bigint not null check (amount >= 0),
  cancel_amount bigint not null default 0 check (cancel_amount >= 0 and cancel_amount <= amount),
  -- held by a cancel whose PG call is under way, so two cancels can never exceed the balance
  pending_cancel_amount bigint not null default 0 check (pending_cancel_amount >= 0),
  tax_free bigint not null default 0,
  buyer_name text,
  buyer_email text,
  buyer_tel text,
  buyer_addr text,
  buyer_postcode text,
  custom_data text,
  user_agent text,
  status text not null check (status in ('ready', 'paid', 'failed', 'cancelled')),
  status_at bigint not null,
  started_at bigint not null,
  paid_at bigint not null default 0,
  failed_at bigint not null default 0,
  cancelled_at bigint not null default 0,
  fail_reason text,
  cancel_reason text,
  receipt_url text,
  cash_receipt_issued boolean not null default false,
  customer_uid text,
  customer_uid_usage text,
  notice_urls text,
  in_flight boolean not null default false,
  updated_at bigint not null,
  constraint payments_cancel_within_amount check (cancel_amount + pending_cancel_amount <= amount)
);
-- The order claim: one merchant_uid has at most one paid payment or one PG call in flight.
create unique index payments_one_claim on payments (merchant_id, merchant_uid) where status = 'paid' or in_flight;
create index payments_by_merchant_uid on payments (merchant_id, merchant_uid, started_at desc);
create index payments_by_status on payments (merchant_id, status, status_at desc);
create index payments_by_status_at on payments (merchant_id, status_at desc);
create index payments_by_customer on payments (merchant_id, customer_uid, started_at desc) where customer_uid is not null;
create index payments_in_flight on payments (updated_at) where in_flight;

create table payment_cancellations (
  -- insertion order: several partial cancels can share one second
  seq bigserial unique,
  cancellation_id text primary key,
  imp_uid text not null references payments(imp_uid),
  pg_tid text,
  amount bigint not null check (amount > 0),
  tax_free bigint not null default 0,
  reason text,
  cancelled_at bigint not null,
  receipt_url text
);
create index payment_cancellations_payment on payment_cancellations (imp_uid, seq);

create table payment_prepares (
  merchant_id bigint not null references merchants(id),
  merchant_uid text not null,
  amount bigint not null check (amount >= 0),
  -- null: the currency is not checked; the amount is then kept at `scale` decimal places
  currency text,
  scale integer not null default 0,
  created_at bigint not null,
  updated_at bigint not null,
  primary key (merchant_id, merchant_uid)
);

create table billing_keys (
  merchant_id bigint not null references merchants(id),
  customer_uid text not null,
  channel_id bigint not null references channels(id),
  pg_provider text not null,
  pg_id text not null,
  sandbox boolean not null,
  pg_billing_key_enc text not null,
  customer_id text,
  card_name text,
  card_code text,
  card_number text,
  card_type integer,
  customer_name text,
  customer_tel text,
  customer_email text,
  customer_addr text,
  customer_postcode text,
  inserted bigint not null,
  updated bigint not null,
  primary key (merchant_id, customer_uid)
);

-- PG-side state of the sandbox simulators (their billing keys and transactions).
create table sandbox_records (
  pg text not null,
  key text not null,
  value text not null,
  primary key (pg, key)
);
