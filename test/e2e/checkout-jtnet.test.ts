/** JTNet in the browser (reference §6.3, SEED 003): billing amount 0 = key only. */
import { pgSuite } from './support/pg-suite.ts';

pgSuite({
  provider: 'jtnet',
  general: { pg: 'jtnet', pay_method: 'card', name: '주문명:결제테스트', amount: 14000, buyer_email: 'iamport@siot.do', buyer_name: 'John Doe', buyer_tel: '010-1234-5678' },
  billing: { pg: 'jtnet', pay_method: 'card', name: '최초인증결제', amount: 0, buyer_email: 'johndoe@gmail.com', buyer_name: 'John Doe', buyer_tel: '02-1234-1234' },
  billingPaidAmount: 0,
  again: { amount: 3000 },
});
