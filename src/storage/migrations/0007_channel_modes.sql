-- Channel modes and the credentials each PG really uses (issue #9 outcome 3).
-- Every channel so far talked to openimp's fake PG, whatever its flag said: it becomes a sandbox channel.
alter table channels add column mode text not null default 'sandbox' check (mode in ('sandbox', 'test', 'live'));
alter table channels drop column sandbox;
-- Sealed like secret_enc (app/secret-box.ts); which ones a channel needs is its PG module's fact.
alter table channels add column api_key_enc text;
alter table channels add column public_key_enc text;
alter table channels add column cp_id_enc text;
alter table channels add column product_id_enc text;
alter table channels add column cancel_password_enc text;
