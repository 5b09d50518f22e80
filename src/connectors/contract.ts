/**
 * The connector contract: what every PG connector implements (ARCHITECTURE rules 5, 7, 8).
 * A connector is a stateless translator: typed request in, typed result out, HTTP through the
 * injected `fetch`. A decline is a result; it throws `PgTransportError` only when the PG could not be
 * reached or answered nonsense, and then the attempt's outcome is unknown until `getTransaction` says.
 */
import type { CardInput } from '../core/card.ts';
import type { ChannelMode, Credentials } from '../core/channel.ts';
import type { ErrorCode } from '../core/errors.ts';
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
  /**
   * false where the PG publishes no status lookup (JTNet): `getTransaction` then always answers
   * `pending`, and an outcome lost on the way stays unknown rather than guessed. Absent: it has one.
   */
  statusLookup?: false;
  /** The PG's own rule for charging a stored billing key, checked before anything is claimed: the refusal, or null. */
  billingChargeRule?: (charge: BillingCharge) => BillingChargeRefusal | null;
};

/** What a billing-key charge brings that a PG's rule may look at. */
export type BillingCharge = {
  /** The buyer_email of this request (not filled in from the stored customer). */
  buyerEmail: string | null;
  /** The email the billing key was issued with. */
  issuedEmail: string | null;
  browserIp: string | null;
};
export type BillingChargeRefusal = { code: ErrorCode; detail?: string };

/**
 * The merchant's settings for one PG channel, as the connector needs them: the mode, the PG id and the
 * credentials opened from their seal (null where the PG or the channel has none; core/channel.ts).
 */
export type ChannelCredentials = { mode: ChannelMode; pgId: string } & Credentials;

/** What a connector reads of a PG's HTTP answer (`fetch`'s Response is one). */
export type PgAnswer = { readonly status: number; readonly headers: { get(name: string): string | null }; text(): Promise<string> };
/** The transport a connector calls its PG with: `fetch` narrowed to the answer it reads (pgFetch in production). */
export type PgFetch = (url: string | URL, init?: RequestInit) => Promise<PgAnswer>;

export type ConnectorContext = {
  /** The transport (pgFetch in production); tests may hand in `fetch` or another. */
  fetch: PgFetch;
  /** Where this PG's API lives: the fake PG's prefix for sandbox channels, the PG's host (or its override) for test and live. */
  baseUrl: string;
  timeoutMs: number;
  channel: ChannelCredentials;
  /** The gateway's clock (unix seconds) for PGs whose requests carry dates (KICC); absent: the wall clock. */
  now?: () => number;
};

export type Buyer = { name: string | null; email: string | null; tel: string | null; addr: string | null; postcode: string | null };

/** Card facts a PG reports; `number` is already masked by the PG or the connector. */
export type CardDetails = { code: string | null; name: string | null; number: string | null; type: number | null };

/**
 * `pgRef`: what the PG needs back in later calls about this payment and offers no lookup for (PAYCO's
 * reserveOrderNo and orderCertifyKey); the gateway keeps it sealed and hands it to `cancel` and
 * `getTransaction`. Absent where the PG needs nothing but `pgTid`.
 */
export type Approved = { kind: 'approved'; pgTid: string; applyNum: string | null; card: CardDetails | null; receiptUrl: string | null; pgRef?: string | null };
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
  /** Our id for this cancel attempt, stable across a crash; sent where the PG's protocol carries one (KICC). */
  requestId: string;
  amount: number; // minor units to cancel now
  taxFree: number;
  currency: Currency;
  /** Balance before this cancel; PGs use it to tell partial from full. */
  remaining: number;
  /** The payment's approved amount, for PGs whose full cancel means "all of it, nothing refunded before" (JTNet). */
  paid?: number;
  /** The payment's `pgRef` (Approved), opened from its seal; null where none was kept. */
  pgRef?: string | null;
  reason: string | null;
  refund: { holder: string; bank: string; account: string; tel: string | null } | null;
  /** The payment's pay_method, for PGs whose cancel codes depend on it (KICC's reviseTypeCode). */
  payMethod?: string | null;
};
export type CancelResult =
  | { kind: 'cancelled'; pgCancelTid: string; receiptUrl: string | null }
  | { kind: 'pending'; ticket: string }
  | { kind: 'rejected'; pgCode: string; pgMessage: string };

/** One refund in the PG's books; `requestId` is our CancelRequest.requestId where the protocol carries it back. */
export type PgCancel = { pgCancelTid: string; amount: number; requestId: string | null };

