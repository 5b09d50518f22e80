/**
 * Resolves the V1 `pg` parameter to one of the merchant's channels, as the seeds say:
 * omitted -> the default (or only) channel; `payco`; `kicc.{MID}`; `jtnet.{MID}`;
 * `paymentwall.{project_key}`; anything else -> PG_NOT_CONFIGURED.
 */
import { GatewayError } from '../core/errors.ts';
import { isProvider } from '../core/payment.ts';
import type { Channel, ChannelPurpose } from '../storage/merchants.ts';

/** Which channel purposes serve a request, best first. */
const preference: Record<ChannelPurpose, ChannelPurpose[]> = {
  general: ['general', 'billing', 'api'],
  billing: ['billing', 'general'],
  api: ['api'],
};

function pick(candidates: Channel[], purpose: ChannelPurpose, strict: boolean): Channel | null {
  const order = strict ? preference[purpose] : [...preference[purpose], ...(['general', 'billing', 'api'] as const)];
  for (const p of order) {
    const of = candidates.filter((c) => c.purpose === p);
    if (of.length > 0) return of.find((c) => c.isDefault) ?? of[0]!;
  }
  return null;
}

export function resolveChannel(channels: Channel[], pg: string | null | undefined, purpose: ChannelPurpose): Channel {
  const enabled = channels.filter((c) => c.enabled);
  const requested = (pg ?? '').trim();
  if (requested === '') {
    const fallback = enabled.find((c) => c.isDefault) ?? (enabled.length === 1 ? enabled[0] : undefined);
    const providerChannels = fallback ? enabled.filter((c) => c.provider === fallback.provider) : enabled;
    const chosen = purpose === 'api' ? pick(enabled, 'api', true) : pick(providerChannels, purpose, true) ?? fallback ?? null;
    if (!chosen) throw new GatewayError(purpose === 'api' ? 'NO_API_BILLING_MODULE' : 'PG_NOT_CONFIGURED', purpose === 'api' ? undefined : 'pg 파라미터를 지정하거나 기본 PG를 설정하세요.');
    return chosen;
  }
  const dot = requested.indexOf('.');
  const provider = dot === -1 ? requested : requested.slice(0, dot);
  const pgId = dot === -1 ? null : requested.slice(dot + 1);
  if (!isProvider(provider) || pgId === '') throw new GatewayError('PG_NOT_CONFIGURED', `(pg: ${requested})`);
  const candidates = enabled.filter((c) => c.provider === provider && (pgId === null || c.pgId === pgId));
  // An explicit MID names its channel whatever its purpose; a bare provider goes by purpose.
  const chosen = pick(candidates, purpose, pgId === null);
  if (!chosen) {
    if (purpose === 'api' && pgId === null && enabled.some((c) => c.provider === provider)) throw new GatewayError('NO_API_BILLING_MODULE');
    throw new GatewayError('PG_NOT_CONFIGURED', `(pg: ${requested})`);
  }
  return chosen;
}
