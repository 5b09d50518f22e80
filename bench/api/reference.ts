/**
 * The fixed reference payment transaction (issue 15): one SELECT of a billing key, one INSERT of a
 * payment, one INSERT of an outbox row, one COMMIT; pgbench, 32 clients, 2 threads, 10 s, default
 * (simple) protocol, on scratch tables of its own in the benchmark's database. Unlike the ceiling made
 * of openimp's captured statements (ceilings.ts, kept as a diagnostic), it does not move when openimp's
 * statements change: it is the yardstick `again` is divided by. Do not edit the tables or the script
 * without saying so beside every figure taken with them.
 */
import { writeFileSync } from 'node:fs';
import { pgbench, psql, type Ceiling } from './ceilings.ts';

export const REFERENCE = { clients: 32, threads: 2, seconds: 10, keys: 1000 } as const;

const SETUP = `
drop table if exists bench_ref_outbox, bench_ref_payments, bench_ref_billing_keys;
create table bench_ref_billing_keys (
  merchant_id integer not null, customer_uid text not null, pg_provider text not null, pg_id text not null,
  card_name text, card_number text, sealed_key text not null, created_at bigint not null,
  primary key (merchant_id, customer_uid));
create table bench_ref_payments (
  id bigserial primary key, imp_uid text not null unique, merchant_id integer not null, merchant_uid text not null,
  customer_uid text, pg_provider text not null, pg_tid text, name text, amount bigint not null, currency text not null,
  status text not null, card_name text, card_number text, paid_at bigint, created_at bigint not null, updated_at bigint not null);
create unique index bench_ref_payments_order on bench_ref_payments (merchant_id, merchant_uid);
create table bench_ref_outbox (
  id bigserial primary key, merchant_id integer not null, payment_id bigint not null, event text not null, payload jsonb not null,
  status text not null, attempts integer not null default 0, next_at bigint not null, enqueued_at bigint not null);
create index bench_ref_outbox_due on bench_ref_outbox (status, next_at);
insert into bench_ref_billing_keys
  select 1, 'cust-' || i, 'jtnet', 'tpaytest1m', '신한카드', '936600******0009', md5(i::text) || md5((i + 1)::text), 1765000000
  from generate_series(1, ${REFERENCE.keys}) i;
analyze bench_ref_billing_keys;
`;

const SCRIPT = `\\set c random(1, ${REFERENCE.keys})
BEGIN;
SELECT merchant_id, customer_uid, pg_provider, pg_id, card_name, card_number, sealed_key FROM bench_ref_billing_keys WHERE merchant_id = 1 AND customer_uid = 'cust-' || :c;
INSERT INTO bench_ref_payments (imp_uid, merchant_id, merchant_uid, customer_uid, pg_provider, pg_tid, name, amount, currency, status, card_name, card_number, paid_at, created_at, updated_at) VALUES ('imp_' || md5(random()::text), 1, 'ref-' || md5(random()::text), 'cust-' || :c, 'jtnet', md5(random()::text), 'bench', 1000, 'KRW', 'paid', '신한카드', '936600******0009', 1765000000, 1765000000, 1765000000);
INSERT INTO bench_ref_outbox (merchant_id, payment_id, event, payload, status, next_at, enqueued_at) VALUES (1, currval('bench_ref_payments_id_seq'), 'paid', jsonb_build_object('imp_uid', 'imp_x', 'merchant_uid', 'ref', 'status', 'paid'), 'pending', 1765000000, 1765000000);
COMMIT;
`;

/** Creates the scratch tables, runs the reference once for its figure, and drops them again. */
export async function referenceTps(db: string, scriptPath: string): Promise<Ceiling> {
  await psql(db, SETUP);
  try {
    writeFileSync(scriptPath, SCRIPT);
    return await pgbench(db, ['-n', '-f', scriptPath, '-c', String(REFERENCE.clients), '-j', String(REFERENCE.threads), '-T', String(REFERENCE.seconds)], REFERENCE.clients, 'simple');
  } finally {
    await psql(db, 'drop table if exists bench_ref_outbox, bench_ref_payments, bench_ref_billing_keys');
  }
}
