-- What a PG needs back in later calls about a payment and does not let openimp look up on its own
-- (PAYCO's reserveOrderNo and orderCertifyKey, required by getDetailForVerify and cancel), sealed
-- like billing keys and never shown through the API.
alter table payments add column if not exists pg_ref_enc text;
