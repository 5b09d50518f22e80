-- Attempts whose outcome openimp cannot learn from the PG (no status lookup, an answer lost on the way)
-- are settled by an operator with what the PG's merchant office shows (app/operator-settlement.ts).
-- One row per settled attempt: who, when, what; written in the same transaction as the settlement.
create table operator_settlements (
  -- the charge attempt's imp_uid, or the cancel attempt's id (payment_cancel_attempts.attempt_id)
  attempt_id text primary key,
  kind text not null check (kind in ('charge', 'cancel')),
  imp_uid text not null references payments(imp_uid),
  outcome text not null check (outcome in ('paid', 'failed', 'refunded', 'not_refunded')),
  -- the PG's transaction (paid) or refund (refunded) id the operator read off the merchant office
  pg_tid text,
  settled_by text not null,
  note text,
  settled_at bigint not null
);
create index operator_settlements_imp_uid on operator_settlements (imp_uid);
