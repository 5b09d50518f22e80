/**
 * Sandbox channels are merchants of the fake PGs: like a real PG after onboarding, the fake PG must
 * know a channel's MID (project key, seller key) and every credential its PG module names (secret,
 * API key, Brick keys, cpId/productId, cancel password) to check what the channel signs and sends,
 * and, where the PG takes one notification URL per merchant in its admin (KICC's webhook URL,
 * Paymentwall's pingback URL), `{public URL}/pg/{provider}/notify`, as the operator enters it there.
 * The gateway registers a sandbox channel when it is saved, and every sandbox channel at start
 * (the fake PGs may have been reset, or the channel saved by the CLI while they were not running).
 */
import { credentialFields, type Credentials } from '../core/channel.ts';
import { listChannels, listMerchants, type Channel } from '../storage/merchants.ts';
import type { AppContext } from './context.ts';

/** Registers one channel with its fake PG; a fake PG that cannot be reached is logged, not fatal. */
export async function registerSandboxChannel(ctx: AppContext, channel: Channel): Promise<boolean> {
  const controls = ctx.pg.sandbox;
  if (!controls || channel.mode !== 'sandbox') return false;
  try {
    const opened = ctx.pg.contextFor(channel).channel;
    const credentials = Object.fromEntries(credentialFields.map((f) => [f, opened[f]])) as Credentials;
    await controls.registerMerchant(channel.provider, channel.pgId, credentials, ctx.pg.merchantNotifyUrl(channel.provider));
    return true;
  } catch (err) {
    ctx.log.warn({ provider: channel.provider, pgId: channel.pgId, reason: err instanceof Error ? err.message : 'unknown' }, 'could not register a sandbox channel with its fake PG');
    return false;
  }
}

/** Every merchant's sandbox channels, registered with their fake PGs. */
export async function registerSandboxChannels(ctx: AppContext): Promise<number> {
  if (!ctx.pg.sandbox) return 0;
  let n = 0;
  for (const m of await listMerchants(ctx.db)) {
    for (const c of await listChannels(ctx.db, m.id)) if (await registerSandboxChannel(ctx, c)) n++;
  }
  return n;
}
