/**
 * The sandbox controls a merchant (or its console) may use on its own sandbox channels: a chosen
 * outcome for the next charges at the fake PG, and a slow PG (src/sandbox/README.md, docs/testing.md).
 * Both go over the fake PGs' control API (connectors/sandbox-controls.ts); test and live channels
 * reach the real PG, which takes no such orders, so they are refused.
 */
import { GatewayError } from '../core/errors.ts';
import type { Provider } from '../core/payment.ts';
import type { CardOutcome } from '../core/sandbox-outcome.ts';
import type { ChosenOutcome, PgBehaviour, SandboxControls } from '../connectors/sandbox-controls.ts';
import { listChannels, type Channel } from '../storage/merchants.ts';
import type { AppContext } from './context.ts';
import { resolveChannel } from './resolve-channel.ts';

function controlsOf(ctx: AppContext): SandboxControls {
  if (!ctx.pg.sandbox) throw new GatewayError('PG_FEATURE_UNSUPPORTED', '(이 openimp 에는 sandbox PG 가 없습니다)');
  return ctx.pg.sandbox;
}

async function sandboxChannel(ctx: AppContext, merchantId: number, pg: string | null): Promise<Channel> {
  const channel = resolveChannel(await listChannels(ctx.db, merchantId, { enabledOnly: true }), pg, 'general');
  if (channel.mode !== 'sandbox') throw new GatewayError('PG_FEATURE_UNSUPPORTED', '(sandbox PG 제어는 sandbox 채널에서만 가능합니다)');
  return channel;
}

/** A control the fake PG did not answer: the merchant learns it failed, the log has the detail. */
async function reach<T>(ctx: AppContext, what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    ctx.log.warn({ control: what, reason: err instanceof Error ? err.message : 'unknown' }, 'sandbox control failed');
    throw new GatewayError('PG_UNREACHABLE');
  }
}

export type ChannelChoices = { channel: Channel; outcomes: ChosenOutcome[] };

/** The next `count` charges on the channel (`pg` as in V1; null = the default) get `outcome`. */
export async function chooseSandboxOutcome(ctx: AppContext, merchantId: number, input: { pg: string | null; outcome: CardOutcome; count: number }): Promise<ChannelChoices> {
  const channel = await sandboxChannel(ctx, merchantId, input.pg);
  const controls = controlsOf(ctx);
  await reach(ctx, 'outcomes', () => controls.chooseOutcome(channel.provider, channel.pgId, { outcome: input.outcome, count: input.count }));
  return { channel, outcomes: await reach(ctx, 'outcomes', () => controls.chosenOutcomes(channel.provider, channel.pgId)) };
}

/** Forgets what was chosen for the channel's next charges. */
export async function clearSandboxOutcomes(ctx: AppContext, merchantId: number, pg: string | null): Promise<ChannelChoices> {
  const channel = await sandboxChannel(ctx, merchantId, pg);
  const controls = controlsOf(ctx);
  await reach(ctx, 'outcomes', () => controls.clearOutcomes(channel.provider, channel.pgId));
  return { channel, outcomes: [] };
}

/** What is chosen for each of the merchant's sandbox channels (the console's sandbox page). */
export async function listSandboxOutcomes(ctx: AppContext, merchantId: number): Promise<ChannelChoices[]> {
  const controls = ctx.pg.sandbox;
  if (!controls) return [];
  const channels = (await listChannels(ctx.db, merchantId, { enabledOnly: true })).filter((c) => c.mode === 'sandbox');
  return Promise.all(channels.map(async (channel) => ({ channel, outcomes: await reach(ctx, 'outcomes', () => controls.chosenOutcomes(channel.provider, channel.pgId)) })));
}

/**
 * A slow PG: the fake PG behind the merchant's sandbox channel (`pg` as in V1) holds back its API
 * answers by `delayMs` (0 = at once). The fake PG is shared: every sandbox channel on it is slowed.
 */
export async function setSandboxPgDelay(ctx: AppContext, merchantId: number, pg: string | null, delayMs: number): Promise<{ provider: Provider } & PgBehaviour> {
  const channel = await sandboxChannel(ctx, merchantId, pg);
  const controls = controlsOf(ctx);
  return { provider: channel.provider, ...(await reach(ctx, 'behaviour', () => controls.setBehaviour(channel.provider, { delayMs }))) };
}

/** How slow each fake PG the merchant has a sandbox channel on is. */
export async function sandboxPgBehaviours(ctx: AppContext, merchantId: number): Promise<({ provider: Provider } & PgBehaviour)[]> {
  const controls = ctx.pg.sandbox;
  if (!controls) return [];
  const providers = [...new Set((await listChannels(ctx.db, merchantId, { enabledOnly: true })).filter((c) => c.mode === 'sandbox').map((c) => c.provider))];
  return Promise.all(providers.map(async (provider) => ({ provider, ...(await reach(ctx, 'behaviour', () => controls.behaviour(provider))) })));
}
