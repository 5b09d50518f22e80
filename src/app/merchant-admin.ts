/** Merchant set-up used by the CLI, the demo bootstrap and the console: merchants, key pairs, channels. */
import { noCredentials, type ChannelMode } from '../core/channel.ts';
import { GatewayError } from '../core/errors.ts';
import { newImpKey, newImpSecret, newMerchantCode } from '../core/ids.ts';
import { providers, type Provider } from '../core/payment.ts';
import { isUniqueViolation } from '../storage/db.ts';
import {
  findChannel, findMerchantByCode, insertApiKey, listMerchants, insertChannel, insertMerchant, listApiKeys, listChannels, revokeApiKey, updateChannel,
  type Channel, type ChannelPurpose, type Merchant,
} from '../storage/merchants.ts';
import { requireCredentials, sealCredentials, type CredentialInput } from './channel-credentials.ts';
import type { AppContext } from './context.ts';
import { registerSandboxChannel } from './sandbox-merchants.ts';
import { ensureConsoleUser } from './console-users.ts';
import { hashSecret } from './password-hash.ts';

export async function createMerchant(ctx: AppContext, input: { name: string; code?: string | null }): Promise<Merchant> {
  for (let i = 0; i < 5; i++) {
    const code = input.code ?? newMerchantCode(ctx.random);
    try {
      return await insertMerchant(ctx.db, { code, name: input.name, webhookUrl: null, createdAt: ctx.now() });
    } catch (e) {
      if (!isUniqueViolation(e) || input.code) throw e;
    }
  }
  throw new Error('could not allocate a merchant code');
}

export const findMerchant = (ctx: AppContext, code: string) => findMerchantByCode(ctx.db, code);
export const listMerchantsOf = (ctx: AppContext) => listMerchants(ctx.db);

export type NewKeyPair = { imp_key: string; imp_secret: string };

/** Creates a key pair; the secret is returned this once and stored only as a hash. */
export async function createApiKey(ctx: AppContext, merchantId: number, opts: { impKey?: string | null; impSecret?: string | null; label?: string | null } = {}): Promise<NewKeyPair> {
  const impKey = opts.impKey ?? newImpKey(ctx.random);
  const impSecret = opts.impSecret ?? newImpSecret(ctx.random);
  await insertApiKey(ctx.db, { impKey, merchantId, secretHash: await hashSecret(impSecret), label: opts.label ?? null, createdAt: ctx.now() });
  return { imp_key: impKey, imp_secret: impSecret };
}

export const listKeys = (ctx: AppContext, merchantId: number) => listApiKeys(ctx.db, merchantId);
/** Other processes hear of the revocation through NOTIFY; this one forgets the key's tokens before returning. */
export async function revokeKey(ctx: AppContext, merchantId: number, impKey: string): Promise<boolean> {
  const revoked = await ctx.db.tx((q) => revokeApiKey(q, merchantId, impKey, ctx.now()));
  if (revoked) ctx.tokens.evictKey(impKey);
  return revoked;
}

/** `mode` defaults to sandbox; `credentials` are the ones the PG's module names (channel-credentials.ts). */
export type ChannelInput = { provider: Provider; pgId: string; purpose: ChannelPurpose; mode?: ChannelMode; isDefault?: boolean; name?: string | null; credentials?: CredentialInput };

export async function addChannel(ctx: AppContext, merchantId: number, input: ChannelInput): Promise<Channel> {
  if (input.pgId.trim() === '' || input.pgId.includes('.')) throw new GatewayError('BAD_REQUEST', 'PG 상점아이디(MID)는 비어 있거나 "."를 포함할 수 없습니다.');
  const mode = input.mode ?? 'sandbox';
  const sealed = { ...noCredentials(), ...sealCredentials(ctx, input.provider, input.credentials ?? {}) };
  requireCredentials(ctx, { provider: input.provider, mode, purpose: input.purpose, sealed });
  const channel = await ctx.db.tx((q) => insertChannel(q, {
    merchantId, provider: input.provider, pgId: input.pgId.trim(), purpose: input.purpose, mode,
    isDefault: input.isDefault ?? false, enabled: true, name: input.name ?? null, sealed, createdAt: ctx.now(),
  }));
  await registerSandboxChannel(ctx, channel);
  return channel;
}

