/** API keys: GET /console/keys, POST /console/keys (secret shown once), POST /console/keys/:key/revoke. */
import { createApiKey, listKeys, revokeKey } from '../../app/merchant-admin.ts';
import { csrfField } from '../csrf.ts';
import { datetime } from '../format.ts';
import { html, type Html } from '../html.ts';
import type { ConsoleRoutes } from '../plugin.ts';
import { field, redirectTo, render, type View } from '../view.ts';

async function keysPage(v: View, fresh: { imp_key: string; imp_secret: string } | null, error: string | null) {
  const { t } = v;
  const keys = await listKeys(v.ctx, v.session.merchantId);
  const created: Html | null = fresh ? html`<section class="card" aria-labelledby="new-key" role="alert">
<h2 id="new-key">${t('keys.newTitle')}</h2>
<p><strong>${t('keys.secretOnce')}</strong></p>
<dl class="kv"><dt>${t('keys.impKey')}</dt><dd><code class="pg" id="new-imp-key">${fresh.imp_key}</code></dd>
<dt>${t('keys.impSecret')}</dt><dd><div class="secret mono" id="new-imp-secret">${fresh.imp_secret}</div>
<button type="button" class="secondary" data-copy="${fresh.imp_secret}">${t('common.copy')}</button></dd></dl>
</section>` : null;
  const body = html`<h1>${t('keys.title')}</h1>
${created}
<div class="card"><dl class="kv"><dt>${t('keys.merchantCode')}</dt><dd><code class="pg">${v.merchant.code}</code></dd></dl></div>
<table>
<thead><tr><th scope="col">${t('keys.impKey')}</th><th scope="col">${t('keys.label')}</th><th scope="col">${t('keys.created')}</th><th scope="col">${t('keys.revokedAt')}</th><th scope="col">${t('common.actions')}</th></tr></thead>
<tbody>${keys.map((k) => html`<tr>
<td class="mono">${k.impKey}</td><td>${k.label ?? ''}</td><td>${datetime(k.createdAt)}</td>
<td>${k.revokedAt ? datetime(k.revokedAt) : html`<span class="badge s-paid">${t('keys.active')}</span>`}</td>
<td>${k.revokedAt ? null : html`<form class="inline" method="post" action="/console/keys/${encodeURIComponent(k.impKey)}/revoke" data-confirm="${t('keys.revokeConfirm')}">${csrfField(v.session.csrfToken)}<button type="submit" class="danger" aria-label="${t('keys.revoke')} ${k.impKey}">${t('keys.revoke')}</button></form>`}</td>
</tr>`)}</tbody></table>
<form class="card" method="post" action="/console/keys" style="margin-top:16px">
<h2>${t('keys.create')}</h2>
${csrfField(v.session.csrfToken)}
<label for="label">${t('keys.label')}</label>
<input type="text" id="label" name="label" maxlength="100">
<div class="actions"><button type="submit">${t('keys.create')}</button></div>
</form>`;
  return render(v, { title: t('keys.title'), active: 'keys', body, error, status: error ? 400 : undefined });
}

export function registerKeys(r: ConsoleRoutes): void {
  r.get('/keys', (v) => keysPage(v, null, null));
  r.post('/keys', async (v) => {
    const label = field(v.req.body, 'label');
    if (label && label.length > 100) return keysPage(v, null, `${v.t('keys.label')}: max 100`);
    // The secret exists in plaintext only in this response (no-store); it is stored hashed.
    const pair = await createApiKey(v.ctx, v.session.merchantId, { label });
    return keysPage(v, pair, null);
  });
  r.post('/keys/:key/revoke', async (v) => {
    // Another merchant's key, an unknown or an already revoked one: nothing happened, and the page says so.
    if (!(await revokeKey(v.ctx, v.session.merchantId, (v.req.params as { key: string }).key))) return keysPage(v, null, v.t('keys.revokeNothing'));
    return redirectTo(v, '/console/keys', 'key_revoked');
  });
}
