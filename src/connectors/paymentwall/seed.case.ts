/** Test helpers: Paymentwall billing keys arrive with a pingback, not with the browser's return. */
import assert from 'node:assert/strict';
import type { CardInput } from '../../core/card.ts';
import type { ConnectorContext, Notification } from '../contract.ts';
import { cardInputs, runWindow, windowRequest, type notificationSink } from '../window-flow.case.ts';
import { paymentwall } from './index.ts';

type Received = ReturnType<typeof notificationSink>['received'];
const w = paymentwall.window!;

/** The latest pingback for an order, read by the connector. */
export async function pingbackOf(c: ConnectorContext, received: Received, orderId: string): Promise<Notification> {
  const note = [...received].reverse().find((n) => new URLSearchParams(n.body).get('goodsid') === orderId);
  assert.ok(note, `no pingback for ${orderId}`);
  return w.parseNotification(c, { body: note.body, contentType: note.contentType, query: {} });
}

/** Keys come from a billing window, which always charges; the key arrives with the pingback. */
export const seedThroughPingback = (received: Received) => async (c: ConnectorContext, card: CardInput): Promise<string> => {
  const req = windowRequest({ amount: 1_000, billing: { customerUid: 'cust_seed', charge: true } });
  const back = await runWindow(c.fetch, w.start(c, req), cardInputs(card));
  assert.equal((await w.complete(c, { orderId: req.orderId, returned: back.fields })).kind, 'pending');
  const n = await pingbackOf(c, received, req.orderId);
  assert.ok(n.kind === 'outcome' && n.outcome.kind === 'billing_key_issued', JSON.stringify(n));
  return n.outcome.billingKey;
};