export const channelsOf = (ctx: AppContext, merchantId: number) => listChannels(ctx.db, merchantId);

export type ChannelEdit = Partial<Omit<ChannelInput, 'provider'>> & { enabled?: boolean };

/** Edits a channel; a credential given replaces the stored one, one not given stays. Null: no such channel. */
export async function editChannel(ctx: AppContext, merchantId: number, id: number, patch: ChannelEdit): Promise<Channel | null> {
  const channel = await ctx.db.tx(async (q) => {
    const current = await findChannel(q, merchantId, id);
    if (!current) return null;
    const sealed = sealCredentials(ctx, current.provider, patch.credentials ?? {});
    // Enabling, disabling or renaming a channel is never blocked by credentials it lacked before.
    if (patch.mode !== undefined || patch.purpose !== undefined || Object.keys(sealed).length > 0) {
      requireCredentials(ctx, { provider: current.provider, mode: patch.mode ?? current.mode, purpose: patch.purpose ?? current.purpose, sealed: { ...current.sealed, ...sealed } });
    }
    return updateChannel(q, merchantId, id, {
      pgId: patch.pgId, purpose: patch.purpose, mode: patch.mode, isDefault: patch.isDefault, enabled: patch.enabled, name: patch.name, sealed,
    });
  });
  if (channel) await registerSandboxChannel(ctx, channel);
  return channel;
}

/** The `pg` string a merchant passes to IMP.request_pay for a channel. */
export const pgStringOf = (c: Pick<Channel, 'provider' | 'pgId'>): string => `${c.provider}.${c.pgId}`;

/** Sandbox channels of the demo merchant: every PG's own (its channel spec's `demo`), the default one's PG first. */
function demoChannels(ctx: AppContext): ChannelInput[] {
  const all = providers.flatMap((provider) => ctx.pg.channelSpec(provider).demo.map((c) => ({ provider, ...c })));
  return [...all.filter((c) => c.isDefault), ...all.filter((c) => !c.isDefault)];
}

/** `consoleUser`: the demo console sign-in, with its password only when it was just created. */
export type DemoMerchant = { merchant: Merchant; created: boolean; keys: NewKeyPair | null; consoleUser: { email: string; password: string } | null };

export const DEMO_CONSOLE_EMAIL = 'demo@openimp.local';

/** Creates the demo merchant on first start; fixed codes and keys may come from config. */
export async function ensureDemoMerchant(ctx: AppContext, demo: { merchantCode: string | null; impKey: string | null; impSecret: string | null; consolePassword?: string | null }): Promise<DemoMerchant> {
  const existing = await ctx.db.query<{ code: string }>('select code from merchants order by id limit 1');
  if (existing[0]) {
    const merchant = (await findMerchantByCode(ctx.db, demo.merchantCode ?? existing[0].code)) ?? (await findMerchantByCode(ctx.db, existing[0].code))!;
    // Installations from before the console get their demo console user on the next start.
    const consoleUser = await ensureConsoleUser(ctx, merchant.id, DEMO_CONSOLE_EMAIL, demo.consolePassword ?? null);
    return { merchant, created: false, keys: null, consoleUser };
  }
  const merchant = await createMerchant(ctx, { name: 'openimp demo shop', code: demo.merchantCode });
  const keys = await createApiKey(ctx, merchant.id, { impKey: demo.impKey, impSecret: demo.impSecret, label: 'demo' });
  for (const c of demoChannels(ctx)) await addChannel(ctx, merchant.id, c);
  const consoleUser = await ensureConsoleUser(ctx, merchant.id, DEMO_CONSOLE_EMAIL, demo.consolePassword ?? null);
  return { merchant, created: true, keys, consoleUser };
}
