/**
 * PG settings: GET /console/channels (list with each channel's exact `pg` string), add and edit
 * forms with each PG's own fields, enable/disable and "make default".
 */
import { pgStringOf } from '../../app/merchant-admin.ts';
import {
  addChannelChecked, channelCredentialsOf, channelIdLabelsOf, channelPurposesOf, channelsOf, editChannelChecked, getChannel, makeDefaultChannel, setChannelEnabled,
  type Channel, type ChannelForm, type ChannelPurpose,
} from '../../app/merchant-settings.ts';
import { channelModes, isChannelMode, type ChannelMode, type CredentialField } from '../../core/channel.ts';
import { isProvider, providers, type Provider } from '../../core/payment.ts';
import { csrfField } from '../csrf.ts';
import { html } from '../html.ts';
import type { MessageKey } from '../i18n.ts';
import type { ConsoleRoutes } from '../plugin.ts';
import { attempt, checked, field, redirectTo, render, type View } from '../view.ts';
import { pgName } from './parts.ts';

const idOf = (v: View) => Number((v.req.params as { id: string }).id);

/** The form field of each credential (the CLI's flag names, snake_case). */
const inputName = (f: CredentialField) => f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const modeLabel: Record<ChannelMode, MessageKey> = { sandbox: 'ch.sandbox', test: 'ch.test', live: 'ch.live' };
const modeBadge: Record<ChannelMode, string> = { sandbox: 's-test', test: 's-ready', live: 's-paid' };

function formOf(ctx: View['ctx'], body: unknown, provider: Provider): ChannelForm {
  const purpose = field(body, 'purpose');
  const mode = field(body, 'mode');
  // Only the PG's own credentials are read; blank ones keep what is stored.
  const credentials = Object.fromEntries(channelCredentialsOf(ctx, provider).map((c) => [c.field, field(body, inputName(c.field))]));
  return {
    provider, pgId: field(body, 'pg_id') ?? '', purpose: (purpose ?? 'general') as ChannelPurpose, mode: isChannelMode(mode) ? mode : 'sandbox',
    isDefault: checked(body, 'is_default'), enabled: checked(body, 'enabled'), name: field(body, 'name'), credentials,
  };
}

/**
 * PGs that report a whole project to one URL set at the PG (KICC's webhook URL, Paymentwall's pingback
 * URL) need the operator to enter it there: the form shows it (app/context.ts `merchantNotifyUrl`).
 */
function notifyUrlNote(v: View, provider: Provider) {
  const url = v.ctx.pg.merchantNotifyUrl(provider);
  if (url === null) return null;
  return html`<label for="notify_url">${v.t('ch.notifyUrl')}</label>
<input type="text" id="notify_url" readonly value="${url}" aria-describedby="notify_url-help">
<div id="notify_url-help" class="muted">${v.t('ch.notifyUrl.help')}</div>`;
}

