/** PAYCO in the browser (reference §6.1, SEEDS 000/001): buyer_tel required; billing amount is display only. */
import { pgSuite } from './support/pg-suite.ts';

pgSuite({
  provider: 'payco',
  general: { pg: 'payco', name: '주문명:결제테스트', amount: 1004, buyer_email: 'iamport@siot.do', buyer_name: '구매자이름', buyer_tel: '010-1234-5678' },
  billing: { pg: 'payco', name: 'PAYCO 자동결제 등록', amount: 1000, buyer_email: 'iamport@siot.do', buyer_name: '아임포트', buyer_tel: '02-1234-1234' },
  // Display only: the issuance charges nothing (a paid record of 0, docs/differences.md).
  billingPaidAmount: 0,
  again: { amount: 3000 },
});
