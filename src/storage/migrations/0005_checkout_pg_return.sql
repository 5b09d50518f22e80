-- openimp schema, part 5: what the PG window sent the browser back with, kept with its checkout session.
-- The gateway confirms a window server-to-server with these parameters (`window.complete`); when that
-- call's outcome is unknown (PG timeout), the background re-check asks the PG again with the same ones.
-- JSON object of strings; null until the browser came back.

alter table checkout_sessions add column pg_return text;
