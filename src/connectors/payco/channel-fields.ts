/** PAYCO channels: `pg_id` is the sellerKey; cpId and productId name the contracted product (pg-protocols.md §2). */
import type { ChannelSpec } from '../channel-spec.ts';

export const paycoChannel: ChannelSpec = {
  name: 'PAYCO',
  idLabels: {
    general: { ko: '가맹점 코드 (MID)', en: 'Seller code (MID)' },
    billing: { ko: '자동결제 가맹점 코드 (MID)', en: 'Auto-payment seller code (MID)' },
  },
  credentials: [
    { field: 'cpId', label: { ko: '상점ID (cpId)', en: 'cpId' }, requiredFor: ['general', 'billing', 'api'] },
    { field: 'productId', label: { ko: '상품ID (productId)', en: 'productId' }, requiredFor: ['general', 'billing', 'api'] },
  ],
  demo: [
    { pgId: 'PARTNERTEST', purpose: 'general', name: 'PAYCO 일반결제' },
    { pgId: 'AUTOPAY', purpose: 'billing', name: 'PAYCO 자동결제' },
  ],
  hosts: { test: 'https://alpha-api-bill.payco.com', live: 'https://api-bill.payco.com' },
  // PAYCO documents no source addresses for serviceUrl or deposit notices (pg-protocols.md §2.6).
  notifySources: { test: [], live: [], documented: false, source: 'none published (pg-protocols.md §2.6)' },
};
