/**
 * The ONE list of PGs: their capability tables, their connectors and their sandbox simulators.
 * Adding a PG is its folder plus one line in each table below (ARCHITECTURE rule 10).
 */
import type { Provider } from '../core/payment.ts';
import type { ChannelSpec } from './channel-spec.ts';
import type { Capabilities, Connector, SimulatorStore } from './contract.ts';
import { jtnetChannel } from './jtnet/channel-fields.ts';
import { jtnetCapabilities } from './jtnet/capabilities.ts';
import { jtnet } from './jtnet/index.ts';
import { createJtnetSimulator } from './jtnet/simulator.ts';
import { kiccChannel } from './kicc/channel-fields.ts';
import { kiccCapabilities } from './kicc/capabilities.ts';
import { kicc } from './kicc/index.ts';
import { createKiccSimulator } from './kicc/simulator.ts';
import { paycoChannel } from './payco/channel-fields.ts';
import { paycoCapabilities } from './payco/capabilities.ts';
import { payco } from './payco/index.ts';
import { createPaycoSimulator } from './payco/simulator.ts';
import { paymentwallChannel } from './paymentwall/channel-fields.ts';
import { paymentwallCapabilities } from './paymentwall/capabilities.ts';
import { paymentwall } from './paymentwall/index.ts';
import { createPaymentwallSimulator } from './paymentwall/simulator.ts';
import type { SandboxSimulator, SimulatorOptions } from './sandbox-simulator.ts';

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

const simulatorFactories = {
  jtnet: createJtnetSimulator,
  payco: createPaycoSimulator,
  kicc: createKiccSimulator,
  paymentwall: createPaymentwallSimulator,
} as const satisfies Partial<Record<Provider, (opts: SimulatorOptions) => SandboxSimulator>>;

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

export type SimulatorsOptions = Omit<SimulatorOptions, 'store'> & {
  /** The store for each PG: each keeps its own books (e.g. storage's `sandboxStore(db, provider)`). */
  store: (provider: Provider) => SimulatorStore;
};

/**
 * One simulator per PG that has one (PGs without a simulator yet are absent), each mounted by the
 * caller at `{base}/sandbox/{provider}`.
 */
export function createSimulators(opts: SimulatorsOptions): Partial<Record<Provider, SandboxSimulator>> {
  const { store, ...shared } = opts;
  const out: Partial<Record<Provider, SandboxSimulator>> = {};
  for (const [provider, create] of Object.entries(simulatorFactories) as [Provider, (o: SimulatorOptions) => SandboxSimulator][]) {
    out[provider] = create({ ...shared, store: store(provider) });
  }
  return out;
}
