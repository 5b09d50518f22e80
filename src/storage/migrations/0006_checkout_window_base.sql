-- openimp schema, part 6: the gateway address the SDK opened the window at (its base URL, e.g.
-- http://127.0.0.1:4000), when it is not OPENIMP_PUBLIC_URL. PG windows always return to the public
-- URL; the gateway then sends the window on to the finish page at this address, so the result comes
-- from the very origin the SDK posted to (the only one it trusts). Null when it is the public URL.

alter table checkout_sessions add column window_base text;
