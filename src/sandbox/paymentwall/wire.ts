/**
 * (The fake PG's own reading of this protocol; the connector keeps its own in src/connectors/, and
 * neither imports the other, so a misreading fails the contract suite instead of matching itself.)
 * The Paymentwall wire as openimp models it: the widget (`/api/subscription`, GET, signed),
 * pingbacks to the merchant (form POST, signature version 2), Brick-style charges of stored card
 * tokens, refunds that are tickets answered later by a pingback, and a payment status lookup.
 * Amounts on the wire are decimal strings in the currency's major unit ("20.50" USD).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { DeclineReason } from '../test-cards.ts';

/** The demo channel's secret key, used when a channel has none (README.md). */
export const PW_SANDBOX_SECRET = 'pw_demo_secret';

export const pwPaths = {
  widget: '/api/subscription',
  charge: '/api/brick/charge',
  refund: (chargeId: string) => `/api/brick/charge/${encodeURIComponent(chargeId)}/refund`,
  payment: '/api/rest/payment',
  /** Sandbox control: answer pending refunds now (they are also answered by themselves shortly). */
  processRefunds: '/sandbox/refunds/process',
} as const;

/** Pingback `type`: 0 payment, 2 refund (negative), 202 declined. */
export const pwPingbackTypes = { payment: '0', refund: '2', declined: '202' } as const;

/**
 * Signature version 2: MD5 of the parameters sorted by name as `name=value` concatenated, then the
 * secret key. `sign` / `sig` themselves are left out.
 */
export function signV2(params: Record<string, string>, secret: string): string {
  const base = Object.keys(params).filter((k) => k !== 'sign' && k !== 'sig').sort().map((k) => `${k}=${params[k]}`).join('');
  return createHash('md5').update(base + secret, 'utf8').digest('hex');
}

export const pwErrors = {
  badSignature: { code: 1002, msg: 'Wrong signature' },
  badParam: { code: 1001, msg: 'Missing or invalid parameter' },
  unknownToken: { code: 3201, msg: 'Token is not valid' },
  emailMismatch: { code: 3202, msg: 'Email does not match the one the card was stored with' },
  browserIpMissing: { code: 3203, msg: 'browser_ip is required' },
  invalidCard: { code: 3110, msg: 'Invalid card number (거래거절 카드번호틀림)' },
  duplicateOrder: { code: 3301, msg: 'ag_external_id was already charged with another amount' },
  notFound: { code: 4404, msg: 'Payment not found' },
  refundRefused: { code: 5101, msg: 'Charge cannot be refunded' },
  refundTooMuch: { code: 5102, msg: 'Refund amount exceeds the refundable amount' },
  internal: { code: 5000, msg: 'Internal error' },
} as const;

export const pwDeclines: Record<DeclineReason, { code: number; msg: string }> = {
  insufficient_funds: { code: 3101, msg: 'Insufficient funds (잔액부족)' },
  limit_exceeded: { code: 3102, msg: 'Limit exceeded (한도초과)' },
  expired: { code: 3103, msg: 'Card expired (유효기간경과)' },
  lost_or_stolen: { code: 3104, msg: 'Lost or stolen card (분실/도난카드)' },
  generic: { code: 3109, msg: 'Transaction declined (거래거절)' },
};

const decimal = z.string().regex(/^[0-9]+(\.[0-9]+)?$/);

/** A pingback as the connector reads it (all values strings). */
export const pingback = z.object({
  uid: z.string(),
  goodsid: z.string().min(1),
  type: z.enum(['0', '2', '202']),
  ref: z.string().min(1),
  amount: decimal,
  currency: z.string(),
  payment_system: z.string(),
  card_code: z.string().optional(),
  card_name: z.string().optional(),
  card_number: z.string().optional(),
  card_kind: z.enum(['0', '1']).optional(),
  card_token: z.string().optional(),
  email: z.string().optional(),
  refund_id: z.string().optional(),
  error_code: z.string().optional(),
  error_message: z.string().optional(),
  sign_version: z.literal('2'),
  sig: z.string().regex(/^[0-9a-f]{32}$/),
});
export type Pingback = z.infer<typeof pingback>;
