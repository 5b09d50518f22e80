/** Billing keys: list, inspect (masked card only) and delete. */
import { deleteBillingKey, getBillingKey } from '../../app/billing-keys.ts';
import { listCustomerPayments } from '../../app/find-payments.ts';
import { listBillingKeysPage } from '../../app/merchant-settings.ts';
import { GatewayError } from '../../core/errors.ts';
import { csrfField } from '../csrf.ts';
import { count, datetime, money } from '../format.ts';
import { html } from '../html.ts';
import type { ConsoleRoutes } from '../plugin.ts';
import { attempt, field, messageOf, redirectTo, render } from '../view.ts';
import { pgName, statusBadge, testBadge } from './parts.ts';

const LIMIT = 50;

export function registerBillingKeys(r: ConsoleRoutes): void {
  r.get('/billing-keys', async (v) => {
    const { t, lang } = v;
    const page = Math.max(1, Number(field(v.req.query, 'page')) || 1);
    const res = await listBillingKeysPage(v.ctx, v.session.merchantId, page, LIMIT);
    const last = Math.max(1, Math.ceil(res.total / LIMIT));
    const body = html`<h1>${t('bk.title')}</h1>
<p class="muted">${t('bk.total', { n: count(res.total, lang) })}</p>
${res.list.length === 0 ? html`<p>${t('common.empty')}</p>` : html`<table>
<thead><tr><th scope="col">${t('bk.customerUid')}</th><th scope="col">${t('bk.card')}</th><th scope="col">${t('bk.pg')}</th><th scope="col">${t('bk.customer')}</th><th scope="col">${t('bk.updated')}</th></tr></thead>
<tbody>${res.list.map((k) => html`<tr><td><a class="mono" href="/console/billing-keys/${encodeURIComponent(k.customerUid)}">${k.customerUid}</a></td>
<td>${k.cardName ?? ''} <span class="mono">${k.cardNumber ?? ''}</span></td><td>${pgName(v, k.pgProvider)} <span class="mono">${k.pgId}</span> ${testBadge(v, k.sandbox)}</td>
<td>${k.customerName ?? ''}${k.customerEmail ? html`<br><span class="muted">${k.customerEmail}</span>` : null}</td><td>${datetime(k.updated)}</td></tr>`)}</tbody></table>`}
<nav class="pager" aria-label="${t('bk.title')}">
${page > 1 ? html`<a href="/console/billing-keys?page=${page - 1}" rel="prev">← ${t('common.previous')}</a>` : null}
${page < last ? html`<a href="/console/billing-keys?page=${page + 1}" rel="next">${t('common.next')} →</a>` : null}
</nav>`;
    return render(v, { title: t('bk.title'), active: 'billingKeys', body });
  });

  r.get('/billing-keys/:uid', async (v) => {
    const { t, lang } = v;
    const uid = (v.req.params as { uid: string }).uid;
    let k;
    try {
      k = await getBillingKey(v.ctx, v.session.merchantId, uid);
    } catch (e) {
      if (!(e instanceof GatewayError)) throw e;
      return render(v, { title: t('bk.title'), active: 'billingKeys', status: 404, error: messageOf(lang, e), body: html`<p><a href="/console/billing-keys">← ${t('bk.title')}</a></p>` });
    }
    const payments = await listCustomerPayments(v.ctx, v.session.merchantId, uid, 1, 20);
    // Only the masked card and the customer's details are shown; the sealed PG key never leaves app/.
    const body = html`<p><a href="/console/billing-keys">← ${t('bk.title')}</a></p>
<h1>${t('bk.detail', { uid: k.customerUid })}</h1>
<div class="card"><dl class="kv">
<dt>${t('bk.customerUid')}</dt><dd class="mono">${k.customerUid}</dd>
<dt>${t('bk.card')}</dt><dd>${k.cardName ?? '-'} ${k.cardType === 1 ? '(check)' : k.cardType === 0 ? '(credit)' : ''}</dd>
<dt>${t('bk.cardNumber')}</dt><dd class="mono">${k.cardNumber ?? '-'}</dd>
<dt>${t('bk.pg')}</dt><dd>${pgName(v, k.pgProvider)} <span class="mono">${k.pgId}</span> ${testBadge(v, k.sandbox)}</dd>
<dt>${t('bk.customer')}</dt><dd>${[k.customerName, k.customerEmail, k.customerTel].filter(Boolean).join(' · ') || '-'}</dd>
<dt>${t('bk.inserted')}</dt><dd>${datetime(k.inserted)}</dd>
<dt>${t('bk.updated')}</dt><dd>${datetime(k.updated)}</dd>
</dl>
<form method="post" action="/console/billing-keys/${encodeURIComponent(k.customerUid)}/delete" class="actions" data-confirm="${t('bk.deleteConfirm')}">${csrfField(v.session.csrfToken)}<button type="submit" class="danger">${t('bk.delete')}</button></form>
</div>
<section class="card" aria-labelledby="bk-pay"><h2 id="bk-pay">${t('bk.payments')}</h2>
${payments.list.length === 0 ? html`<p>${t('common.empty')}</p>` : html`<table>
<thead><tr><th scope="col">imp_uid</th><th scope="col">${t('pay.merchantUid')}</th><th scope="col">${t('pay.status')}</th><th scope="col" class="num">${t('pay.amount')}</th><th scope="col">${t('pay.startedAt')}</th></tr></thead>
<tbody>${payments.list.map((p) => html`<tr><td><a class="mono" href="/console/payments/${encodeURIComponent(p.impUid)}">${p.impUid}</a></td><td class="mono">${p.merchantUid}</td><td>${statusBadge(v, p.status)}</td><td class="num">${money(p.amount, p.currency, lang)}</td><td>${datetime(p.startedAt)}</td></tr>`)}</tbody></table>`}
</section>`;
    return render(v, { title: t('bk.detail', { uid: k.customerUid }), active: 'billingKeys', body });
  });

  r.post('/billing-keys/:uid/delete', async (v) => {
    const uid = (v.req.params as { uid: string }).uid;
    const res = await attempt(() => deleteBillingKey(v.ctx, v.session.merchantId, uid), v.lang);
    if (!res.ok) return render(v, { title: v.t('bk.title'), active: 'billingKeys', status: 400, error: res.message, body: html`<p><a href="/console/billing-keys">← ${v.t('bk.title')}</a></p>` });
    return redirectTo(v, '/console/billing-keys', 'billing_key_deleted');
  });
}