function channelForm(v: View, o: { provider: Provider; channel: Channel | null; values: ChannelForm | null; error: string | null }) {
  const { t } = v;
  const c = o.channel;
  const f: ChannelForm = o.values ?? (c
    ? { provider: c.provider, pgId: c.pgId, purpose: c.purpose, mode: c.mode, isDefault: c.isDefault, enabled: c.enabled, name: c.name, credentials: {} }
    : { provider: o.provider, pgId: '', purpose: 'general', mode: 'sandbox', isDefault: false, enabled: true, name: null, credentials: {} });
  const purposes = channelPurposesOf(v.ctx, o.provider);
  const action = c ? `/console/channels/${c.id}` : `/console/channels/new?provider=${o.provider}`;
  const title = c ? `${t('ch.edit')} · ${pgName(v, o.provider)}` : t('ch.add', { pg: pgName(v, o.provider) });
  const body = html`<p><a href="/console/channels">← ${t('ch.title')}</a></p>
<h1>${title}</h1>
<form class="card" method="post" action="${action}">
${csrfField(v.session.csrfToken)}
<fieldset><legend>${t('ch.purpose')}</legend>
${purposes.map((p) => html`<div class="check"><input type="radio" id="purpose-${p}" name="purpose" value="${p}"${f.purpose === p ? html` checked` : null}> <label for="purpose-${p}">${t(`ch.purpose.${p}`)}</label></div>`)}
</fieldset>
<label for="pg_id">${channelIdLabelsOf(v.ctx, o.provider).map((l) => (v.lang === 'en' ? l.en : l.ko)).join(' / ')}</label>
<input type="text" id="pg_id" name="pg_id" required value="${f.pgId}" autocomplete="off" aria-describedby="pg_id-help" spellcheck="false">
<div id="pg_id-help" class="muted">${t('ch.help.mid')}</div>
<label for="name">${t('ch.name')}</label>
<input type="text" id="name" name="name" value="${f.name ?? ''}" maxlength="100">
<fieldset><legend>${t('ch.mode')}</legend>
${channelModes.map((m) => html`<div class="check"><input type="radio" id="mode-${m}" name="mode" value="${m}"${f.mode === m ? html` checked` : null}> <label for="mode-${m}">${t(modeLabel[m])}</label></div>`)}
</fieldset>
${credentialFieldset(v, o.provider, c)}
${notifyUrlNote(v, o.provider)}
<div class="check"><input type="checkbox" id="is_default" name="is_default" value="1"${f.isDefault ? html` checked` : null}> <label for="is_default">${t('ch.isDefault')}</label></div>
<div class="check"><input type="checkbox" id="enabled" name="enabled" value="1"${f.enabled ? html` checked` : null}> <label for="enabled">${t('ch.isEnabled')}</label></div>
<div class="actions"><button type="submit">${t('common.save')}</button><a class="button secondary" href="/console/channels">${t('common.cancel')}</a></div>
</form>`;
  return render(v, { title, active: 'channels', body, error: o.error, status: o.error ? 400 : undefined });
}

/** The PG's credentials as password inputs: a stored one is marked as set, never shown. */
function credentialFieldset(v: View, provider: Provider, c: Channel | null) {
  const specs = channelCredentialsOf(v.ctx, provider);
  if (specs.length === 0) return null;
  const { t } = v;
  return html`<fieldset><legend>${t('ch.credentials')}</legend>
<div id="cred-help" class="muted">${t('ch.credentialsHelp')}${c ? html` ${t('ch.secretKeep')}` : null}</div>
${specs.map((s) => {
    const name = inputName(s.field);
    return html`<label for="${name}">${v.lang === 'en' ? s.label.en : s.label.ko}${c?.sealed[s.field] ? html` <span class="muted">(${t('ch.secretSet')})</span>` : null}</label>
<input type="password" id="${name}" name="${name}" autocomplete="new-password" spellcheck="false" aria-describedby="cred-help"${!c && s.requiredInSandbox ? html` required` : null}>`;
  })}
</fieldset>`;
}

