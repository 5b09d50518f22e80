\set c random(1, 1000)
BEGIN;
SELECT merchant_id, customer_uid, pg_provider, pg_id, card_name, card_number, sealed_key FROM bench_ref_billing_keys WHERE merchant_id = 1 AND customer_uid = 'cust-' || :c;
INSERT INTO bench_ref_payments (imp_uid, merchant_id, merchant_uid, customer_uid, pg_provider, pg_tid, name, amount, currency, status, card_name, card_number, paid_at, created_at, updated_at) VALUES ('imp_' || md5(random()::text), 1, 'ref-' || md5(random()::text), 'cust-' || :c, 'jtnet', md5(random()::text), 'bench', 1000, 'KRW', 'paid', '신한카드', '936600******0009', 1765000000, 1765000000, 1765000000);
INSERT INTO bench_ref_outbox (merchant_id, payment_id, event, payload, status, next_at, enqueued_at) VALUES (1, currval('bench_ref_payments_id_seq'), 'paid', jsonb_build_object('imp_uid', 'imp_x', 'merchant_uid', 'ref', 'status', 'paid'), 'pending', 1765000000, 1765000000);
COMMIT;