/**
 * What the PG has refunded of a transaction, from its own books: how a cancel whose answer was lost
 * (a timeout, a crash before the commit) is settled. `cancels` is null where the PG reports the total only.
 */
export type PgRefunds = { total: number; cancels: PgCancel[] | null };

export type TransactionStatus = (Approved & { refunds: PgRefunds }) | Declined | { kind: 'not_found' } | { kind: 'pending' };

/**
 * Payment windows (IMP.request_pay). The gateway sends the browser to the PG's window (`start`),
 * the PG sends it back to `returnUrl` with its own parameters, and the gateway then confirms the
 * result server-to-server (`complete`) before anything becomes paid: the browser is never trusted.
 * PGs that report asynchronously (Paymentwall pingbacks, vbank deposits) POST to `notifyUrl`, which
 * `parseNotification` verifies.
 */
export type WindowRequest = {
  orderId: string; // our imp_uid
  merchantUid: string;
  amount: number; // minor units; display-only for billing windows of PGs that do not charge
  currency: Currency;
  taxFree: number;
  payMethod: string;
  name: string | null;
  buyer: Buyer;
  /** Present for billing-key windows (request_pay with customer_uid). */
  billing: { customerUid: string; charge: boolean } | null;
  escrow: boolean;
  device: 'pc' | 'mobile';
  language: string;
  vbankDue: number | null;
  /** card.direct / card.detail / display.card_quota / bypass / kiccProducts, passed as the SDK sent them. */
  options: Record<string, unknown>;
  returnUrl: string;
  notifyUrl: string;
};

/** How to send the browser to the PG window: a GET link or an auto-submitted POST form. */
export type WindowStart = { method: 'GET' | 'POST'; url: string; fields: Record<string, string> };

/**
 * A card form the PG's own script renders on a page of the gateway (Paymentwall's Brick.js on test
 * and live channels): the script tokenizes the card at the PG and posts the token to the page's
 * action, the gateway's, which completes the window (`complete`) and answers as the script expects
 * (`hostedFormAnswer`). `boot` is the connector's own script, run after `script` with `openimp`
 * in scope: `{ config, action, settle(answer?) }`; `settle` moves the page on once the gateway has the result.
 */
export type HostedForm = {
  /** The PG's script. */
  script: string;
  /** Origins the script may load from and talk to (the page's Content-Security-Policy). */
  origins: string[];
  boot: string;
  config: Record<string, unknown>;
};
export type HostedFormStart = { hostedForm: HostedForm };
/** What the gateway tells a hosted form's script about the window it completed. */
export type HostedFormResult = { kind: 'done' } | { kind: 'failed'; code: string; message: string } | { kind: 'pending' };

export type VbankDetails = { code: string; name: string; num: string; holder: string | null; due: number };

/** What a window ended in, after the gateway confirmed it with the PG. */
export type WindowOutcome =
  | (Approved & { payMethod: string; bank: { code: string; name: string } | null; embPgProvider: string | null })
  | { kind: 'vbank_issued'; pgTid: string; vbank: VbankDetails; receiptUrl: string | null; pgRef?: string | null }
  | { kind: 'billing_key_issued'; billingKey: string; card: CardDetails; buyerEmail: string | null; charge: Approved | Declined | null }
  | Declined
  | { kind: 'user_cancelled'; pgMessage: string }
  /** The PG will report later through `notifyUrl` (Paymentwall). */
  | { kind: 'pending' };

/** An asynchronous PG report, verified. */
export type Notification =
  | { kind: 'outcome'; orderId: string; outcome: WindowOutcome }
  | { kind: 'vbank_deposit'; orderId: string; pgTid: string; amount: number; depositorName: string | null }
  | { kind: 'cancelled'; orderId: string; pgCancelTid: string; amount: number }
  | { kind: 'rejected'; reason: string }
  /** Genuine but nothing for V1 to do (KICC's escrow or refund-complete reports): acknowledged only. */
  | { kind: 'ignored'; reason: string };

export type WindowCompletion = {
  orderId: string;
  returned: Record<string, string>;
  amount?: number;
  currency?: Currency;
  buyer?: { email: string | null; name: string | null };
  name?: string | null;
};

