/**
 * The sandbox Paymentwall's own reading of the documentation (independent of the connector, so a
 * misreading shows up in the contract suite): signatures, amounts, error answers, project keys.
 */
import { createHash } from 'node:crypto';
import { currencyExponent, isCurrency, type Currency } from '../../core/money.ts';

/**
 * reference/signature-calculation: parameter names in alphabetical order, each as `name=value`
 * (array parameters as `name[key]=value`, keys in order), the secret key last; MD5 for version 2,
 * SHA-256 for version 3. `sign` / `sig` are not signed. Form fields arrive flat (`customer[firstname]`);
 * sorting them as flat names orders them exactly as nested ones would be.
 */
export function fakeSignature(fields: Record<string, string>, secret: string, version: string): string | null {
  if (version !== '2' && version !== '3') return null;
  const group = (k: string) => k.replace(/\[.*$/, '');
  const names = Object.keys(fields).filter((k) => k !== 'sign' && k !== 'sig');
  names.sort((a, b) => (group(a) === group(b) ? (a < b ? -1 : a > b ? 1 : 0) : group(a) < group(b) ? -1 : 1));
  const text = names.map((k) => `${k}=${fields[k]}`).join('') + secret;
  return createHash(version === '2' ? 'md5' : 'sha256').update(text, 'utf8').digest('hex');
}

export const isSignedBy = (fields: Record<string, string>, secret: string): boolean => {
  const want = fakeSignature(fields, secret, fields.sign_version ?? '');
  return want !== null && fields.sign === want;
};

/** Decimal major units ("20.50") to minor units; null for anything else. */
export function minorOf(text: string | null | undefined, currency: string | null | undefined): { minor: number; currency: Currency } | null {
  if (!isCurrency(currency) || typeof text !== 'string') return null;
  const m = /^(\d{1,15})(?:\.(\d+))?$/.exec(text);
  const exp = currencyExponent[currency];
  const frac = (m?.[2] ?? '').replace(/0+$/, '');
  if (!m || frac.length > exp) return null;
  const minor = Number(m[1]) * 10 ** exp + Number(frac.padEnd(exp, '0') || '0');
  return Number.isSafeInteger(minor) ? { minor, currency } : null;
}

export function majorOf(minor: number, currency: Currency): string {
  const exp = currencyExponent[currency];
  return exp === 0 ? String(minor) : (minor / 10 ** exp).toFixed(exp);
}

/** Brick error codes (integration/direct/brick/error-codes) and the HTTP status each comes with. */
export const brickErrors = {
  internal: [1000, 'Internal Error', 500],
  permission: [3001, 'Permission denied', 403],
  chargeNotFound: [3000, 'Charge not found.', 404],
  wrongAmount: [3002, 'Wrong charge amount', 400],
  badCard: [3003, 'Card number is missing or invalid. Retry payments and check payment details', 400],
  required: [3008, 'Please fill in all required fields.', 400],
  contactBank: [3010, 'Please contact your credit card company to approve your payment', 402],
  balance: [3011, 'Please contact your credit card company to check your available balance', 402],
  declined: [3012, 'Transaction was declined', 402],
  cardIssue: [3013, 'Transaction was declined due to issues with the card', 402],
  expired: [3102, 'You submitted an expired credit card number. Please ensure the credit card is valid', 402],
  tokenNotFound: [3111, 'Token was not found', 404],
  oneTimeInvalid: [3112, 'One-time token is invalid', 400],
  refunded: [3201, 'The charge has already been fully refunded', 400],
  cannotRefund: [3204, "You can't refund this transaction", 400],
  duplicate: [3205, 'Duplicate charge', 409],
  noApiKey: [4006, 'API key is not provided', 401],
  badApiKey: [4007, 'API key is invalid', 401],
} as const satisfies Record<string, readonly [number, string, number]>;
export type BrickError = keyof typeof brickErrors;

export function errorResponse(e: BrickError): Response {
  const [code, error, status] = brickErrors[e];
  return Response.json({ type: 'Error', object: 'Error', code, error }, { status });
}

/** How a test card's decline reason (test-cards.ts) reads as a Brick error. */
export const declineErrors: Record<string, BrickError> = {
  insufficient_funds: 'balance', limit_exceeded: 'contactBank', expired: 'expired', lost_or_stolen: 'cardIssue', generic: 'declined',
};

/** Which Brick key: the private one (X-ApiKey, the channel's apiKey) or the public one (the card form's). */
export type BrickKeyKind = 'pub' | 'priv';

/**
 * The project a Brick key belongs to. A project registered with its own Brick keys is known by those
 * only. A project registered without them (or not at all) has the sandbox's `t_pub_{project key}` /
 * `t_priv_{project key}`; those never open a project that registered its own.
 */
export function brickKeyOwner(
  registered: { ownerOf(kind: BrickKeyKind, key: string): string | null; keyOf(kind: BrickKeyKind, project: string): string | null },
  key: string | null, kind: BrickKeyKind,
): string | null {
  if (!key) return null;
  const owner = registered.ownerOf(kind, key);
  if (owner !== null) return owner;
  const derived = key.startsWith(`t_${kind}_`) ? key.slice(kind.length + 3) || null : null;
  return derived !== null && registered.keyOf(kind, derived) === null ? derived : null;
}
