/**
 * openimp extension: POST /sandbox-reset wipes the calling merchant's sandbox payments, billing keys,
 * schedules, prepares and their webhook log (docs/testing.md "Sandbox reset"); test and live data stay.
 */
import { resetSandboxData, type SandboxWipe } from '../../app/sandbox-reset.ts';
import { route, type RouteDef } from '../route.ts';

const view = (w: SandboxWipe) => ({
  payments: w.payments, billing_keys: w.billingKeys, schedules: w.schedules, prepares: w.prepares, webhook_deliveries: w.webhookDeliveries,
});

export default route({
  method: 'POST',
  url: '/sandbox-reset',
  schema: { summary: '샌드박스 데이터 초기화: sandbox 채널의 결제·빌링키·예약·사전등록·웹훅 기록 삭제 (openimp 확장)', tags: ['openimp.sandbox'] },
  handler: async ({ ctx, merchantId }) => ({ response: view(await resetSandboxData(ctx, merchantId)) }),
}) satisfies RouteDef;