export type WindowConnector = {
  /**
   * PG-specific request rules beyond the capability table (e.g. Paymentwall's "First Last" buyer_name);
   * null = fine. `mode`: the channel's, for rules of the PG's own systems (a flow only the sandbox serves).
   */
  validate(req: WindowRequest, mode?: ChannelMode): string | null;
  /**
   * Where the browser goes. PGs whose window needs the order registered server to server first
   * (KICC's registration, PAYCO's order reserve) answer asynchronously; PAYCO answers `Declined` when
   * it refuses the order, KICC throws `PgRefusal`.
   */
  start(ctx: ConnectorContext, req: WindowRequest): WindowStart | HostedFormStart | Promise<WindowStart | HostedFormStart | Declined>;
  /** The answer a hosted form's script expects from its action (present where `start` may answer a hosted form). */
  hostedFormAnswer?(result: HostedFormResult): Record<string, unknown>;
  /**
   * `amount`/`currency` (optional, added for the checkout): the amount the window was opened with
   * (display-only billing windows included); a connector reports an approval of any other amount as declined.
   * `buyer` / `name`: the attempt's own (request_pay's), for PGs whose approval call carries them
   * (Paymentwall's Brick charge: the email a stored card is bound to), never the browser's word.
   */
  complete(ctx: ConnectorContext, req: WindowCompletion): Promise<WindowOutcome>;
  /**
   * Present where `complete` is what approves: the window only authenticated the buyer, and `complete`
   * asks the PG to approve (JTNet, PAYCO, KICC). True when this return is such an authentication (not a
   * cancel or a failure), so the gateway asks the merchant's confirm_url right before approving
   * (reference §8.2). Absent where the PG approves inside its own window (Paymentwall).
   */
  approvesOnComplete?(req: { orderId: string; returned: Record<string, string> }): boolean;
  /**
   * The order a notification is about, read before it is verified, for PGs that send every
   * notification of a project to one URL (Paymentwall's pingback URL): the gateway finds the channel
   * from the order and then verifies with that channel's keys. Absent: the URL names the channel.
   */
  orderOf?(req: { body: string; query: Record<string, string> }): string | null;
  /** Verifies and reads a notification; `rejected` for forged or malformed ones. */
  parseNotification(ctx: ConnectorContext, req: { body: string; contentType: string | null; query: Record<string, string> }): Promise<Notification>;
  /** The text the PG expects back from a notification endpoint (Paymentwall: "OK"). */
  notificationAck: string;
};

/**
 * A virtual account issued through the API (POST /vbanks). The PG reports the deposit later to
 * `notifyUrl`, as a `vbank_deposit` notification its window's accounts also send.
 */
export type IssueVbankRequest = {
  orderId: string; // our imp_uid
  merchantUid: string;
  amount: number; // minor units
  currency: Currency;
  taxFree: number;
  name: string | null;
  buyer: Buyer;
  bankCode: string; // KFTC 3-digit code
  holder: string | null;
  due: number; // unix seconds
  notifyUrl: string;
};
export type IssueVbankResult = { kind: 'vbank_issued'; pgTid: string; vbank: VbankDetails; pgRef?: string | null } | Declined;

