/**
 * The credentials a channel is saved with: only the ones its PG's module names, sealed one by one, and
 * never saved short of what its mode and purpose need (the same rule for the CLI and the console).
 */
import { credentialValue, type ChannelMode, type ChannelPurpose, type CredentialField, type Credentials } from '../core/channel.ts';
import { missingCredentials } from '../connectors/channel-spec.ts';
import { GatewayError } from '../core/errors.ts';
import type { Provider } from '../core/payment.ts';
import type { Channel, SealedCredentials } from '../storage/merchants.ts';
import type { AppContext } from './context.ts';

/** Credentials as given by an operator: a value sets it; null or absent keeps what is stored. */
export type CredentialInput = Partial<Credentials>;

const bad = (message: string) => new GatewayError('BAD_REQUEST', message);

/** Seals the given credentials; refuses one the PG does not use or a value that cannot be a key. */
export function sealCredentials(ctx: AppContext, provider: Provider, given: CredentialInput): Partial<SealedCredentials> {
  const spec = ctx.pg.channelSpec(provider);
  const out: Partial<SealedCredentials> = {};
  for (const [field, raw] of Object.entries(given) as [CredentialField, string | null | undefined][]) {
    const value = credentialValue(raw);
    if (value === null) continue;
    const known = spec.credentials.find((c) => c.field === field);
    if (!known) throw bad(`${provider} 채널은 ${field} 값을 쓰지 않습니다.`);
    if (value === 'invalid') throw bad(`${known.label.ko} 값이 올바르지 않습니다. (512자 이내, 제어 문자 없이)`);
    out[field] = ctx.box.seal(value);
  }
  return out;
}

/** Refuses a channel that its mode and purpose cannot work without: a clear error naming what is missing. */
export function requireCredentials(ctx: AppContext, c: { provider: Provider; mode: ChannelMode; purpose: ChannelPurpose; sealed: Partial<SealedCredentials> }): void {
  const missing = missingCredentials(ctx.pg.channelSpec(c.provider), c.mode, c.purpose, (f) => Boolean(c.sealed[f]));
  if (missing.length === 0) return;
  throw bad(`${c.provider} ${c.mode} 채널(${c.purpose})에는 ${missing.map((m) => m.label.ko).join(', ')} 값이 필요합니다.`);
}

/**
 * What a channel lacks for an operation of `purpose` (a billing key on a general channel needs what a
 * billing channel does, e.g. Paymentwall's Brick keys): the credential names, empty when it has all.
 * Sandbox channels lack nothing but what their PG needs there too: the fake PG's published test keys
 * stand in for the rest (docs/channels.md).
 */
export function lackingFor(ctx: AppContext, channel: Channel, purpose: ChannelPurpose): string[] {
  return missingCredentials(ctx.pg.channelSpec(channel.provider), channel.mode, purpose, (f) => Boolean(channel.sealed[f])).map((m) => m.label.ko);
}

/** The V1 error of an operation a channel cannot do without credentials it has not been given; nothing is asked of the PG. */
export function requireCredentialsFor(ctx: AppContext, channel: Channel, purpose: ChannelPurpose, what: string): void {
  const lacking = lackingFor(ctx, channel, purpose);
  if (lacking.length === 0) return;
  throw new GatewayError('PG_NOT_CONFIGURED', `(${ctx.pg.channelSpec(channel.provider).name} ${channel.mode} 채널 ${channel.pgId}에 ${lacking.join(', ')} 값이 없어 ${what}에 쓸 수 없습니다. PG 설정에서 입력하세요.)`);
}
