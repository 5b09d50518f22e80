/** KICC channels: `pg_id` is the mall id (mallId); the secret key signs msgAuthValue (pg-protocols.md §1). */
import type { ChannelSpec } from '../channel-spec.ts';

export const kiccChannel: ChannelSpec = {
  name: 'KICC',
  idLabels: {
    general: { ko: 'KICC 상점 ID (MID)', en: 'KICC shop id (MID)' },
    billing: { ko: 'KICC 빌링 MID', en: 'KICC billing MID' },
  },
  credentials: [
    { field: 'secret', label: { ko: '보안키 (Secret key)', en: 'Secret key' }, requiredFor: ['general', 'billing', 'api'] },
  ],
  demo: [
    { pgId: 'T5102001', purpose: 'general', name: 'KICC 일반결제' },
    { pgId: 'T5102002', purpose: 'billing', name: 'KICC 빌링' },
  ],
  hosts: { test: 'https://testpgapi.easypay.co.kr', live: 'https://pgapi.easypay.co.kr' },
  // The webhook is unsigned; KICC protects it by source address (docs.kicc.co.kr webhook page).
  notifySources: { test: ['61.33.205.151'], live: ['203.233.72.150', '203.233.72.151', '61.33.211.180'], documented: true, source: 'docs.kicc.co.kr online-payment/services/webhook (pg-protocols.md §1.4)' },
};