/** API operations (plus the window flow); a PG without an operation lists it false in its capabilities. */
export type Connector = {
  provider: Provider;
  capabilities: Capabilities;
  window?: WindowConnector;
  /** Key-in operations exist only where `capabilities.apiKeyIn` (PAYCO and KICC have none). */
  chargeCard?(ctx: ConnectorContext, req: ChargeCardRequest): Promise<ChargeResult>;
  issueBillingKey?(ctx: ConnectorContext, req: IssueBillingKeyRequest): Promise<IssueBillingKeyResult>;
  chargeBillingKey(ctx: ConnectorContext, req: ChargeBillingKeyRequest): Promise<ChargeResult>;
  cancel(ctx: ConnectorContext, req: CancelRequest): Promise<CancelResult>;
  /**
   * Asks a full cancel (the whole, untouched payment) whose answer was lost once more, where the PG's
   * protocol makes that safe and has no status lookup to ask instead (tPay: a full refund takes the
   * whole balance, and one of what is already cancelled answers "already cancelled"). `cancelled`:
   * the PG's books now hold that refund, made by the lost call or by this one; anything else leaves
   * the outcome unknown. Absent where a repeat could refund twice. `refund` is null (not kept).
   */
  repeatFullCancel?(ctx: ConnectorContext, req: CancelRequest): Promise<CancelResult>;
  /** Issues a virtual account at the PG (POST /vbanks); absent where the connector has no such call. */
  issueVbank?(ctx: ConnectorContext, req: IssueVbankRequest): Promise<IssueVbankResult>;
  /**
   * Closes an unpaid virtual account at the PG (DELETE /vbanks: KICC's full cancel of an account nobody
   * paid), so that it takes no deposit any more; `requestId` is stable for the account (a repeat after a
   * lost answer is the same request). Absent where the PG documents no such call: the account is then not revoked.
   */
  closeVbank?(ctx: ConnectorContext, req: { orderId: string; pgTid: string; requestId: string; reason: string }): Promise<{ kind: 'closed' } | { kind: 'rejected'; pgCode: string; pgMessage: string }>;
  /**
   * Status check by our order id: how an unknown attempt is resolved. `pgRef` is the payment's kept
   * reference, `returned` what the PG's window sent back (PAYCO's lookup needs its reserveOrderNo);
   * `startedAt` (unix seconds) and `cancelRequestId` (the cancel attempt being settled) help KICC's.
   */
  getTransaction(ctx: ConnectorContext, req: { orderId: string; pgRef?: string | null; returned?: Record<string, string> | null; startedAt?: number; cancelRequestId?: string }): Promise<TransactionStatus>;
  /**
   * How the PG holds a payment now, by kind of money (PAYCO's paymentDetails: points are `secondary`,
   * coupons `discount`, the card/account/transfer part `primary`), for GET /payments/{imp_uid}/balance.
   */
  paymentParts?(ctx: ConnectorContext, req: { orderId: string; pgRef: string | null }): Promise<{ primary: number; secondary: number; discount: number }>;
  /** Removes a billing key at the PG (DELETE /subscribe/customers/{uid}); absent where the key exists only in openimp. `requestId` is ours for KICC's removeBatchKey. */
  deleteBillingKey?(ctx: ConnectorContext, req: { customerUid: string; billingKey: string; requestId: string }): Promise<{ kind: 'deleted' } | { kind: 'rejected'; pgCode: string; pgMessage: string }>;
  /** An order product status at the PG (PAYCO's updateOrderProductStatus; `POST /payco/orders/status/{imp_uid}`). */
  updateOrderStatus?(ctx: ConnectorContext, req: { orderId: string; pgTid: string; status: string }): Promise<{ kind: 'updated' } | { kind: 'rejected'; pgCode: string; pgMessage: string }>;
  /** Escrow delivery registration at the PG (KICC); absent where the gateway only records it. */
  registerEscrowShipping?(ctx: ConnectorContext, req: EscrowShippingRequest): Promise<EscrowShippingResult>;
  /** Delivery status to the PG (Paymentwall's Delivery Confirmation API; `POST /paymentwall/delivery`). */
  confirmDelivery?(ctx: ConnectorContext, req: DeliveryRequest): Promise<DeliveryResult>;
};

export type DeliveryRequest = {
  pgTid: string; merchantUid: string; type: 'physical' | 'digital';
  status: 'order_placed' | 'order_shipped' | 'delivering' | 'delivered';
  estimatedDelivery: number; estimatedUpdate: number; refundable: boolean; email: string;
  reason: string | null; details: string | null; carrierTrackingId: string | null; carrierType: string | null;
  shipping: { country: string; city: string; zip: string; state: string; street: string; phone: string; firstname: string; lastname: string } | null;
};
export type DeliveryResult = { kind: 'confirmed' } | { kind: 'rejected'; pgCode: string; pgMessage: string; notices: string[] };

/** Escrow delivery registration at the PG (POST /escrows/logis: KICC's escrow status change "shipping"). */
export type EscrowShippingRequest = {
  orderId: string; pgTid: string; requestId: string;
  company: string; invoice: string; sentAt: number; receiverName: string | null; receiverTel: string | null;
};
export type EscrowShippingResult = { kind: 'registered' } | { kind: 'rejected'; pgCode: string; pgMessage: string };

/** The PG could not be reached, timed out, or answered something that is not its protocol. */
export class PgTransportError extends Error {
  readonly reason: 'timeout' | 'unreachable' | 'bad_response';
  constructor(reason: 'timeout' | 'unreachable' | 'bad_response', message: string) {
    super(message);
    this.name = 'PgTransportError';
    this.reason = reason;
  }
}

/** The PG refused a request before anything was paid (KICC's transaction registration): its own code and message. */
export class PgRefusal extends Error {
  readonly pgCode: string;
  readonly pgMessage: string;
  constructor(pgCode: string, pgMessage: string) {
    super(`PG refused: ${pgCode}`);
    this.name = 'PgRefusal';
    this.pgCode = pgCode;
    this.pgMessage = pgMessage;
  }
}

/** A sandbox channel's settings with only the given credentials (tests, and fake PGs' own checks). */
export const sandboxChannel = (pgId: string, creds: Partial<Credentials> = {}): ChannelCredentials => ({
  mode: 'sandbox', pgId, secret: null, apiKey: null, publicKey: null, cpId: null, productId: null, cancelPassword: null, ...creds,
});
