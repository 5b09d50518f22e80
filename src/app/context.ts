/** Everything a use case needs, built once in main.ts (or by a test) and passed in. */
import type { ChannelSpec } from '../connectors/channel-spec.ts';
import type { Capabilities, Connector, ConnectorContext } from '../connectors/contract.ts';
import type { SandboxControls } from '../connectors/sandbox-controls.ts';
import type { RandomBytes } from '../core/ids.ts';
import type { DomainEvent, Payment, Provider } from '../core/payment.ts';
import type { Logger } from '../logger.ts';
import type { Db } from '../storage/db.ts';
import type { Channel } from '../storage/merchants.ts';
import type { NewDelivery } from '../storage/outbox.ts';
import type { OutboundPolicy } from './outbound-targets.ts';
import type { RecurringSettings } from './recurring-settings.ts';
import type { SecretBox } from './secret-box.ts';
import type { TokenCache } from './token-cache.ts';

export type PgAccess = {
  connector(provider: Provider): Connector | null;
  capabilities(provider: Provider): Capabilities;
  /** A PG's channel facts: the credentials it needs, its hosts, its notification sources. */
  channelSpec(provider: Provider): ChannelSpec;
  /** The connector context for a channel: its mode, credentials and where its PG (or fake PG) lives. */
  contextFor(channel: Channel): ConnectorContext;
  /**
   * Whether a notification for this channel may come from `sourceIp`: always on sandbox channels; on
   * test and live channels only from the PG's documented addresses or `OPENIMP_<PG>_NOTIFY_IPS`.
   */
  acceptsNotificationFrom(channel: Channel, sourceIp: string): boolean;
  /** Where this channel's PG reports asynchronously (`{public URL}/pg/{provider}/notify?...`), for calls outside a window (POST /vbanks). */
  notifyUrl(channel: Channel): string;
  /**
   * The one URL a merchant enters at its PG for every notification (`{public URL}/pg/{provider}/notify`:
   * KICC's webhook URL, Paymentwall's pingback URL), for PGs that report a whole merchant to one URL
   * (their connector names the order: `window.orderOf`); null for PGs that take a URL with each request.
   */
  merchantNotifyUrl(provider: Provider): string | null;
  /** The fake PGs' controls (registering merchants, vbank deposits, ...); null when this process has none. */
  sandbox: SandboxControls | null;
};

/** What a transition announces: the webhook deliveries written with it, in its transaction (the outbox). */
export type EventSink = {
  /** The deliveries `events` of `payment` make (pure; a null URL is the merchant's webhook URL when they are written). */
  deliveries(payment: Payment, events: DomainEvent[]): NewDelivery[];
  /** Deliveries were written: wakes this process's outbox loop. */
  queued(): void;
};

export type AppContext = {
  db: Db;
  /** UNIX seconds. */
  now: () => number;
  random: RandomBytes;
  log: Logger;
  box: SecretBox;
  pg: PgAccess;
  events: EventSink;
  /** Tokens already checked (auth.ts); on only while this process hears revocations (gateway.ts). */
  tokens: TokenCache;
  /** Which addresses merchant-supplied URLs may reach (OPENIMP_ALLOW_PRIVATE_URLS). */
  outbound: OutboundPolicy;
  /** Scheduler, outbox and idempotency policy; defaults apply when absent. */
  recurring?: RecurringSettings;
};
