/**
 * The Paymentwall widget (connector side). The widget charges by itself and the result reaches the
 * gateway as a signed pingback (reference §6.4: final results are asynchronous), so `complete`
 * answers `pending` for a buyer who went through, and the outcome comes from `parseNotification`.
 */
import type { ConnectorContext, Notification, WindowConnector } from '../contract.ts';
import { sameSignature } from '../signature.ts';
import { bypass, useTestMethod } from '../window-options.ts';
import { toWireDecimal } from '../../core/wire-decimal.ts';
import { pingbackNotification } from './map.ts';
import { pingback, PW_SANDBOX_SECRET, pwPaths, signV2 } from './wire.ts';

export const pwSecret = (ctx: ConnectorContext): string => ctx.channel.secret ?? PW_SANDBOX_SECRET;

export const paymentwallWindow: WindowConnector = {
  notificationAck: 'OK',

  validate(req) {
    // SEED 004 / reference §6.4: buyer_email required, buyer_name "Firstname Lastname".
    if (!req.buyer.email) return 'Paymentwall 결제에는 buyer_email 이 필요합니다.';
    if (!/^\S+( \S+)+$/.test(req.buyer.name ?? '')) return 'Paymentwall buyer_name 은 "Firstname Lastname" 처럼 이름과 성을 띄어 써야 합니다.';
    if (req.billing && req.payMethod !== 'card') return 'Paymentwall 빌링키 결제창은 pay_method card 만 지원합니다.';
    if (req.amount <= 0) return 'Paymentwall 결제창은 0보다 큰 금액이 필요합니다. (빌링키 발급 시에도 결제됩니다)';
    return null;
  },

  start(ctx, req) {
    const b = bypass(req.options);
    const [first = '', ...rest] = (req.buyer.name ?? '').split(' ');
    const unsigned: Record<string, string> = {
      key: ctx.channel.pgId, uid: req.buyer.email ?? '', widget: b.widget_code ?? 'pw_1', email: req.buyer.email ?? '',
      ag_external_id: req.orderId, ag_name: req.name ?? '', ag_type: 'fixed',
      amount: toWireDecimal(req.amount, req.currency), currencyCode: req.currency,
      ps: b.ps ?? 'all', country_code: b.country_code ?? '', test_mode: useTestMethod(req.options) ? '1' : '0',
      save_card: req.billing ? '1' : '0', 'customer[firstname]': first, 'customer[lastname]': rest.join(' '),
      success_url: req.returnUrl, pingback_url: req.notifyUrl, lang: req.language, sign_version: '2',
    };
    return { method: 'GET', url: `${ctx.baseUrl.replace(/\/$/, '')}${pwPaths.widget}`, fields: { ...unsigned, sign: signV2(unsigned, pwSecret(ctx)) } };
  },

  async complete(_ctx, req) {
    const r = req.returned;
    if (r.status === 'cancelled') return { kind: 'user_cancelled', pgMessage: r.message ?? '' };
    if (r.status === 'declined') return { kind: 'declined', pgTid: null, pgCode: r.error_code ?? '', pgMessage: r.message ?? '' };
    // Success in the browser is only a hint: the pingback decides (it may already have arrived).
    return { kind: 'pending' };
  },

  async parseNotification(ctx, req): Promise<Notification> {
    // Pingbacks come as a form body; a project set to GET pingbacks sends the query instead.
    const fields = req.body.trim() !== '' ? Object.fromEntries(new URLSearchParams(req.body)) : req.query;
    const parsed = pingback.safeParse(fields);
    if (!parsed.success) return { kind: 'rejected', reason: 'not a Paymentwall pingback' };
    if (!sameSignature(parsed.data.sig, signV2(fields, pwSecret(ctx)))) return { kind: 'rejected', reason: 'bad signature' };
    return pingbackNotification(parsed.data);
  },
};
