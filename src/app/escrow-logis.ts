/**
 * Escrow delivery registration, POST/PUT/GET /escrows/logis/{imp_uid} (reference §3.7). Only escrow
 * payments of a PG whose capabilities offer escrow for that pay_method (of ours: KICC trans/vbank).
 */
import { PgTransportError } from '../connectors/contract.ts';
import { courierCode } from '../core/courier-codes.ts';
import { GatewayError } from '../core/errors.ts';
import * as repo from '../storage/escrows.ts';
import type { EscrowLogis } from '../storage/escrows.ts';
import type { Payment } from '../core/payment.ts';
import { findChannel } from '../storage/merchants.ts';
import { getPayment } from '../storage/payments.ts';
import type { AppContext } from './context.ts';

export type { EscrowLogis };

export type LogisInput = {
  logis: { company: string; invoice: string; sentAt: number; receivingAt: string | null; address: string | null };
  sender: Record<string, unknown> | null;
  receiver: Record<string, unknown> | null;
  products: unknown[] | null;
};

async function escrowPayment(ctx: AppContext, merchantId: number, impUid: string) {
  const p = await getPayment(ctx.db, merchantId, impUid);
  if (!p) throw new GatewayError('PAYMENT_NOT_FOUND');
  const caps = ctx.pg.capabilities(p.pgProvider);
  if (!p.escrow || !caps.escrowPayMethods.includes(p.payMethod)) throw new GatewayError('ESCROW_UNSUPPORTED', `(pg_provider: ${p.pgProvider}, pay_method: ${p.payMethod}, escrow: ${p.escrow})`);
  return p;
}

function checked(input: LogisInput) {
  const { logis } = input;
  if (logis.invoice.trim() === '') throw new GatewayError('PARAM_MISSING', undefined, { fields: 'logis.invoice' });
  if (!Number.isSafeInteger(logis.sentAt) || logis.sentAt <= 0) throw new GatewayError('BAD_REQUEST', 'logis.sent_at 는 UNIX 시각이어야 합니다.');
  if (logis.receivingAt !== null && !/^[0-9]{8}$/.test(logis.receivingAt)) throw new GatewayError('BAD_REQUEST', 'logis.receiving_at 는 YYYYMMDD 형식입니다.');
  const json = (v: unknown) => (v === null ? null : JSON.stringify(v));
  return { company: courierCode(logis.company), invoice: logis.invoice.trim(), sentAt: logis.sentAt, receivingAt: logis.receivingAt, address: logis.address, sender: json(input.sender), receiver: json(input.receiver), products: json(input.products) };
}

export async function registerEscrowLogis(ctx: AppContext, merchantId: number, impUid: string, input: LogisInput): Promise<EscrowLogis> {
  const fields = checked(input);
  const p = await escrowPayment(ctx, merchantId, impUid);
  if (p.status !== 'paid') throw new GatewayError('ESCROW_NOT_PAID', `(status: ${p.status})`);
  const now = ctx.now();
  const row: EscrowLogis = { impUid, merchantId, ...fields, appliedAt: now, updatedAt: now };
  if (!(await repo.insertEscrowLogis(ctx.db, row))) throw new GatewayError('ESCROW_ALREADY_REGISTERED');
  try {
    await shipAtPg(ctx, p, input);
  } catch (e) {
    await repo.deleteEscrowLogis(ctx.db, merchantId, impUid); // not registered at the PG: not registered here either
    throw e;
  }
  return row;
}

/** Where the PG takes the delivery itself (KICC's escrow status change), it is told first; a refusal is the PG's. */
async function shipAtPg(ctx: AppContext, p: Payment, input: LogisInput): Promise<void> {
  const ship = ctx.pg.connector(p.pgProvider)?.registerEscrowShipping;
  const channel = ship && p.channelId !== null ? await findChannel(ctx.db, p.merchantId, p.channelId) : null;
  if (!ship || !channel || !p.pgTid) return;
  const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
  let r;
  try {
    r = await ship(ctx.pg.contextFor(channel), {
      orderId: p.impUid, pgTid: p.pgTid, requestId: `esc_${Buffer.from(ctx.random(12)).toString('hex')}`, company: courierCode(input.logis.company), invoice: input.logis.invoice.trim(),
      sentAt: input.logis.sentAt, receiverName: text(input.receiver?.name), receiverTel: text(input.receiver?.tel),
    });
  } catch (e) {
    if (e instanceof PgTransportError) throw new GatewayError('ESCROW_PG_FAILED', `PG사 응답을 받지 못했습니다 (${e.reason}).`);
    throw e;
  }
  if (r.kind === 'rejected') throw new GatewayError('ESCROW_PG_FAILED', `[${r.pgCode}] ${r.pgMessage}`);
}

export async function updateEscrowLogis(ctx: AppContext, merchantId: number, impUid: string, input: LogisInput): Promise<EscrowLogis> {
  const fields = checked(input);
  await escrowPayment(ctx, merchantId, impUid);
  const r = await repo.updateEscrowLogis(ctx.db, { impUid, merchantId, ...fields, updatedAt: ctx.now() });
  if (!r) throw new GatewayError('ESCROW_NOT_REGISTERED');
  return r;
}

export async function getEscrowLogis(ctx: AppContext, merchantId: number, impUid: string): Promise<EscrowLogis> {
  await escrowPayment(ctx, merchantId, impUid);
  const r = await repo.getEscrowLogis(ctx.db, merchantId, impUid);
  if (!r) throw new GatewayError('ESCROW_NOT_REGISTERED');
  return r;
}
