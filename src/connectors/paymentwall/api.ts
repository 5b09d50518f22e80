/**
 * The calls every Paymentwall flow shares: a channel's keys, signed requests (signature version 3),
 * Brick calls with `X-ApiKey`, and the Payment Status API.
 */
import { GatewayError } from '../../core/errors.ts';
import type { ConnectorContext } from '../contract.ts';
import type { z } from 'zod';
import { callPg } from '../pg-http.ts';
import { nest, pwSign } from './signature.ts';
import { PW_SANDBOX_SECRET, pwPaths, statusAnswer, type StatusAnswer } from './wire.ts';

/**
 * Sandbox channels without keys of their own use the sandbox's published ones (docs/pgs/paymentwall.md);
 * test and live channels must have theirs: without, the call is refused with a V1 error before
 * Paymentwall is asked (the app checks billing operations before it claims anything).
 */
const keyOf = (ctx: ConnectorContext, v: string | null | undefined, sandboxDefault: string, what: string): string => {
  if (v) return v;
  if (ctx.channel.mode === 'sandbox') return sandboxDefault;
  throw new GatewayError('PG_NOT_CONFIGURED', `(Paymentwall ${ctx.channel.mode} 채널 ${ctx.channel.pgId}에 ${what} 값이 없습니다. PG 설정에서 입력하세요.)`);
};
export const pwSecret = (ctx: ConnectorContext): string => keyOf(ctx, ctx.channel.secret, PW_SANDBOX_SECRET, 'secret key');
/** The sandbox PG's Brick keys of a project without its own (docs/pgs/paymentwall.md). */
export const pwPrivateKey = (ctx: ConnectorContext): string => keyOf(ctx, ctx.channel.apiKey, `t_priv_${ctx.channel.pgId}`, 'Brick private key');
export const pwPublicKey = (ctx: ConnectorContext): string => keyOf(ctx, ctx.channel.publicKey, `t_pub_${ctx.channel.pgId}`, 'Brick public key');

/** Request fields plus `sign_version=3` and `sign`, signed with the project's secret key. */
export function signedFields(ctx: ConnectorContext, fields: Record<string, string>): Record<string, string> {
  const f = { ...fields, sign_version: '3' };
  return { ...f, sign: pwSign(nest(f), pwSecret(ctx), 3) };
}

/** Brick answers errors with 4xx JSON (integration/direct/brick/error-codes). */
const BRICK_ERROR_STATUSES = [400, 401, 402, 403, 404, 409, 422] as const;

export function brickCall<T>(ctx: ConnectorContext, path: string, form: Record<string, string>, schema: z.ZodType<T>, apiKey = pwPrivateKey(ctx)): Promise<T> {
  return callPg(ctx, { method: 'POST', path, form, headers: { 'X-ApiKey': apiKey }, answerStatuses: BRICK_ERROR_STATUSES, schema });
}

/** Payment Status API, by `ref` or by our order id (`uid` + `ag_external_id`, both the order id). */
export function lookupStatus(ctx: ConnectorContext, by: { ref: string } | { orderId: string }): Promise<StatusAnswer> {
  const q = new URLSearchParams(signedFields(ctx, {
    key: ctx.channel.pgId, ...('ref' in by ? { ref: by.ref } : { uid: by.orderId, ag_external_id: by.orderId }),
  }));
  return callPg(ctx, { method: 'GET', path: `${pwPaths.paymentStatus}?${q}`, answerStatuses: BRICK_ERROR_STATUSES, schema: statusAnswer });
}
