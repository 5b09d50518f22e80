/**
 * POST /vbanks, PUT and DELETE /vbanks/{imp_uid} (reference §3.8), and the openimp sandbox extension
 * POST /vbanks/{imp_uid}/sandbox-deposit that plays the buyer's deposit.
 */
import { z } from 'zod';
import { depositSandboxVbank, issueVbank, revokeVbank, updateVbank } from '../../app/vbanks.ts';
import { amount, int, noticeUrl, orNull, text } from '../fields.ts';
import { route, type RouteDef } from '../route.ts';
import { paymentView } from '../views/payment.ts';

const params = z.object({ imp_uid: z.string() });

const issue = route({
  method: 'POST',
  url: '/vbanks',
  schema: {
    summary: '가상계좌 발급',
    tags: ['vbanks'],
    body: z.object({
      merchant_uid: text().pipe(z.string().min(1).max(40)), amount: amount(), vbank_code: text(), vbank_due: int(), vbank_holder: text().optional(),
      name: text().optional(), buyer_name: text().optional(), buyer_email: text().optional(), buyer_tel: text().optional(), buyer_addr: text().optional(),
      buyer_postcode: text().optional(), notice_url: noticeUrl().optional(), custom_data: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
      tax_free: amount().optional(), vat_amount: amount().optional(), currency: z.string().optional(), pg: text().optional(), channel_key: text().optional(),
      product_type: z.string().optional(), vbank_num: text().optional(), vbank_key: text().optional(), business_registration_number: text().optional(),
      product_count: z.unknown().optional(), escrow_password: text().optional(), fixed_unlimited_vbank: z.unknown().optional(),
    }),
  },
  handler: async ({ ctx, merchantId, body: b }) => ({
    response: paymentView(await issueVbank(ctx, merchantId, {
      merchantUid: b.merchant_uid, amount: b.amount, currency: b.currency, taxFree: b.tax_free, name: orNull(b.name),
      buyer: { name: orNull(b.buyer_name), email: orNull(b.buyer_email), tel: orNull(b.buyer_tel), addr: orNull(b.buyer_addr), postcode: orNull(b.buyer_postcode) },
      customData: b.custom_data === undefined ? null : typeof b.custom_data === 'string' ? b.custom_data : JSON.stringify(b.custom_data),
      noticeUrls: b.notice_url ?? null, pg: orNull(b.pg), vbankCode: b.vbank_code, vbankDue: b.vbank_due, vbankHolder: orNull(b.vbank_holder),
    })),
  }),
});

const edit = route({
  method: 'PUT',
  url: '/vbanks/:imp_uid',
  schema: { summary: '가상계좌 금액/입금기한 변경', tags: ['vbanks'], params, body: z.object({ amount: amount().optional(), vbank_due: int().optional() }) },
  // Always refused (app/vbanks.ts): the body is read only to answer V1's shape of errors for it.
  handler: async ({ ctx, merchantId, params: p }) => ({ response: paymentView(await updateVbank(ctx, merchantId, p.imp_uid)) }),
});

const revoke = route({
  method: 'DELETE',
  url: '/vbanks/:imp_uid',
  schema: { summary: '가상계좌 발급취소', tags: ['vbanks'], params },
  handler: async ({ ctx, merchantId, params: p }) => ({ response: paymentView(await revokeVbank(ctx, merchantId, p.imp_uid)) }),
});

const deposit = route({
  method: 'POST',
  url: '/vbanks/:imp_uid/sandbox-deposit',
  schema: { summary: 'sandbox 가상계좌 입금 시뮬레이션 (openimp 확장)', tags: ['openimp.sandbox'], params },
  handler: async ({ ctx, merchantId, params: p }) => ({ response: paymentView(await depositSandboxVbank(ctx, merchantId, p.imp_uid)) }),
});

export default [issue, edit, revoke, deposit] satisfies RouteDef[];
