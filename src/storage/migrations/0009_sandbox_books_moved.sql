-- The fake PGs keep their books in their own database now (PGlite under {data dir}/sandbox, or the
-- PostgreSQL schema OPENIMP_SANDBOX_SCHEMA): the gateway's database no longer holds them.
drop table if exists sandbox_records;
