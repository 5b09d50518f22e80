/**
 * Webhooks: the notification URL, the signing secret (shown on request, rotatable), the delivery log
 * with request, response and timing of every attempt, and redelivery of any event.
 */
import { setWebhookUrl } from '../../app/merchant-settings.ts';
import { listWebhookDeliveries, redeliverWebhook, rotateWebhookSecret, webhookSecret, type DeliveryState } from '../../app/webhooks.ts';
import { csrfField } from '../csrf.ts';
import { datetime } from '../format.ts';
import { html } from '../html.ts';
import type { ConsoleRoutes } from '../plugin.ts';
import { attempt, field, redirectTo, render, type View } from '../view.ts';

const states = ['pending', 'delivered', 'failed'] as const satisfies readonly DeliveryState[];
const isState = (s: unknown): s is DeliveryState => (states as readonly unknown[]).includes(s);
const stateClass: Record<DeliveryState, string> = { pending: 's-ready', delivered: 's-paid', failed: 's-failed' };

async function webhooksPage(v: View, error: string | null, urlValue?: string | null) {
  const { t } = v;
  const impUid = field(v.req.query, 'imp_uid');
  const stateQ = field(v.req.query, 'state');
  const state = isState(stateQ) ? stateQ : null;
  const [secret, deliveries] = await Promise.all([
    webhookSecret(v.ctx, v.session.merchantId),
    listWebhookDeliveries(v.ctx, v.session.merchantId, { impUid, state, limit: 50 }),
  ]);
  const body = html`<h1>${t('wh.title')}</h1>
<form class="card" method="post" action="/console/webhooks/url">
${csrfField(v.session.csrfToken)}
<label for="webhook_url">${t('wh.url')}</label>
<input type="url" id="webhook_url" name="webhook_url" value="${urlValue !== undefined ? urlValue ?? '' : v.merchant.webhookUrl ?? ''}" style="width:100%" aria-describedby="webhook_url-help" spellcheck="false">
<div id="webhook_url-help" class="muted">${t('wh.urlHelp')}</div>
<div class="actions"><button type="submit">${t('common.save')}</button></div>
</form>
<section class="card" aria-labelledby="secret-h">
<h2 id="secret-h">${t('wh.secret')}</h2>
<p class="muted">${t('wh.secretHelp')}</p>
<details><summary>${t('wh.secretReveal')}</summary><p><code class="pg" id="webhook-secret">${secret}</code> <button type="button" class="link" data-copy="${secret}">${t('common.copy')}</button></p></details>
<form method="post" action="/console/webhooks/secret/rotate" data-confirm="${t('wh.rotateConfirm')}" class="actions">${csrfField(v.session.csrfToken)}<button type="submit" class="secondary">${t('wh.rotate')}</button></form>
</section>
<section aria-labelledby="log-h">
<h2 id="log-h">${t('wh.log')}</h2>
<form class="card" method="get" action="/console/webhooks" role="search" aria-label="${t('wh.filter')}">
<div class="grid-form">
<div><label for="w-imp">imp_uid</label><input type="text" id="w-imp" name="imp_uid" value="${impUid ?? ''}"></div>
<div><label for="w-state">${t('wh.state')}</label><select id="w-state" name="state"><option value="">${t('common.all')}</option>${states.map((s) => html`<option value="${s}"${state === s ? html` selected` : null}>${t(`wh.state.${s}`)}</option>`)}</select></div>
</div>
<div class="actions"><button type="submit">${t('common.search')}</button></div>
</form>
${deliveries.length === 0 ? html`<p>${t('wh.noDeliveries')}</p>` : deliveries.map((d) => html`<article class="card" aria-labelledby="d-${d.id}">
<h3 id="d-${d.id}" style="margin:0 0 8px;font-size:15px"><span class="mono">${d.messageId}</span> · ${d.eventKind} · <a class="mono" href="/console/payments/${encodeURIComponent(d.impUid)}">${d.impUid}</a> <span class="badge ${stateClass[d.state]}">${t(`wh.state.${d.state}`)}</span></h3>
<dl class="kv">
<dt>${t('wh.request')}</dt><dd><span class="mono">POST ${d.url}</span><pre class="mono" style="margin:4px 0;white-space:pre-wrap">${d.body}</pre></dd>
<dt>${t('wh.createdAt')}</dt><dd>${datetime(d.createdAt)}</dd>
<dt>${t('wh.attempts')}</dt><dd>${d.attempts}</dd>
</dl>
${d.log.length === 0 ? html`<p class="muted">${t('wh.noAttempts')}</p>` : html`<table>
<thead><tr><th scope="col">${t('wh.createdAt')}</th><th scope="col">${t('wh.response')}</th><th scope="col" class="num">${t('wh.timing')}</th><th scope="col">body / error</th></tr></thead>
<tbody>${d.log.map((a) => html`<tr><td>${datetime(a.attemptedAt)}</td><td>${a.httpStatus === null ? '-' : html`<span class="badge ${a.httpStatus >= 200 && a.httpStatus < 300 ? 's-paid' : 's-failed'}">HTTP ${a.httpStatus}</span>`}</td><td class="num">${a.durationMs} ms</td><td class="mono">${a.error ?? a.responseExcerpt ?? ''}</td></tr>`)}</tbody></table>`}
<form method="post" action="/console/webhooks/${d.id}/redeliver" class="actions">${csrfField(v.session.csrfToken)}<button type="submit" class="secondary" aria-label="${t('wh.redeliver')} ${d.messageId}">${t('wh.redeliver')}</button></form>
</article>`)}
</section>`;
  return render(v, { title: t('wh.title'), active: 'webhooks', body, error, status: error ? 400 : undefined });
}

export function registerWebhooks(r: ConsoleRoutes): void {
  r.get('/webhooks', (v) => webhooksPage(v, null));
  r.post('/webhooks/url', async (v) => {
    const url = field(v.req.body, 'webhook_url');
    const res = await attempt(() => setWebhookUrl(v.ctx, v.session.merchantId, url), v.lang);
    if (!res.ok) return webhooksPage(v, res.message, url);
    return redirectTo(v, '/console/webhooks', 'webhook_saved');
  });
  r.post('/webhooks/secret/rotate', async (v) => {
    await rotateWebhookSecret(v.ctx, v.session.merchantId);
    return redirectTo(v, '/console/webhooks', 'secret_rotated');
  });
  r.post('/webhooks/:id/redeliver', async (v) => {
    const res = await attempt(() => redeliverWebhook(v.ctx, v.session.merchantId, Number((v.req.params as { id: string }).id)), v.lang);
    if (!res.ok) return webhooksPage(v, res.message);
    return redirectTo(v, '/console/webhooks', 'redelivered');
  });
}
