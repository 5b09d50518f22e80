-- Access tokens are kept as the SHA-256 of the token (a copied table holds no usable token), plus the
-- token sealed with the secret box so getToken can hand back the same token while it is valid
-- (reference §1.2). Tokens issued before this migration keep working until they expire; getToken
-- issues a new one for them, since they have nothing sealed to hand back.
alter table access_tokens add column token_sealed text;
update access_tokens set token = encode(sha256(convert_to(token, 'UTF8')), 'hex');
alter table access_tokens rename column token to token_hash;
