/**
 * GET /console/payments (search, keyset pages), GET /console/payments/:impUid (detail, attempts,
 * cancel history, unknown attempts: settle-attempts.ts) and POST /console/payments/:impUid/refund (through
 * app/cancel-payment.ts).
 */
import { cancelPayment } from '../../app/cancel-payment.ts';
import { getPayment } from '../../app/find-payments.ts';
import { isPaymentStatus, paymentDetail, searchPayments, type SearchQuery } from '../../app/search-payments.ts';
import { GatewayError } from '../../core/errors.ts';
import { toWireAmount } from '../../core/money.ts';
import { cancellableAmount, isProvider, paymentStatuses, providers, type Payment } from '../../core/payment.ts';
import { csrfField } from '../csrf.ts';
import { datetime, money, parseDay } from '../format.ts';
import { html } from '../html.ts';
import type { ConsoleRoutes } from '../plugin.ts';
import { attempt, field, messageOf, redirectTo, render, type View } from '../view.ts';
import { pgName, statusBadge, testBadge } from './parts.ts';
import { registerSettlement, settlementSection } from './settle-attempts.ts';

const methods = ['card', 'trans', 'vbank', 'phone', 'payco', 'kakaopay', 'naverpay', 'samsung', 'paypal'];
const filterNames = ['imp_uid', 'merchant_uid', 'status', 'pg', 'method', 'buyer', 'from', 'to'] as const;

function queryOf(q: unknown): { query: SearchQuery; values: Record<string, string> } {
  const values: Record<string, string> = {};
  for (const n of filterNames) values[n] = field(q, n) ?? '';
  const from = parseDay(values.from || null);
  const to = parseDay(values.to || null);
  return {
    values,
    query: {
      impUid: values.imp_uid || null, merchantUid: values.merchant_uid || null,
      status: isPaymentStatus(values.status) ? values.status : null, pgProvider: isProvider(values.pg) ? values.pg : null,
      payMethod: values.method || null, buyer: values.buyer || null,
      from, to: to === null ? null : to + 86400, // the "to" day is included
      after: field(q, 'after'), before: field(q, 'before'), limit: 50,
    },
  };
}

const link = (values: Record<string, string>, extra: Record<string, string>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...values, ...extra })) if (v) p.set(k, v);
  return `/console/payments?${p.toString()}`;
};

