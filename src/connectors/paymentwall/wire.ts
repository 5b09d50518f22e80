/**
 * Paymentwall's wire as documented (docs/pgs/paymentwall.md names the source of each fact): the
 * Digital Goods widget call, pingbacks, Brick charges and refunds (header `X-ApiKey`), the Payment
 * Status, Cancellation and Delivery Confirmation APIs. Amounts are decimal strings in major units.
 */
import { z } from 'zod';

/** The demo channel's secret key, used by sandbox channels that have none of their own. */
export const PW_SANDBOX_SECRET = 'pw_demo_secret';

export const pwPaths = {
  widget: '/api/subscription',
  brickCharge: '/api/brick/charge',
  brickGet: (chargeId: string) => `/api/brick/charge/${encodeURIComponent(chargeId)}`,
  brickRefund: (chargeId: string) => `/api/brick/charge/${encodeURIComponent(chargeId)}/refund`,
  paymentStatus: '/api/rest/payment',
  ticket: '/developers/api/ticket',
  delivery: '/api/delivery',
  /**
   * Where a sandbox billing window collects the card: the sandbox PG's own card page, standing in for
   * Brick.js; it tokenizes the card at the PG and sends `brick_token` back (docs/pgs/paymentwall.md).
   */
  brickForm: '/brick/form',
  /** Brick.js with its default form, as Paymentwall's Brick page loads it (paymentwall.com/documentation/Brick/2968). */
  brickScript: '/brick/build/brick-default.1.5.0.min.js',
} as const;

/** Pingback `type` (reference/pingback-home). */
export const pwPingbackTypes = {
  regular: '0', goodwill: '1', negative: '2', underReview: '200', reviewAccepted: '201', reviewDeclined: '202', voided: '203',
} as const;

/** Brick error codes openimp reads (integration/direct/brick/error-codes). */
export const pwCodes = { chargeNotFound: 3000 } as const;

const decimal = z.union([z.string(), z.number()]).transform(String).pipe(z.string().regex(/^[0-9]+(\.[0-9]+)?$/));
const id = z.union([z.string().min(1), z.number().int()]).transform(String);

export const brickError = z.object({ type: z.literal('Error'), code: z.coerce.number().int(), error: z.string() });

/** The charge object (apis#section-brick-charge-object). */
export const brickCharge = z.object({
  object: z.literal('charge'),
  id,
  amount: decimal,
  currency: z.string(),
  refunded: z.boolean().optional(),
  risk: z.string().optional(),
  card: z.object({
    token: z.string().optional(), last4: z.string().optional(), type: z.string().optional(),
    exp_month: z.string().optional(), exp_year: z.string().optional(), country: z.string().optional(), name: z.string().optional(),
  }).optional(),
});
/**
 * A charge that waits for the buyer's 3-D Secure step (integration/direct/brick/3dsecure): nothing is
 * charged until a second charge request carries the secure token.
 */
export const brickSecure = z.object({ success: z.literal(0).or(z.literal('0')), secure: z.record(z.string(), z.unknown()) });
export const brickAnswer = z.union([brickCharge, brickError]);
/** A charge of a one-time token: the charge, an error, or the 3-D Secure step. */
export const oneTimeChargeAnswer = z.union([brickCharge, brickError, brickSecure]);
export type BrickAnswer = z.infer<typeof brickAnswer>;
export type BrickCharge = z.infer<typeof brickCharge>;

/** Payment Status API (apis#section-tools-payment-status). */
export const paymentStatus = z.object({
  object: z.literal('payment'),
  id,
  amount: decimal,
  currency: z.string(),
  refunded: z.boolean(),
  risk: z.string().optional(),
  uid: z.string().optional(),
  product_id: z.string().optional(),
  payment_system: z.string().optional(),
});
export const statusAnswer = z.union([paymentStatus, brickError]);
export type StatusAnswer = z.infer<typeof statusAnswer>;
export type PaymentStatus = z.infer<typeof paymentStatus>;

/** Cancellation API (apis#section-tools-cancellation): `{"result":1}`; a refusal's shape is not documented. */
export const ticketAnswer = z.object({ result: z.coerce.number().int(), error: z.string().optional(), code: z.coerce.number().int().optional() });

/** Delivery Confirmation API: `{"success":1}`, else an error (and notices). */
export const deliveryAnswer = z.union([
  z.object({ success: z.literal(1) }),
  z.object({ error_code: z.coerce.number().int().optional(), code: z.coerce.number().int().optional(), error: z.string(), notices: z.array(z.string()).optional() }),
]);

/** A Digital Goods pingback (reference/pingback-home); all values strings. */
export const pingback = z.object({
  uid: z.string(),
  goodsid: z.string().min(1),
  type: z.string().regex(/^[0-9]+$/),
  ref: z.string().min(1),
  slength: z.string().optional(),
  speriod: z.string().optional(),
  reason: z.string().optional(),
  is_test: z.string().optional(),
  sign_version: z.enum(['2', '3']),
  sig: z.string().regex(/^[0-9a-f]+$/),
});
export type Pingback = z.infer<typeof pingback>;

export type PwError = z.infer<typeof brickError>;
export const isPwError = (r: object): r is PwError => (r as { type?: unknown }).type === 'Error';
export const isSecureStep = (r: object): r is z.infer<typeof brickSecure> => 'secure' in r && !('object' in r);
