/**
 * openimp extension: the fake PG behind a sandbox channel, steered (docs/testing.md "A chosen outcome,
 * a slow PG"): a chosen outcome for the channel's next charges, and a slow PG whose API answers come late.
 */
import { z } from 'zod';
import { GatewayError } from '../../core/errors.ts';
import { declineReasons, MAX_CHOSEN_CHARGES, MAX_DELAY_MS, outcomeKinds, readOutcome } from '../../core/sandbox-outcome.ts';
import { pgStringOf } from '../../app/merchant-admin.ts';
import { chooseSandboxOutcome, clearSandboxOutcomes, listSandboxOutcomes, sandboxPgBehaviours, setSandboxPgDelay, type ChannelChoices } from '../../app/sandbox-pg.ts';
import { int, nullableText, orNull } from '../fields.ts';
import { route, type RouteDef } from '../route.ts';

const view = (c: ChannelChoices) => ({
  pg: pgStringOf(c.channel),
  outcomes: c.outcomes.map((o) => ({ kind: o.outcome.kind, reason: o.outcome.kind === 'decline' ? o.outcome.reason : null, remaining: o.remaining })),
});

const get = route({
  method: 'GET',
  url: '/sandbox-pg',
  schema: { summary: 'sandbox PG 제어 상태: 채널별 지정 결과, PG별 응답 지연 (openimp 확장)', tags: ['openimp.sandbox'] },
  handler: async ({ ctx, merchantId }) => ({
    response: {
      channels: (await listSandboxOutcomes(ctx, merchantId)).map(view),
      delays: (await sandboxPgBehaviours(ctx, merchantId)).map((b) => ({ pg_provider: b.provider, delay_ms: b.delayMs })),
    },
  }),
});

const choose = route({
  method: 'POST',
  url: '/sandbox-pg/outcome',
  schema: {
    summary: 'sandbox 채널의 다음 결제(들)의 결과 지정 (openimp 확장)', tags: ['openimp.sandbox'],
    body: z.object({
      pg: nullableText(),
      kind: z.enum(outcomeKinds),
      reason: z.enum(declineReasons).nullable().optional(),
      count: int().pipe(z.number().int().min(1).max(MAX_CHOSEN_CHARGES)).optional(),
    }),
  },
  handler: async ({ ctx, merchantId, body }) => {
    const outcome = readOutcome(body.kind, body.reason);
    if (typeof outcome === 'string') throw new GatewayError('BAD_REQUEST', outcome);
    return { response: view(await chooseSandboxOutcome(ctx, merchantId, { pg: orNull(body.pg), outcome, count: body.count ?? 1 })) };
  },
});

const clear = route({
  method: 'POST',
  url: '/sandbox-pg/outcome/clear',
  schema: { summary: 'sandbox 채널에 지정한 결과 취소 (openimp 확장)', tags: ['openimp.sandbox'], body: z.object({ pg: nullableText() }) },
  handler: async ({ ctx, merchantId, body }) => ({ response: view(await clearSandboxOutcomes(ctx, merchantId, orNull(body.pg))) }),
});

const delay = route({
  method: 'POST',
  url: '/sandbox-pg/delay',
  schema: {
    summary: 'sandbox PG 응답 지연 설정: 그 PG의 모든 sandbox 채널에 적용 (openimp 확장)', tags: ['openimp.sandbox'],
    body: z.object({ pg: nullableText(), delay_ms: int().pipe(z.number().int().min(0).max(MAX_DELAY_MS)) }),
  },
  handler: async ({ ctx, merchantId, body }) => {
    const b = await setSandboxPgDelay(ctx, merchantId, orNull(body.pg), body.delay_ms);
    return { response: { pg_provider: b.provider, delay_ms: b.delayMs } };
  },
});

export default [get, choose, clear, delay] satisfies RouteDef[];