export function registerPayments(r: ConsoleRoutes): void {
  r.get('/payments', async (v) => {
    const { t, lang } = v;
    const { query, values } = queryOf(v.req.query);
    const res = await attempt(() => searchPayments(v.ctx, v.session.merchantId, query), lang);
    const page = res.ok ? res.value : { list: [], next: null, previous: null };
    const sel = (name: string, options: readonly string[], label: (o: string) => string) => html`<select id="f-${name}" name="${name}">
<option value="">${t('common.all')}</option>${options.map((o) => html`<option value="${o}"${values[name] === o ? html` selected` : null}>${label(o)}</option>`)}</select>`;
    const body = html`<h1>${t('pay.title')}</h1>
<form class="card" method="get" action="/console/payments" role="search" aria-label="${t('pay.filters')}">
<div class="grid-form">
<div><label for="f-imp_uid">${t('pay.impUid')}</label><input type="text" id="f-imp_uid" name="imp_uid" value="${values.imp_uid}"></div>
<div><label for="f-merchant_uid">${t('pay.merchantUid')}</label><input type="text" id="f-merchant_uid" name="merchant_uid" value="${values.merchant_uid}"></div>
<div><label for="f-status">${t('pay.status')}</label>${sel('status', paymentStatuses, (s) => t(`pay.status.${s as 'paid'}`))}</div>
<div><label for="f-pg">${t('pay.pg')}</label>${sel('pg', providers, (p) => pgName(v, p as 'jtnet'))}</div>
<div><label for="f-method">${t('pay.method')}</label>${sel('method', methods, (m) => m)}</div>
<div><label for="f-buyer">${t('pay.buyer')}</label><input type="text" id="f-buyer" name="buyer" value="${values.buyer}"></div>
<div><label for="f-from">${t('pay.from')}</label><input type="date" id="f-from" name="from" value="${values.from}"></div>
<div><label for="f-to">${t('pay.to')}</label><input type="date" id="f-to" name="to" value="${values.to}"></div>
</div>
<div class="actions"><button type="submit">${t('common.search')}</button><a class="button secondary" href="/console/payments">${t('common.reset')}</a></div>
</form>
<section aria-labelledby="results">
<h2 id="results">${t('pay.results')}</h2>
${page.list.length === 0 ? html`<p>${t('common.empty')}</p>` : html`<table>
<thead><tr><th scope="col">imp_uid</th><th scope="col">${t('pay.merchantUid')}</th><th scope="col">${t('pay.status')}</th><th scope="col">${t('pay.pg')}</th><th scope="col">${t('pay.method')}</th><th scope="col">${t('pay.name')}</th><th scope="col" class="num">${t('pay.amount')}</th><th scope="col">${t('pay.buyer')}</th><th scope="col">${t('pay.startedAt')}</th></tr></thead>
<tbody>${page.list.map((p) => html`<tr>
<td><a class="mono" href="/console/payments/${encodeURIComponent(p.impUid)}">${p.impUid}</a></td>
<td class="mono">${p.merchantUid}</td>
<td>${statusBadge(v, p.status)} ${testBadge(v, p.sandbox)}</td>
<td>${pgName(v, p.pgProvider)}</td><td>${p.payMethod}</td><td>${p.name ?? ''}</td>
<td class="num">${money(p.amount, p.currency, lang)}${p.cancelAmount > 0 ? html`<br><span class="muted">-${money(p.cancelAmount, p.currency, lang)}</span>` : null}</td>
<td>${p.buyerName ?? ''}${p.buyerEmail ? html`<br><span class="muted">${p.buyerEmail}</span>` : null}</td>
<td>${datetime(p.startedAt)}</td></tr>`)}</tbody></table>`}
<nav class="pager" aria-label="${t('pay.results')}">
${page.previous ? html`<a href="${link(values, { before: page.previous })}" rel="prev">← ${t('common.previous')}</a>` : null}
${page.next ? html`<a href="${link(values, { after: page.next })}" rel="next">${t('common.next')} →</a>` : null}
</nav>
</section>`;
    return render(v, { title: t('pay.title'), active: 'payments', body, error: res.ok ? null : res.message, status: res.ok ? undefined : 400 });
  });

  r.get('/payments/:impUid', async (v) => showPayment(v, null, 200));

  r.post('/payments/:impUid/refund', async (v) => {
    const impUid = (v.req.params as { impUid: string }).impUid;
    const b = v.req.body;
    const reason = field(b, 'reason');
    if (!reason) return showPayment(v, `${v.t('pay.refundReason')}: ${v.lang === 'ko' ? '필수 항목입니다.' : 'required.'}`, 400);
    const before = await attempt(() => getPayment(v.ctx, v.session.merchantId, impUid), v.lang);
    if (!before.ok) return showPayment(v, before.message, 404);
    const res = await attempt(() => cancelPayment(v.ctx, v.session.merchantId, {
      impUid, merchantUid: null, amount: field(b, 'amount'), taxFree: null, checksum: field(b, 'checksum'), reason,
      refundHolder: field(b, 'refund_holder'), refundBank: field(b, 'refund_bank'), refundAccount: field(b, 'refund_account'), refundTel: null,
      enableWebhook: true, requestedBy: 'console',
    }), v.lang);
    if (!res.ok) return showPayment(v, res.message, 400);
    // An asynchronous PG (Paymentwall) answers later: nothing is cancelled yet, the amount is held.
    const pending = res.value.cancelAmount === before.value.cancelAmount;
    return redirectTo(v, `/console/payments/${encodeURIComponent(impUid)}`, pending ? 'refund_pending' : 'refunded');
  });

  registerSettlement(r, showPayment);
}