export function registerChannels(r: ConsoleRoutes): void {
  r.get('/channels', async (v) => {
    const { t } = v;
    const list = await channelsOf(v.ctx, v.session.merchantId);
    const body = html`<h1>${t('ch.title')}</h1>
<p>${t('ch.intro')}</p>
<div class="actions" style="margin-bottom:16px">${providers.map((p) => html`<a class="button secondary" href="/console/channels/new?provider=${p}">${t('ch.add', { pg: pgName(v, p) })}</a>`)}</div>
${list.length === 0 ? html`<p>${t('common.empty')}</p>` : html`<table>
<thead><tr><th scope="col">${t('ch.name')}</th><th scope="col">${t('ch.provider')}</th><th scope="col">${t('ch.purpose')}</th><th scope="col">${t('ch.pgString')}</th><th scope="col">${t('ch.mode')}</th><th scope="col">${t('ch.enabled')}</th><th scope="col">${t('common.actions')}</th></tr></thead>
<tbody>${list.map((c) => {
    const pg = pgStringOf(c);
    return html`<tr>
<td>${c.name ?? '-'} ${c.isDefault ? html`<span class="badge s-paid">${t('ch.default')}</span>` : null}</td>
<td>${pgName(v, c.provider)}</td>
<td>${t(`ch.purpose.${c.purpose}`)}</td>
<td><code class="pg">${pg}</code> <button type="button" class="link" data-copy="${pg}" aria-label="${t('common.copy')} ${pg}">${t('common.copy')}</button></td>
<td><span class="badge ${modeBadge[c.mode]}">${t(modeLabel[c.mode])}</span></td>
<td>${c.enabled ? t('ch.enabled') : html`<span class="badge s-cancelled">${t('ch.disabled')}</span>`}</td>
<td><div class="actions" style="margin:0">
<a href="/console/channels/${c.id}" aria-label="${t('ch.edit')}: ${c.name ?? pg}">${t('ch.edit')}</a>
${!c.isDefault && c.enabled ? html`<form class="inline" method="post" action="/console/channels/${c.id}/default">${csrfField(v.session.csrfToken)}<button type="submit" class="secondary">${t('ch.makeDefault')}</button></form>` : null}
<form class="inline" method="post" action="/console/channels/${c.id}/${c.enabled ? 'disable' : 'enable'}">${csrfField(v.session.csrfToken)}<button type="submit" class="secondary">${c.enabled ? t('ch.disable') : t('ch.enable')}</button></form>
</div></td></tr>`;
  })}</tbody></table>`}`;
    return render(v, { title: t('ch.title'), active: 'channels', body });
  });

  r.get('/channels/new', async (v) => {
    const p = field(v.req.query, 'provider');
    if (!isProvider(p)) return redirectTo(v, '/console/channels');
    return channelForm(v, { provider: p, channel: null, values: null, error: null });
  });

  r.post('/channels/new', async (v) => {
    const p = field(v.req.query, 'provider');
    if (!isProvider(p)) return redirectTo(v, '/console/channels');
    const f = formOf(v.ctx, v.req.body, p);
    const res = await attempt(() => addChannelChecked(v.ctx, v.session.merchantId, f), v.lang);
    if (!res.ok) return channelForm(v, { provider: p, channel: null, values: { ...f, credentials: {} }, error: res.message });
    return redirectTo(v, '/console/channels', 'channel_saved');
  });

  r.get('/channels/:id', async (v) => {
    const c = await attempt(() => getChannel(v.ctx, v.session.merchantId, idOf(v)), v.lang);
    if (!c.ok) return redirectTo(v, '/console/channels');
    return channelForm(v, { provider: c.value.provider, channel: c.value, values: null, error: null });
  });

  r.post('/channels/:id', async (v) => {
    const c = await attempt(() => getChannel(v.ctx, v.session.merchantId, idOf(v)), v.lang);
    if (!c.ok) return redirectTo(v, '/console/channels');
    const f = formOf(v.ctx, v.req.body, c.value.provider);
    const res = await attempt(() => editChannelChecked(v.ctx, v.session.merchantId, c.value.id, f), v.lang);
    if (!res.ok) return channelForm(v, { provider: c.value.provider, channel: c.value, values: { ...f, credentials: {} }, error: res.message });
    return redirectTo(v, '/console/channels', 'channel_saved');
  });

  const action = (path: string, run: (v: View) => Promise<unknown>, flash: string) => r.post(path, async (v) => {
    const res = await attempt(() => run(v), v.lang);
    if (!res.ok) {
      return render(v, { title: v.t('ch.title'), active: 'channels', status: 400, error: res.message, body: html`<p><a href="/console/channels">← ${v.t('ch.title')}</a></p>` });
    }
    return redirectTo(v, '/console/channels', flash);
  });
  action('/channels/:id/default', (v) => makeDefaultChannel(v.ctx, v.session.merchantId, idOf(v)), 'channel_default');
  action('/channels/:id/enable', (v) => setChannelEnabled(v.ctx, v.session.merchantId, idOf(v), true), 'channel_enabled');
  action('/channels/:id/disable', (v) => setChannelEnabled(v.ctx, v.session.merchantId, idOf(v), false), 'channel_disabled');
}
