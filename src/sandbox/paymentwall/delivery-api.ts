/**
 * The sandbox Delivery Confirmation API (`POST /api/delivery`, apis#section-tools-delivery-confirmation):
 * the project's secret key in `X-ApiKey`, the documented fields checked, each notice kept with its payment.
 */
import type { SimulatorStore } from '../contract.ts';
import type { SandboxBooks } from '../books.ts';

const statuses = new Set([
  'order_placed', 'order_preparing', 'started', 'delivering', 'delivered', 'consumed', 'waiting_user_action', 'delayed', 'failed_will_retry',
  'order_cancelled', 'retry_started', 'refund_requested', 'refund_request_declined', 'refund_request_accepted', 'refund_issued',
  'cancelled_subscription', 'substitution_requested', 'substitution_accepted', 'substitution_declined',
]);
const common = ['payment_id', 'merchant_reference_id', 'type', 'status', 'estimated_delivery_datetime', 'estimated_update_datetime', 'refundable', 'details', 'shipping_address[email]'];
const physical = ['reason', 'attachments', ...['country', 'city', 'zip', 'state', 'street', 'phone', 'firstname', 'lastname'].map((k) => `shipping_address[${k}]`)];
const DATE = /^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2} [+-]\d{4}$/;

const fail = (status: number, code: number, error: string, notices: string[] = []) => Response.json({ error_code: code, error, notices }, { status });

export type DeliveryDeps = { books: SandboxBooks; store: SimulatorStore; secretFor(projectKey: string): string };

export async function recordDelivery(req: Request, f: URLSearchParams, d: DeliveryDeps): Promise<Response> {
  const apiKey = req.headers.get('x-apikey');
  if (!apiKey) return fail(401, 4006, 'API key is not provided');
  const tx = await d.books.findTx(f.get('payment_id') ?? '');
  if (!tx || d.secretFor(tx.mid) !== apiKey) return fail(401, 4007, 'API key is invalid');
  const required = f.get('type') === 'physical' ? [...common, ...physical] : common;
  const missing = required.filter((k) => !f.get(k));
  if (missing.length > 0) return fail(400, 3008, 'Please fill in all required fields.', missing.map((k) => `${k} is required`));
  const bad = [
    ...(['physical', 'digital'].includes(f.get('type')!) ? [] : ['type']),
    ...(statuses.has(f.get('status')!) ? [] : ['status']),
    ...(['true', 'false'].includes(f.get('refundable')!) ? [] : ['refundable']),
    ...['estimated_delivery_datetime', 'estimated_update_datetime'].filter((k) => !DATE.test(f.get(k)!)),
  ];
  if (bad.length > 0) return fail(400, 3008, 'Invalid parameters', bad.map((k) => `${k} is invalid`));
  const key = `delivery:${tx.tid}`;
  await d.store.set(key, [...((await d.store.get<Record<string, string>[]>(key)) ?? []), Object.fromEntries(f)]);
  return Response.json({ success: 1 });
}
