/**
 * What the merchant console changes besides payments: channels with each PG's rules checked,
 * the webhook URL, and the billing-key list. Thin wrappers over merchant-admin and storage.
 */
import type { Label } from '../connectors/channel-spec.ts';
import type { ChannelMode } from '../core/channel.ts';
import { GatewayError } from '../core/errors.ts';
import type { Provider } from '../core/payment.ts';
import { listBillingKeys } from '../storage/billing-keys.ts';
import { isUniqueViolation } from '../storage/db.ts';
import { findChannel, findMerchantById, updateMerchantWebhook, type Channel, type ChannelPurpose, type Merchant } from '../storage/merchants.ts';
import type { BillingKey } from './billing-keys.ts';
import type { CredentialInput } from './channel-credentials.ts';
import type { AppContext } from './context.ts';
import { addChannel, editChannel } from './merchant-admin.ts';
import { checkTargetUrl } from './outbound-targets.ts';

export type { Channel, ChannelPurpose, Merchant };
export { channelsOf } from './merchant-admin.ts';

export async function merchantProfile(ctx: AppContext, merchantId: number): Promise<Merchant> {
  const m = await findMerchantById(ctx.db, merchantId);
  if (!m) throw new GatewayError('BAD_REQUEST', '가맹점을 찾을 수 없습니다.');
  return m;
}

/** Purposes a PG's channel may serve, from its capability table (reference §6). */
export function channelPurposesOf(ctx: AppContext, provider: Provider): ChannelPurpose[] {
  const caps = ctx.pg.capabilities(provider);
  return ['general', ...(caps.windowBilling ? ['billing' as const] : []), ...(caps.apiKeyIn ? ['api' as const] : [])];
}

/** The credentials a PG's channel holds, with its labels: what the console's channel form shows. */
export const channelCredentialsOf = (ctx: AppContext, provider: Provider) => ctx.pg.channelSpec(provider).credentials;

/** The PG's name as the console shows it (its module's channel spec). */
export const pgNameOf = (ctx: AppContext, provider: Provider): string => ctx.pg.channelSpec(provider).name;

/** What the PG calls a channel's `pg_id` for each purpose it serves, without repeats (its module's channel spec). */
export function channelIdLabelsOf(ctx: AppContext, provider: Provider): Label[] {
  const { idLabels } = ctx.pg.channelSpec(provider);
  return [...new Set(channelPurposesOf(ctx, provider).map((p) => idLabels[p] ?? idLabels.general))];
}

export type ChannelForm = {
  provider: Provider; pgId: string; purpose: ChannelPurpose; mode: ChannelMode; isDefault: boolean; enabled: boolean; name: string | null;
  /** Blank ones keep what is stored. */
  credentials: CredentialInput;
};

function check(ctx: AppContext, f: Pick<ChannelForm, 'provider' | 'purpose' | 'pgId' | 'name'>): void {
  if (!channelPurposesOf(ctx, f.provider).includes(f.purpose)) throw new GatewayError('PG_FEATURE_UNSUPPORTED', `(${f.provider}: ${f.purpose})`);
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(f.pgId.trim())) throw new GatewayError('BAD_REQUEST', 'PG 상점아이디(MID)는 영문, 숫자, -, _ 로 64자 이내여야 합니다.');
  if (f.name !== null && f.name.length > 100) throw new GatewayError('BAD_REQUEST', '채널 이름은 100자 이내여야 합니다.');
}

const duplicate = (e: unknown) => isUniqueViolation(e)
  ? new GatewayError('BAD_REQUEST', '같은 PG, 상점아이디, 용도의 채널이 이미 있거나 기본 채널이 이미 지정되어 있습니다.')
  : e;

export async function addChannelChecked(ctx: AppContext, merchantId: number, f: ChannelForm): Promise<Channel> {
  check(ctx, f);
  try {
    const c = await addChannel(ctx, merchantId, { provider: f.provider, pgId: f.pgId, purpose: f.purpose, mode: f.mode, isDefault: f.isDefault, name: f.name, credentials: f.credentials });
    return f.enabled ? c : ((await editChannel(ctx, merchantId, c.id, { enabled: false })) ?? c);
  } catch (e) {
    throw duplicate(e);
  }
}

/** Edits a channel; blank credentials keep the stored ones. The provider never changes. */
export async function editChannelChecked(ctx: AppContext, merchantId: number, id: number, f: Omit<ChannelForm, 'provider'>): Promise<Channel> {
  const current = await getChannel(ctx, merchantId, id);
  check(ctx, { ...f, provider: current.provider });
  try {
    const c = await editChannel(ctx, merchantId, id, {
      pgId: f.pgId.trim(), purpose: f.purpose, mode: f.mode, isDefault: f.isDefault, enabled: f.enabled, name: f.name, credentials: f.credentials,
    });
    if (!c) throw new GatewayError('BAD_REQUEST', '채널을 찾을 수 없습니다.');
    return c;
  } catch (e) {
    throw duplicate(e);
  }
}

export async function getChannel(ctx: AppContext, merchantId: number, id: number): Promise<Channel> {
  const c = Number.isSafeInteger(id) ? await findChannel(ctx.db, merchantId, id) : null;
  if (!c) throw new GatewayError('BAD_REQUEST', '채널을 찾을 수 없습니다.');
  return c;
}

export async function setChannelEnabled(ctx: AppContext, merchantId: number, id: number, enabled: boolean): Promise<Channel> {
  await getChannel(ctx, merchantId, id);
  try {
    return (await editChannel(ctx, merchantId, id, { enabled }))!;
  } catch (e) {
    throw duplicate(e);
  }
}

export async function makeDefaultChannel(ctx: AppContext, merchantId: number, id: number): Promise<Channel> {
  const c = await getChannel(ctx, merchantId, id);
  if (!c.enabled) throw new GatewayError('BAD_REQUEST', '사용 중지된 채널은 기본 채널이 될 수 없습니다.');
  return (await editChannel(ctx, merchantId, id, { isDefault: true }))!;
}

/** The URL V1 webhooks go to (null: none). Only http(s) URLs without credentials, to addresses the outbound policy allows. */
export async function setWebhookUrl(ctx: AppContext, merchantId: number, url: string | null): Promise<void> {
  const text = url?.trim() || null;
  if (text !== null) await checkTargetUrl(ctx.outbound, 'Notification URL', text);
  await updateMerchantWebhook(ctx.db, merchantId, text);
}

/** Billing keys, most recently updated first. The sealed PG key is dropped: only the masked card leaves. */
export async function listBillingKeysPage(ctx: AppContext, merchantId: number, page: number, limit: number): Promise<{ total: number; list: Omit<BillingKey, 'pgBillingKeyEnc'>[] }> {
  const p = Math.max(1, Math.trunc(page) || 1);
  const r = await listBillingKeys(ctx.db, merchantId, p, limit);
  return { total: r.total, list: r.list.map(({ pgBillingKeyEnc: _, ...rest }) => rest) };
}
