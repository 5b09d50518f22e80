-- A cancel is written down before its PG is called, so that a crash or a timeout between the PG's
-- answer and the commit leaves a record to settle from the PG's own books (app/settle-cancel-attempt.ts).
create table payment_cancel_attempts (
  -- also the cancellation_id the cancel becomes, and the request id sent to PGs that take one
  attempt_id text primary key,
  imp_uid text not null references payments(imp_uid),
  amount bigint not null check (amount > 0),
  tax_free bigint not null default 0 check (tax_free >= 0),
  reason text,
  requested_by text not null check (requested_by in ('api', 'console')),
  enable_webhook boolean not null default false,
  -- asynchronous PGs (Paymentwall): the refund ticket the PG answered with
  pg_ticket text,
  started_at bigint not null,
  -- no PG call of this attempt can still be running after this (started_at + the PG timeout)
  lease_until bigint not null,
  -- null while open: 'made' (recorded as a cancellation), 'not_made' (hold released)
  outcome text check (outcome in ('made', 'not_made')),
  settled_at bigint not null default 0
);
-- One cancel at a time per payment.
create unique index payment_cancel_attempts_one_open on payment_cancel_attempts (imp_uid) where outcome is null;
create index payment_cancel_attempts_due on payment_cancel_attempts (lease_until) where outcome is null;

-- Holds taken before this table existed (a crash left them): an open attempt each, settled like any other.
insert into payment_cancel_attempts (attempt_id, imp_uid, amount, requested_by, started_at, lease_until)
  select 'cncl_' || substr(md5(imp_uid), 1, 20), imp_uid, pending_cancel_amount, 'api', updated_at, updated_at
  from payments where pending_cancel_amount > 0;
