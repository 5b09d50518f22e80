/** Test helpers: Paymentwall keeps cards with Brick, so a billing key comes from a billing window's charge. */
import assert from 'node:assert/strict';
import type { CardInput } from '../../core/card.ts';
import type { ConnectorContext, Notification, WindowOutcome, WindowRequest } from '../contract.ts';
import { cardInputs, runWindow, windowRequest, type notificationSink } from '../window-flow.case.ts';
import { paymentwall } from './index.ts';

type Received = ReturnType<typeof notificationSink>['received'];
const w = paymentwall.window!;

/** The latest pingback for an order (a GET query to the pingback URL), read by the connector. */
export async function pingbackOf(c: ConnectorContext, received: Received, orderId: string): Promise<Notification> {
  const note = [...received].reverse().find((n) => new URL(n.url).searchParams.get('goodsid') === orderId);
  assert.ok(note, `no pingback for ${orderId}`);
  return w.parseNotification(c, { body: note.body, contentType: note.contentType, query: Object.fromEntries(new URL(note.url).searchParams) });
}

/** A billing window: the Brick card form, then `complete` charges its one-time token and stores the card. */
export async function billingWindow(c: ConnectorContext, card: CardInput, over: Partial<WindowRequest> = {}): Promise<{ req: WindowRequest; outcome: WindowOutcome }> {
  const req = windowRequest({ amount: 1_000, billing: { customerUid: 'cust_seed', charge: true }, ...over });
  const back = await runWindow(c.fetch, w.start(c, req), cardInputs(card));
  assert.equal(w.approvesOnComplete?.({ orderId: req.orderId, returned: back.fields }), true);
  return { req, outcome: await w.complete(c, { orderId: req.orderId, returned: back.fields, amount: req.amount, currency: req.currency }) };
}

/** A billing key, or null when the first charge declined (Brick then keeps no card). */
export const seedThroughBrick = async (c: ConnectorContext, card: CardInput): Promise<string | null> => {
  const { outcome } = await billingWindow(c, card);
  if (outcome.kind === 'declined') return null;
  assert.ok(outcome.kind === 'billing_key_issued', JSON.stringify(outcome));
  return outcome.billingKey;
};
