/**
 * The ONE list of PG connectors and their capability tables (the fake PGs have theirs: src/sandbox/registry.ts).
 * Adding a PG is its folder plus one line in each table below (ARCHITECTURE rule 10).
 */
import type { Provider } from '../core/payment.ts';
import type { ChannelSpec } from './channel-spec.ts';
import type { Capabilities, Connector } from './contract.ts';
import { jtnetChannel } from './jtnet/channel-fields.ts';
import { jtnetCapabilities } from './jtnet/capabilities.ts';
import { jtnet } from './jtnet/index.ts';
import { kiccChannel } from './kicc/channel-fields.ts';
import { kiccCapabilities } from './kicc/capabilities.ts';
import { kicc } from './kicc/index.ts';
import { paycoChannel } from './payco/channel-fields.ts';
import { paycoCapabilities } from './payco/capabilities.ts';
import { payco } from './payco/index.ts';
import { paymentwallChannel } from './paymentwall/channel-fields.ts';
import { paymentwallCapabilities } from './paymentwall/capabilities.ts';
import { paymentwall } from './paymentwall/index.ts';

/** Every PG's capabilities, known even before its connector exists, so `app/` can check them. */
const capabilities: Record<Provider, Capabilities> = {
  payco: paycoCapabilities,
  kicc: kiccCapabilities,
  jtnet: jtnetCapabilities,
  paymentwall: paymentwallCapabilities,
};

/** Every PG's channel facts: credentials, test and live hosts, notification sources. */
const channelSpecs: Record<Provider, ChannelSpec> = {
  payco: paycoChannel,
  kicc: kiccChannel,
  jtnet: jtnetChannel,
  paymentwall: paymentwallChannel,
};

/** The connectors built so far. */
export const connectors = {
  jtnet,
  payco,
  kicc,
  paymentwall,
} as const satisfies Partial<Record<Provider, Connector>>;

export function capabilitiesOf(provider: Provider): Capabilities {
  return capabilities[provider];
}

export function channelSpecOf(provider: Provider): ChannelSpec {
  return channelSpecs[provider];
}

/** The connector for a PG, or null while that PG's connector is not built. */
export function connectorFor(provider: Provider): Connector | null {
  return (connectors as Partial<Record<Provider, Connector>>)[provider] ?? null;
}
