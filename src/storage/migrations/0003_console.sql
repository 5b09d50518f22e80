-- openimp schema, console: merchant console users and sessions, and the indexes its payment search needs.

create table console_users (
  id bigserial primary key,
  merchant_id bigint not null references merchants(id),
  email text not null,
  -- scrypt (app/password-hash.ts); the password itself is never stored
  password_hash text not null,
  created_at bigint not null,
  last_login_at bigint
);
create unique index console_users_email on console_users (lower(email));
create index console_users_merchant on console_users (merchant_id);

-- The cookie carries a random id; only its SHA-256 is stored, so a database dump opens no session.
create table console_sessions (
  id_hash text primary key,
  user_id bigint not null references console_users(id) on delete cascade,
  merchant_id bigint not null references merchants(id),
  csrf_token text not null,
  created_at bigint not null,
  expires_at bigint not null
);
create index console_sessions_user on console_sessions (user_id);
create index console_sessions_expiry on console_sessions (expires_at);

-- Keyset paging of the console's payment search: newest first, (started_at, imp_uid) as the cursor,
-- one index per filter that can be the selective one so a page never scans the whole table.
create index payments_console_recent on payments (merchant_id, started_at desc, imp_uid desc);
create index payments_console_status on payments (merchant_id, status, started_at desc, imp_uid desc);
create index payments_console_pg on payments (merchant_id, pg_provider, started_at desc, imp_uid desc);
create index payments_console_method on payments (merchant_id, pay_method, started_at desc, imp_uid desc);
create index payments_console_buyer_name on payments (merchant_id, buyer_name) where buyer_name is not null;
create index payments_console_buyer_email on payments (merchant_id, lower(buyer_email)) where buyer_email is not null;
create index payments_console_buyer_tel on payments (merchant_id, buyer_tel) where buyer_tel is not null;
