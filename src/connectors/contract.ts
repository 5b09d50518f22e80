/**
 * The connector contract: what every PG connector implements (ARCHITECTURE rules 5, 7, 8).
 * A connector is a stateless translator: typed request in, typed result out, HTTP through the
 * injected `fetch`. A decline is a result; it throws `PgTransportError` only when the PG could not be
 * reached or answered nonsense, and then the attempt's outcome is unknown until `getTransaction` says.
 */
import type { CardInput } from '../core/card.ts';
import type { Currency } from '../core/money.ts';
import type { Provider } from '../core/payment.ts';

/** What a PG supports; `app/` checks it before any PG call so unsupported combinations fail early. */
export type Capabilities = {
  provider: Provider;
  /** pay_method values its payment window accepts. */
  windowPayMethods: readonly string[];
  /** Billing key issuance through the payment window (request_pay with customer_uid). */
  windowBilling: boolean;
  /** What the amount of a billing-key window does: nothing, charge when > 0, or always charge. */
  windowBillingCharge: 'display_only' | 'charge_when_positive' | 'always';
  /** Key-in API: POST /subscribe/customers/{uid} and /subscribe/payments/onetime. */
  apiKeyIn: boolean;
  /** Charging a stored billing key: /subscribe/payments/again and schedules. */
  chargeBillingKey: boolean;
  partialCancel: boolean;
  /** pay_method values allowed with escrow: true (empty = no escrow). */
  escrowPayMethods: readonly string[];
  currencies: readonly Currency[];
  cardDirect: boolean;
  cardDetail: boolean;
  /** Cancels are tickets answered later by a notification (Paymentwall). */
  asyncCancel: boolean;
};

/** The merchant's settings for one PG channel, as the connector needs them. */
export type ChannelCredentials = { pgId: string; secret: string | null; sandbox: boolean };

export type ConnectorContext = {
  fetch: typeof fetch;
  /** Where this PG's API lives (the simulator's mount point for sandbox channels). */
  baseUrl: string;
  timeoutMs: number;
  channel: ChannelCredentials;
};

export type Buyer = { name: string | null; email: string | null; tel: string | null; addr: string | null; postcode: string | null };

/** Card facts a PG reports; `number` is already masked by the PG or the connector. */
export type CardDetails = { code: string | null; name: string | null; number: string | null; type: number | null };

export type Approved = { kind: 'approved'; pgTid: string; applyNum: string | null; card: CardDetails | null; receiptUrl: string | null };
export type Declined = { kind: 'declined'; pgTid: string | null; pgCode: string; pgMessage: string };
/** The PG refused the card data itself (wrong number, expiry, birth): V1 answers code -1, no payment. */
export type InvalidCard = { kind: 'invalid_card'; pgCode: string; pgMessage: string };

export type ChargeResult = Approved | Declined | InvalidCard;

export type ChargeCardRequest = {
  orderId: string; // our imp_uid: the PG's order number, used for status checks
  merchantUid: string;
  amount: number; // minor units
  currency: Currency;
  taxFree: number;
  card: CardInput;
  cardQuota: number;
  name: string | null;
  buyer: Buyer;
};

export type ChargeBillingKeyRequest = Omit<ChargeCardRequest, 'card'> & { billingKey: string; browserIp: string | null };

export type IssueBillingKeyRequest = { customerUid: string; card: CardInput; buyer: Buyer };
export type IssueBillingKeyResult = { kind: 'issued'; billingKey: string; card: CardDetails } | Declined | InvalidCard;

export type CancelRequest = {
  orderId: string;
  pgTid: string;
  amount: number; // minor units to cancel now
  taxFree: number;
  currency: Currency;
  /** Balance before this cancel; PGs use it to tell partial from full. */
  remaining: number;
  reason: string | null;
  refund: { holder: string; bank: string; account: string; tel: string | null } | null;
};
export type CancelResult =
  | { kind: 'cancelled'; pgCancelTid: string; receiptUrl: string | null }
  | { kind: 'pending'; ticket: string }
  | { kind: 'rejected'; pgCode: string; pgMessage: string };

export type TransactionStatus = Approved | Declined | { kind: 'not_found' } | { kind: 'pending' };

/** API operations; window flows (checkout pages) are added by the checkout module. */
export type Connector = {
  provider: Provider;
  capabilities: Capabilities;
  chargeCard(ctx: ConnectorContext, req: ChargeCardRequest): Promise<ChargeResult>;
  issueBillingKey(ctx: ConnectorContext, req: IssueBillingKeyRequest): Promise<IssueBillingKeyResult>;
  chargeBillingKey(ctx: ConnectorContext, req: ChargeBillingKeyRequest): Promise<ChargeResult>;
  cancel(ctx: ConnectorContext, req: CancelRequest): Promise<CancelResult>;
  /** Status check by our order id: how an unknown attempt is resolved. */
  getTransaction(ctx: ConnectorContext, req: { orderId: string }): Promise<TransactionStatus>;
};

/** The PG could not be reached, timed out, or answered something that is not its protocol. */
export class PgTransportError extends Error {
  readonly reason: 'timeout' | 'unreachable' | 'bad_response';
  constructor(reason: 'timeout' | 'unreachable' | 'bad_response', message: string) {
    super(message);
    this.name = 'PgTransportError';
    this.reason = reason;
  }
}

/** A key-value store a simulator keeps its PG-side state in (billing keys, transactions). */
export type SimulatorStore = {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
};

/** A PG simulator: a fetch-style handler for requests under its mount point. */
export type Simulator = {
  provider: Provider;
  handle(req: Request): Promise<Response>;
};
