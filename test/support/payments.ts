/** Payments of PGs whose connectors are not built yet, written straight to storage for endpoint tests. */
import { newPayment, type Payment } from '../../src/core/payment.ts';
import { insertPayment } from '../../src/storage/payments.ts';
import type { TestGateway } from './gateway.ts';

let seq = 0;

export async function insertTestPayment(gw: TestGateway, over: Partial<Payment>): Promise<Payment> {
  seq++;
  const p = newPayment({
    impUid: `imp_9${String(process.pid % 1000).padStart(3, '0')}${String(seq).padStart(8, '0')}`, merchantId: gw.demo.merchant.id, merchantUid: `ext_${seq}`,
    channelId: null, payMethod: 'card', channel: 'pc', pgProvider: 'kicc', pgId: 'T5102001', sandbox: true, currency: 'KRW', amount: 10000,
    startedAt: gw.ctx.now(), status: 'paid', paidAt: gw.ctx.now(), pgTid: `tid_${seq}`, ...over,
  });
  await insertPayment(gw.ctx.db, p);
  return p;
}
