/**
 * The ONE list of fake PGs. Adding a PG is its folder under src/sandbox/ plus one line here; each is
 * served under `/{provider}` by the sandbox server (src/sandbox/README.md).
 */
import type { Provider } from '../core/payment.ts';
import type { SimulatorStore } from './contract.ts';
import { createJtnetSimulator } from './jtnet/simulator.ts';
import { createKiccSimulator } from './kicc/simulator.ts';
import { createPaycoSimulator } from './payco/simulator.ts';
import { createPaymentwallSimulator } from './paymentwall/simulator.ts';
import type { SandboxSimulator, SimulatorOptions } from './simulator.ts';

const simulatorFactories = {
  jtnet: createJtnetSimulator,
  payco: createPaycoSimulator,
  kicc: createKiccSimulator,
  paymentwall: createPaymentwallSimulator,
} as const satisfies Record<Provider, (opts: SimulatorOptions) => SandboxSimulator>;

export type SimulatorsOptions = Omit<SimulatorOptions, 'store'> & {
  /** The books of each fake PG: each keeps its own (e.g. storage's `sandboxStore(db, provider)` on the sandbox's database). */
  store: (provider: Provider) => SimulatorStore;
};

/** One fake PG per provider, each served by the caller under `/{provider}`. */
export function createSimulators(opts: SimulatorsOptions): Record<Provider, SandboxSimulator> {
  const { store, ...shared } = opts;
  const out = {} as Record<Provider, SandboxSimulator>;
  for (const [provider, create] of Object.entries(simulatorFactories) as [Provider, (o: SimulatorOptions) => SandboxSimulator][]) {
    out[provider] = create({ ...shared, store: store(provider) });
  }
  return out;
}
