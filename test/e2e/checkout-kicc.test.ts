/** KICC in the browser (reference §6.2, SEED 002): billing through the billing MID, amount display only. */
import { pgSuite } from './support/pg-suite.ts';

pgSuite({
  provider: 'kicc',
  general: { pg: 'kicc', pay_method: 'card', name: 'Order name: Test payment request', amount: 14000, buyer_email: 'iamport@siot.do', buyer_name: 'John Doe', buyer_tel: '010-1234-5678' },
  billing: { pg: 'kicc', pay_method: 'card', name: 'Initial billing key request', amount: 0, buyer_email: 'johndoe@gmail.com', buyer_name: 'John Doe', buyer_tel: '02-1234-1234' },
  billingPaidAmount: 0,
  again: { amount: 3000 },
});
