/**
 * Deletes a merchant's sandbox data (docs/testing.md "Sandbox reset"): payments made on sandbox
 * channels with everything that hangs on them, sandbox billing keys and their schedules, the webhook
 * log of those payments and the prepares of their orders. Rows of test or live channels are never
 * selected. `everything` (a merchant with sandbox channels only) also clears all its prepares and
 * Idempotency-Key records, which name no channel.
 */
import type { Queryable } from './db.ts';

export type SandboxWipe = { payments: number; billingKeys: number; schedules: number; prepares: number; webhookDeliveries: number };

const SANDBOX_PAYMENTS = 'select imp_uid from payments where merchant_id = $1 and sandbox';

/** Tables whose foreign keys name payments(imp_uid), read from the catalog so new ones are included. */
async function paymentChildren(q: Queryable): Promise<{ table: string; column: string }[]> {
  return q.query<{ table: string; column: string }>(
    `select c.conrelid::regclass::text as "table", quote_ident(a.attname) as "column"
       from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any (c.conkey)
      where c.contype = 'f' and c.confrelid = 'payments'::regclass and c.conrelid <> 'payments'::regclass
      order by 1`,
  );
}

const count = async (q: Queryable, sql: string, params: unknown[]): Promise<number> => (await q.query(`${sql} returning 1`, params)).length;

export async function wipeSandboxData(q: Queryable, merchantId: number, everything: boolean): Promise<SandboxWipe> {
  const m = [merchantId];
  await q.query(`delete from webhook_attempts where delivery_id in (select id from webhook_deliveries where merchant_id = $1 and imp_uid in (${SANDBOX_PAYMENTS}))`, m);
  const webhookDeliveries = await count(q, `delete from webhook_deliveries where merchant_id = $1 and imp_uid in (${SANDBOX_PAYMENTS})`, m);
  const schedules = await count(q,
    `delete from schedules where merchant_id = $1
       and (customer_uid in (select customer_uid from billing_keys where merchant_id = $1 and sandbox) or imp_uid in (${SANDBOX_PAYMENTS}))`, m);
  const prepares = everything
    ? await count(q, 'delete from payment_prepares where merchant_id = $1', m)
    : await count(q,
      `delete from payment_prepares p where merchant_id = $1
         and exists (select 1 from payments x where x.merchant_id = $1 and x.merchant_uid = p.merchant_uid and x.sandbox)
         and not exists (select 1 from payments x where x.merchant_id = $1 and x.merchant_uid = p.merchant_uid and not x.sandbox)`, m);
  for (const { table, column } of await paymentChildren(q)) {
    await q.query(`delete from ${table} where ${column} in (${SANDBOX_PAYMENTS})`, m);
  }
  const payments = await count(q, 'delete from payments where merchant_id = $1 and sandbox', m);
  const billingKeys = await count(q, 'delete from billing_keys where merchant_id = $1 and sandbox', m);
  if (everything) await q.query('delete from idempotency_keys where merchant_id = $1', m);
  return { payments, billingKeys, schedules, prepares, webhookDeliveries };
}
