/** Merchants, their API key pairs and their PG channels. */
import type { ChannelMode, ChannelPurpose, CredentialField } from '../core/channel.ts';
import type { Provider } from '../core/payment.ts';
import type { Queryable } from './db.ts';
import { announceTokensRevoked } from './tokens.ts';

export type Merchant = { id: number; code: string; name: string; webhookUrl: string | null; createdAt: number };
export type ApiKey = { impKey: string; merchantId: number; secretHash: string; label: string | null; createdAt: number; revokedAt: number | null };
export type { ChannelPurpose };
/** Each credential sealed (app/secret-box.ts), null when not set. */
export type SealedCredentials = Record<CredentialField, string | null>;
export type Channel = {
  id: number;
  merchantId: number;
  provider: Provider;
  pgId: string;
  purpose: ChannelPurpose;
  mode: ChannelMode;
  /** `mode === 'sandbox'`: what payments and billing keys made on the channel report as `sandbox`. */
  sandbox: boolean;
  isDefault: boolean;
  enabled: boolean;
  name: string | null;
  sealed: SealedCredentials;
  createdAt: number;
};
export type ChannelRow = Omit<Channel, 'id' | 'sandbox'>;

const sealedColumns: Record<CredentialField, string> = {
  secret: 'secret_enc', apiKey: 'api_key_enc', publicKey: 'public_key_enc', cpId: 'cp_id_enc', productId: 'product_id_enc', cancelPassword: 'cancel_password_enc',
};
const sealedEntries = Object.entries(sealedColumns) as [CredentialField, string][];

const toMerchant = (r: Record<string, unknown>): Merchant => ({
  id: r.id as number, code: r.code as string, name: r.name as string,
  webhookUrl: (r.webhook_url as string | null) ?? null, createdAt: r.created_at as number,
});

export const toChannel = (r: Record<string, unknown>): Channel => ({
  id: r.id as number, merchantId: r.merchant_id as number, provider: r.provider as Provider, pgId: r.pg_id as string,
  purpose: r.purpose as ChannelPurpose, mode: r.mode as ChannelMode, sandbox: r.mode === 'sandbox', isDefault: r.is_default as boolean,
  enabled: r.enabled as boolean, name: (r.name as string | null) ?? null,
  sealed: Object.fromEntries(sealedEntries.map(([f, col]) => [f, (r[col] as string | null) ?? null])) as SealedCredentials,
  createdAt: r.created_at as number,
});

export async function insertMerchant(q: Queryable, m: Omit<Merchant, 'id'>): Promise<Merchant> {
  const [r] = await q.query('insert into merchants (code, name, webhook_url, created_at) values ($1,$2,$3,$4) returning *', [m.code, m.name, m.webhookUrl, m.createdAt]);
  return toMerchant(r!);
}

export async function findMerchantByCode(q: Queryable, code: string): Promise<Merchant | null> {
  const [r] = await q.query('select * from merchants where code = $1', [code]);
  return r ? toMerchant(r) : null;
}

export async function findMerchantById(q: Queryable, id: number): Promise<Merchant | null> {
  const [r] = await q.query('select * from merchants where id = $1', [id]);
  return r ? toMerchant(r) : null;
}

export async function listMerchants(q: Queryable): Promise<Merchant[]> {
  return (await q.query('select * from merchants order by id')).map(toMerchant);
}

export async function updateMerchantWebhook(q: Queryable, id: number, url: string | null): Promise<void> {
  await q.query('update merchants set webhook_url = $2 where id = $1', [id, url]);
}

export async function insertApiKey(q: Queryable, k: Omit<ApiKey, 'revokedAt'>): Promise<void> {
  await q.query('insert into api_keys (imp_key, merchant_id, secret_hash, label, created_at) values ($1,$2,$3,$4,$5)', [k.impKey, k.merchantId, k.secretHash, k.label, k.createdAt]);
}