async function showPayment(v: View, error: string | null, status: number) {
  const { t, lang } = v;
  const impUid = (v.req.params as { impUid: string }).impUid;
  let d;
  try {
    d = await paymentDetail(v.ctx, v.session.merchantId, impUid);
  } catch (e) {
    if (!(e instanceof GatewayError)) throw e;
    return render(v, { title: t('pay.title'), active: 'payments', status: 404, error: messageOf(lang, e), body: html`<p><a href="/console/payments">${t('pay.title')}</a></p>` });
  }
  const p = d.payment;
  const m = (n: number) => money(n, p.currency, lang);
  const remaining = cancellableAmount(p);
  const body = html`<p><a href="/console/payments">← ${t('pay.title')}</a></p>
<h1>${t('pay.detail', { imp: p.impUid })}</h1>
<div class="card"><dl class="kv">
<dt>imp_uid</dt><dd class="mono">${p.impUid}</dd>
<dt>${t('pay.merchantUid')}</dt><dd class="mono">${p.merchantUid}</dd>
<dt>${t('pay.status')}</dt><dd>${statusBadge(v, p.status)} ${testBadge(v, p.sandbox)}</dd>
<dt>${t('pay.name')}</dt><dd>${p.name ?? '-'}</dd>
<dt>${t('pay.amount')}</dt><dd>${m(p.amount)}</dd>
<dt>${t('pay.cancelAmount')}</dt><dd>${m(p.cancelAmount)}</dd>
<dt>${t('pay.pg')}</dt><dd>${pgName(v, p.pgProvider)} <span class="mono">${p.pgId ?? ''}</span> (${p.channel})</dd>
<dt>${t('pay.pgTid')}</dt><dd class="mono">${p.pgTid ?? '-'}</dd>
<dt>${t('pay.method')}</dt><dd>${p.payMethod}</dd>
${p.cardNumber || p.cardName ? html`<dt>${t('pay.card')}</dt><dd>${p.cardName ?? ''} <span class="mono">${p.cardNumber ?? ''}</span></dd>` : null}
${p.vbankNum ? html`<dt>vbank</dt><dd>${p.vbankName ?? ''} <span class="mono">${p.vbankNum}</span> ${p.vbankHolder ?? ''}</dd>` : null}
<dt>${t('pay.buyer')}</dt><dd>${[p.buyerName, p.buyerEmail, p.buyerTel].filter(Boolean).join(' · ') || '-'}</dd>
<dt>${t('pay.startedAt')}</dt><dd>${datetime(p.startedAt)}</dd>
<dt>${t('pay.paidAt')}</dt><dd>${datetime(p.paidAt)}</dd>
${p.failReason ? html`<dt>${t('pay.failReason')}</dt><dd>${p.failReason}</dd>` : null}
${p.customerUid ? html`<dt>customer_uid</dt><dd><a class="mono" href="/console/billing-keys/${encodeURIComponent(p.customerUid)}">${p.customerUid}</a></dd>` : null}
</dl></div>
<section class="card" aria-labelledby="refund">
<h2 id="refund">${t('pay.refund')}</h2>
${p.status === 'paid' && remaining > 0 ? refundForm(v, p, remaining) : html`<p>${t('pay.notRefundable')}</p>`}
</section>
${await settlementSection(v, p)}
<section class="card" aria-labelledby="cancels">
<h2 id="cancels">${t('pay.cancels')}</h2>
${p.cancelHistory.length === 0 ? html`<p>${t('pay.noCancels')}</p>` : html`<table>
<thead><tr><th scope="col">cancellation_id</th><th scope="col" class="num">${t('pay.amount')}</th><th scope="col">${t('pay.reason')}</th><th scope="col">${t('pay.pgTid')}</th><th scope="col">${t('pay.cancelledAt')}</th></tr></thead>
<tbody>${p.cancelHistory.map((c) => html`<tr><td class="mono">${c.cancellationId}</td><td class="num">${m(c.amount)}</td><td>${c.reason ?? ''}</td><td class="mono">${c.pgTid ?? ''}</td><td>${datetime(c.cancelledAt)}</td></tr>`)}</tbody></table>`}
</section>
<section class="card" aria-labelledby="attempts">
<h2 id="attempts">${t('pay.attempts')}</h2>
<table>
<thead><tr><th scope="col">imp_uid</th><th scope="col">${t('pay.status')}</th><th scope="col">${t('pay.pg')}</th><th scope="col" class="num">${t('pay.amount')}</th><th scope="col">${t('pay.failReason')}</th><th scope="col">${t('pay.startedAt')}</th></tr></thead>
<tbody>${d.attempts.map((a) => html`<tr><td>${a.impUid === p.impUid ? html`<strong class="mono" aria-current="true">${a.impUid}</strong>` : html`<a class="mono" href="/console/payments/${encodeURIComponent(a.impUid)}">${a.impUid}</a>`}</td><td>${statusBadge(v, a.status)}</td><td>${pgName(v, a.pgProvider)}</td><td class="num">${money(a.amount, a.currency, lang)}</td><td>${a.failReason ?? ''}</td><td>${datetime(a.startedAt)}</td></tr>`)}</tbody>
</table>
</section>`;
  return render(v, { title: t('pay.detail', { imp: p.impUid }), active: 'payments', body, error, status: status === 200 ? undefined : status });
}

function refundForm(v: View, p: Payment, remaining: number) {
  const { t, lang } = v;
  const wire = String(toWireAmount(remaining, p.currency));
  return html`<p>${t('pay.refundable', { amount: money(remaining, p.currency, lang) })}</p>
<form method="post" action="/console/payments/${encodeURIComponent(p.impUid)}/refund" data-confirm="${t('pay.refundConfirm')}">
${csrfField(v.session.csrfToken)}
<input type="hidden" name="checksum" value="${wire}">
<div class="grid-form">
<div><label for="r-amount">${t('pay.refundAmount')}</label><input type="text" inputmode="decimal" id="r-amount" name="amount" placeholder="${wire}" aria-describedby="r-amount-help"><div id="r-amount-help" class="muted">${p.currency}</div></div>
<div><label for="r-reason">${t('pay.refundReason')}</label><input type="text" id="r-reason" name="reason" required maxlength="256"></div>
${p.payMethod === 'vbank' ? html`<div><label for="r-holder">${t('pay.refundHolder')}</label><input type="text" id="r-holder" name="refund_holder"></div>
<div><label for="r-bank">${t('pay.refundBank')}</label><input type="text" id="r-bank" name="refund_bank"></div>
<div><label for="r-account">${t('pay.refundAccount')}</label><input type="text" id="r-account" name="refund_account"></div>` : null}
</div>
<div class="actions"><button type="submit" class="danger">${t('pay.refundSubmit')}</button></div>
</form>`;
}
