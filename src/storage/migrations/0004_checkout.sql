-- openimp schema, part 4: browser checkout (IMP.request_pay) sessions.
-- One row per payment-window attempt (its imp_uid): what the window needs to finish the flow the way
-- the SDK asked (PC callback via postMessage to `origin`, or the mobile 302 to m_redirect_url).
-- Times are UNIX seconds (bigint).

create table checkout_sessions (
  imp_uid text primary key references payments(imp_uid),
  merchant_id bigint not null references merchants(id),
  -- unguessable; the status/finish pages of this attempt require it
  token text not null,
  device text not null check (device in ('pc', 'mobile')),
  -- the merchant page's origin, the only target the result is posted to
  origin text,
  request_id text,
  m_redirect_url text,
  confirm_url text,
  -- billing-key window: the customer_uid to store the key under, and whether its amount is charged
  billing_customer_uid text,
  billing_charge boolean not null default false,
  customer_id text,
  -- the amount shown in the window (minor units); for display-only billing windows nothing is charged
  display_amount bigint not null default 0 check (display_amount >= 0),
  -- the rsp error of a finished, unsuccessful attempt (PG code or F####) and its message
  error_code text,
  error_msg text,
  created_at bigint not null
);
create index checkout_sessions_merchant on checkout_sessions (merchant_id, created_at desc);