export async function findApiKey(q: Queryable, impKey: string): Promise<ApiKey | null> {
  const [r] = await q.query('select * from api_keys where imp_key = $1', [impKey]);
  if (!r) return null;
  return { impKey: r.imp_key as string, merchantId: r.merchant_id as number, secretHash: r.secret_hash as string, label: (r.label as string | null) ?? null, createdAt: r.created_at as number, revokedAt: (r.revoked_at as number | null) ?? null };
}

export async function listApiKeys(q: Queryable, merchantId: number): Promise<Omit<ApiKey, 'secretHash'>[]> {
  const rows = await q.query('select imp_key, merchant_id, label, created_at, revoked_at from api_keys where merchant_id = $1 order by created_at', [merchantId]);
  return rows.map((r) => ({ impKey: r.imp_key as string, merchantId: r.merchant_id as number, label: (r.label as string | null) ?? null, createdAt: r.created_at as number, revokedAt: (r.revoked_at as number | null) ?? null }));
}

/** Revokes a key and deletes its tokens; run it in a transaction, so the announcement goes out on commit. */
export async function revokeApiKey(q: Queryable, merchantId: number, impKey: string, at: number): Promise<boolean> {
  const rows = await q.query('update api_keys set revoked_at = $3 where merchant_id = $1 and imp_key = $2 and revoked_at is null returning imp_key', [merchantId, impKey, at]);
  if (rows.length === 0) return false;
  await q.query('delete from access_tokens where imp_key = $1', [impKey]);
  await announceTokensRevoked(q, impKey);
  return true;
}

export async function insertChannel(q: Queryable, c: ChannelRow): Promise<Channel> {
  if (c.isDefault) await q.query('update channels set is_default = false where merchant_id = $1', [c.merchantId]);
  const [r] = await q.query(
    `insert into channels (merchant_id, provider, pg_id, purpose, mode, is_default, enabled, name, created_at, ${sealedEntries.map(([, col]) => col).join(', ')})
     values ($1,$2,$3,$4,$5,$6,$7,$8,$9,${sealedEntries.map((_, i) => `$${10 + i}`).join(',')}) returning *`,
    [c.merchantId, c.provider, c.pgId, c.purpose, c.mode, c.isDefault, c.enabled, c.name, c.createdAt, ...sealedEntries.map(([f]) => c.sealed[f])],
  );
  return toChannel(r!);
}

export async function listChannels(q: Queryable, merchantId: number, opts: { enabledOnly?: boolean } = {}): Promise<Channel[]> {
  const rows = await q.query(`select * from channels where merchant_id = $1 ${opts.enabledOnly ? 'and enabled' : ''} order by id`, [merchantId]);
  return rows.map(toChannel);
}

export async function findChannel(q: Queryable, merchantId: number, id: number): Promise<Channel | null> {
  const [r] = await q.query('select * from channels where merchant_id = $1 and id = $2', [merchantId, id]);
  return r ? toChannel(r) : null;
}

export type ChannelPatch = Partial<Pick<Channel, 'pgId' | 'purpose' | 'mode' | 'isDefault' | 'enabled' | 'name'>> & { sealed?: Partial<SealedCredentials> };

export async function updateChannel(q: Queryable, merchantId: number, id: number, patch: ChannelPatch): Promise<Channel | null> {
  if (patch.isDefault) await q.query('update channels set is_default = false where merchant_id = $1 and id <> $2', [merchantId, id]);
  const cols: Record<string, unknown> = {
    pg_id: patch.pgId, purpose: patch.purpose, mode: patch.mode, is_default: patch.isDefault, enabled: patch.enabled, name: patch.name,
    ...Object.fromEntries(sealedEntries.map(([f, col]) => [col, patch.sealed?.[f]])),
  };
  const sets: string[] = [];
  const params: unknown[] = [merchantId, id];
  for (const [k, v] of Object.entries(cols)) {
    if (v === undefined) continue;
    params.push(v);
    sets.push(`${k} = $${params.length}`);
  }
  if (sets.length === 0) return findChannel(q, merchantId, id);
  const [r] = await q.query(`update channels set ${sets.join(', ')} where merchant_id = $1 and id = $2 returning *`, params);
  return r ? toChannel(r) : null;
}
