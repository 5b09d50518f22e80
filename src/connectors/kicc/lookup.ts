/**
 * KICC's status lookup (`POST /api/trades/retrieveTransaction`, docs.kicc.co.kr query-status): by the
 * `shopTransactionId` of the original approval or revise and its request date, for yesterday and today
 * only (Korean dates), answered in the shape of the original call's answer, without msgAuthValue.
 * An attempt older than that window cannot be resolved by KICC's API: openimp leaves it unknown
 * (`too_old`), and the operator settles it from KICC's admin console (docs/pgs/kicc.md).
 */
import type { ConnectorContext } from '../contract.ts';
import { callPg } from '../pg-http.ts';
import { approvalResponse, KICC_SANDBOX_KEY, KICC_SUCCESS, kiccMac, kiccPaths, kstDate, nowOf, reviseResponse, type ApprovalResponse, type ReviseResponse } from './wire.ts';

/** The channel's secret key (sandbox channels without one: the sandbox's). */
export const kiccKeyOf = (ctx: ConnectorContext): string => ctx.channel.secret ?? KICC_SANDBOX_KEY;

export type Lookup<T> = { kind: 'found'; r: T } | { kind: 'not_found' } | { kind: 'too_old' };

const DAY = 24 * 3600;

/** The dates KICC can still answer for, newest first, given when the attempt started (null: recently). */
function datesFor(now: number, startedAt: number | null): { dates: string[]; older: boolean } {
  const today = kstDate(now);
  const yesterday = kstDate(now - DAY);
  const from = startedAt === null ? yesterday : kstDate(startedAt);
  return { dates: from === today ? [today] : [today, yesterday], older: from < yesterday };
}

async function lookup<T extends { resCd: string; pgCno?: string }>(ctx: ConnectorContext, id: string, startedAt: number | null, schema: import('zod').ZodType<T>): Promise<Lookup<T>> {
  const { dates, older } = datesFor(nowOf(ctx), startedAt);
  for (const transactionDate of dates) {
    const r = await callPg(ctx, { method: 'POST', path: kiccPaths.retrieve, json: { mallId: ctx.channel.pgId, shopTransactionId: id, transactionDate }, schema });
    // [guess] KICC's code for "no such transaction" is not published: a refusal naming no transaction
    // (no pgCno) reads as none on that date; one naming a transaction is that transaction's own result.
    if (r.resCd === KICC_SUCCESS || r.pgCno) return { kind: 'found', r };
  }
  return older ? { kind: 'too_old' } : { kind: 'not_found' };
}

/**
 * The `shopTransactionId` of an order's approval: derived from the order with the secret key, so a retry
 * and the lookup use the same key, and nobody who only knows the mall id and the imp_uid (on every
 * receipt) can read the trade through KICC's unauthenticated lookup.
 */
export const approvalTxId = (ctx: ConnectorContext, orderId: string): string =>
  `ap${kiccMac(kiccKeyOf(ctx), ['approval', ctx.channel.pgId, orderId]).slice(0, 40)}`;

/** An order's approval (window or batch), by its derived key. */
export const lookupApproval = (ctx: ConnectorContext, orderId: string, startedAt: number | null): Promise<Lookup<ApprovalResponse>> =>
  lookup(ctx, approvalTxId(ctx, orderId), startedAt, approvalResponse);

export const lookupRevise = (ctx: ConnectorContext, shopTransactionId: string, startedAt: number | null): Promise<Lookup<ReviseResponse>> =>
  lookup(ctx, shopTransactionId, startedAt, reviseResponse);
