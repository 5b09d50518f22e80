/**
 * Paymentwall in the browser (reference §6.4, SEED 004): results arrive asynchronously (pingback ->
 * /pg/paymentwall/notify) while the window waits; a billing window always charges its amount, and a
 * later `again` needs the issuance buyer_email and a browser_ip.
 */
import { pgSuite } from './support/pg-suite.ts';

pgSuite({
  provider: 'paymentwall',
  general: { pg: 'paymentwall', pay_method: 'card', name: '주문명:결제테스트', amount: 20, currency: 'USD', buyer_email: 'test@portone.io', buyer_name: 'Jack Son', buyer_tel: '010-1234-5678' },
  billing: { pg: 'paymentwall', pay_method: 'card', name: '최초인증결제', amount: 20, currency: 'USD', buyer_email: 'test@portone.io', buyer_name: 'Jack Son', buyer_tel: '02-1234-1234' },
  billingPaidAmount: 20,
  again: { amount: 10, currency: 'USD', buyer_email: 'test@portone.io', browser_ip: '203.0.113.7' },
});
