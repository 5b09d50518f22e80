/**
 * openimp extension: the sandbox test clock (docs/scale-out.md "Test clocks"). Advancing it makes the
 * merchant's schedules due as if the time had passed and runs them before answering.
 */
import { z } from 'zod';
import { advanceSandboxClock, getSandboxClock, resetSandboxClock } from '../../app/sandbox-clock.ts';
import { int } from '../fields.ts';
import { route, type RouteDef } from '../route.ts';

const view = (c: { offset: number; now: number; realNow: number }) => ({ offset: c.offset, now: c.now, real_now: c.realNow });

const get = route({
  method: 'GET',
  url: '/sandbox-clock',
  schema: { summary: '테스트 시계 조회 (sandbox, openimp 확장)', tags: ['openimp.sandbox'] },
  handler: async ({ ctx, merchantId }) => ({ response: view(await getSandboxClock(ctx, merchantId)) }),
});

const advance = route({
  method: 'POST',
  url: '/sandbox-clock/advance',
  schema: { summary: '테스트 시계를 앞으로 이동하고 도래한 예약결제 실행 (sandbox)', tags: ['openimp.sandbox'], body: z.object({ seconds: int() }) },
  handler: async ({ ctx, merchantId, body }) => {
    const r = await advanceSandboxClock(ctx, merchantId, body.seconds);
    return { response: { ...view(r), executed: r.ran.paid + r.ran.failed, paid: r.ran.paid, failed: r.ran.failed, deferred: r.ran.deferred } };
  },
});

const reset = route({
  method: 'POST',
  url: '/sandbox-clock/reset',
  schema: { summary: '테스트 시계 초기화 (sandbox)', tags: ['openimp.sandbox'] },
  handler: async ({ ctx, merchantId }) => ({ response: view(await resetSandboxClock(ctx, merchantId)) }),
});

export default [get, advance, reset] satisfies RouteDef[];
