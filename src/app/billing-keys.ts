/**
 * Billing keys through the API (reference §3.6): issue with key-in card data, look up, delete.
 * The PG's key is kept only sealed; responses show the masked card.
 */
import { PgTransportError, type Buyer } from '../connectors/contract.ts';
import { checkCard } from '../core/card.ts';
import { GatewayError } from '../core/errors.ts';
import { isStorableText } from '../core/storable-text.ts';
import * as repo from '../storage/billing-keys.ts';
import type { BillingKey } from '../storage/billing-keys.ts';
export type { BillingKey };
import { listChannels, type Channel } from '../storage/merchants.ts';
import { pgText } from './charge-attempt.ts';
import type { AppContext } from './context.ts';
import { resolveChannel } from './resolve-channel.ts';

export type CardFields = { card_number?: unknown; expiry?: unknown; birth?: unknown; pwd_2digit?: unknown; cvc?: unknown };
export type CustomerFields = { customerId: string | null; name: string | null; tel: string | null; email: string | null; addr: string | null; postcode: string | null };

/** The API key-in channel for `pg`, refusing PGs without API billing (PAYCO, KICC) with the V1 message. */
export async function apiChannel(ctx: AppContext, merchantId: number, pg: string | null): Promise<Channel> {
  const channel = resolveChannel(await listChannels(ctx.db, merchantId, { enabledOnly: true }), pg, 'api');
  if (!ctx.pg.capabilities(channel.provider).apiKeyIn) throw new GatewayError('NO_API_BILLING_MODULE');
  return channel;
}

export function requireCard(fields: CardFields) {
  const r = checkCard(fields);
  if (!r.ok) throw r.rule === null ? new GatewayError('PARAM_MISSING', undefined, { fields: r.field }) : new GatewayError('PARAM_INVALID', r.rule, { fields: r.field });
  return r.card;
}

const customerFieldNames = (c: CustomerFields) => ({
  customer_id: c.customerId, customer_name: c.name, customer_tel: c.tel, customer_email: c.email, customer_addr: c.addr, customer_postcode: c.postcode,
});

export const buyerOf = (c: CustomerFields): Buyer => ({ name: c.name, email: c.email, tel: c.tel, addr: c.addr, postcode: c.postcode });

/** Issues (or replaces) the billing key of `customerUid` from card data. */
export async function issueBillingKey(ctx: AppContext, merchantId: number, customerUid: string, input: { pg: string | null; card: CardFields; customer: CustomerFields }): Promise<BillingKey> {
  // Everything stored with the key is checked before the PG issues it: a key the PG issued that the
  // gateway then failed to record would stay at the PG, unknown to the merchant.
  const unstorable = Object.entries({ customer_uid: customerUid, ...customerFieldNames(input.customer) }).find(([, v]) => typeof v === 'string' && !isStorableText(v));
  if (unstorable) throw new GatewayError('PARAM_INVALID', undefined, { fields: unstorable[0] });
  const card = requireCard(input.card);
  const channel = await apiChannel(ctx, merchantId, input.pg);
  const issue = ctx.pg.connector(channel.provider)?.issueBillingKey;
  if (!issue) throw new GatewayError('NO_API_BILLING_MODULE');
  let r;
  try {
    r = await issue(ctx.pg.contextFor(channel), { customerUid, card, buyer: buyerOf(input.customer) });
  } catch (e) {
    if (e instanceof PgTransportError) throw new GatewayError('PG_UNREACHABLE');
    throw e;
  }
  if (r.kind !== 'issued') throw new GatewayError('BILLING_KEY_ISSUE_FAILED', pgText(r.pgCode, r.pgMessage));
  return saveBillingKey(ctx, merchantId, customerUid, channel, r.billingKey, r.card, input.customer);
}

/** Stores a PG billing key (from the API or a payment window) under its customer_uid. */
export async function saveBillingKey(ctx: AppContext, merchantId: number, customerUid: string, channel: Channel, pgBillingKey: string, card: { code: string | null; name: string | null; number: string | null; type: number | null }, c: CustomerFields): Promise<BillingKey> {
  const now = ctx.now();
  return repo.upsertBillingKey(ctx.db, {
    merchantId, customerUid, channelId: channel.id, pgProvider: channel.provider, pgId: channel.pgId, sandbox: channel.sandbox,
    pgBillingKeyEnc: ctx.box.seal(pgBillingKey), customerId: c.customerId, cardName: card.name, cardCode: card.code,
    cardNumber: card.number, cardType: card.type, customerName: c.name, customerTel: c.tel, customerEmail: c.email,
    customerAddr: c.addr, customerPostcode: c.postcode, inserted: now, updated: now,
  });
}

export async function getBillingKey(ctx: AppContext, merchantId: number, customerUid: string): Promise<BillingKey> {
  const b = await repo.getBillingKey(ctx.db, merchantId, customerUid);
  if (!b) throw new GatewayError('CUSTOMER_NOT_FOUND', undefined, { customer_uid: customerUid });
  return b;
}

/** `GET /subscribe/customers?customer_uid[]=`: found ones and whether all were found (200 vs 207). */
export async function getBillingKeys(ctx: AppContext, merchantId: number, customerUids: string[]): Promise<{ keys: BillingKey[]; complete: boolean }> {
  const keys = await repo.getBillingKeys(ctx.db, merchantId, customerUids);
  if (keys.length === 0) throw new GatewayError('CUSTOMER_NOT_FOUND', undefined, { customer_uid: customerUids.join(', ') });
  const found = new Set(keys.map((k) => k.customerUid));
  return { keys, complete: customerUids.every((u) => found.has(u)) };
}

/**
 * Irreversible. Where the PG keeps the key as a registration of its own (KICC's batch key, PAYCO's
 * auto-payment), it is deleted there first: a PG refusal keeps it in openimp too, so the merchant can
 * retry. Other PGs' keys are not revoked (V1 leaves it to the merchant).
 */
export async function deleteBillingKey(ctx: AppContext, merchantId: number, customerUid: string): Promise<BillingKey> {
  const found = await repo.getBillingKeyWithChannel(ctx.db, merchantId, customerUid);
  if (!found) throw new GatewayError('CUSTOMER_NOT_FOUND', undefined, { customer_uid: customerUid });
  const remove = ctx.pg.connector(found.key.pgProvider)?.deleteBillingKey;
  if (remove && found.channel) {
    let r;
    try {
      r = await remove(ctx.pg.contextFor(found.channel), { customerUid, billingKey: ctx.box.open(found.key.pgBillingKeyEnc), requestId: `del_${Buffer.from(ctx.random(12)).toString('hex')}` });
    } catch (e) {
      if (e instanceof PgTransportError) throw new GatewayError('PG_UNREACHABLE');
      throw e;
    }
    if (r.kind === 'rejected') throw new GatewayError('BILLING_KEY_DELETE_FAILED', pgText(r.pgCode, r.pgMessage));
  }
  const b = await repo.deleteBillingKey(ctx.db, merchantId, customerUid);
  if (!b) throw new GatewayError('CUSTOMER_NOT_FOUND', undefined, { customer_uid: customerUid });
  return b;
}

