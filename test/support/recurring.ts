/** Config for tests that drive the scheduler and outbox by hand: both loops off, quick retries. */
import type { Config } from '../../src/config.ts';
import { loadRecurringConfig, type RecurringConfig } from '../../src/config-recurring.ts';

export function manualRecurring(over: Partial<RecurringConfig> = {}): Partial<Config> {
  return { recurring: { ...loadRecurringConfig({}), schedulerEnabled: false, outboxEnabled: false, ...over } };
}
