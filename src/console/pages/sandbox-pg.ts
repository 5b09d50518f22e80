/** The sandbox page's PG section: a chosen outcome for a sandbox channel's next charges, and a slow PG (app/sandbox-pg.ts). */
import { pgStringOf } from '../../app/merchant-admin.ts';
import { chooseSandboxOutcome, clearSandboxOutcomes, listSandboxOutcomes, sandboxPgBehaviours, setSandboxPgDelay } from '../../app/sandbox-pg.ts';
import { declineReasons, MAX_CHOSEN_CHARGES, MAX_DELAY_MS, readCount, readOutcome, type CardOutcome } from '../../core/sandbox-outcome.ts';
import { GatewayError } from '../../core/errors.ts';
import { csrfField } from '../csrf.ts';
import { html, type Html } from '../html.ts';
import type { ConsoleRoutes } from '../plugin.ts';
import { attempt, field, redirectTo, type View } from '../view.ts';
import { pgName } from './parts.ts';

/** The outcomes offered, as one select: `kind` or `decline:reason`. */
const choices = ['approve', ...declineReasons.map((r) => `decline:${r}`), 'invalid', 'pg_timeout', 'pg_error'];
const labelKey = (o: CardOutcome) => (o.kind === 'decline' ? `sb.oc.decline.${o.reason}` : `sb.oc.${o.kind}`) as Parameters<View['t']>[0];
const choiceLabel = (c: string) => (c.startsWith('decline:') ? `sb.oc.decline.${c.slice(8)}` : `sb.oc.${c}`) as Parameters<View['t']>[0];

export async function sandboxPgSection(v: View): Promise<Html | null> {
  const { t } = v;
  const channels = await listSandboxOutcomes(v.ctx, v.session.merchantId);
  if (channels.length === 0) return null;
  const delays = await sandboxPgBehaviours(v.ctx, v.session.merchantId);
  const options = channels.map((c) => html`<option value="${pgStringOf(c.channel)}">${pgName(v, c.channel.provider)} · ${c.channel.name ?? c.channel.pgId} (${pgStringOf(c.channel)})</option>`);
  const chosen = channels.filter((c) => c.outcomes.length > 0);
  return html`<section class="card" aria-labelledby="pg-h">
<h2 id="pg-h">${t('sb.pg')}</h2>
<p class="muted">${t('sb.pgHelp')}</p>
<form method="post" action="/console/sandbox/pg/outcome">
${csrfField(v.session.csrfToken)}
<label for="pg-channel">${t('sb.pgChannel')}</label><select id="pg-channel" name="pg">${options}</select>
<label for="pg-outcome">${t('sb.pgOutcome')}</label><select id="pg-outcome" name="outcome">${choices.map((c) => html`<option value="${c}">${t(choiceLabel(c))}</option>`)}</select>
<label for="pg-count">${t('sb.pgCount')}</label><input id="pg-count" name="count" type="number" min="1" max="${MAX_CHOSEN_CHARGES}" value="1">
<div class="actions"><button type="submit">${t('sb.pgChoose')}</button></div>
</form>
<h3>${t('sb.pgChosen')}</h3>
${chosen.length === 0 ? html`<p>${t('sb.pgNone')}</p>` : html`<ul>${chosen.map((c) => html`<li><span class="mono">${pgStringOf(c.channel)}</span>: ${c.outcomes.map((o) => html`${t(labelKey(o.outcome))} (${t('sb.pgLeft', { n: o.remaining })}) `)}
<form class="inline" method="post" action="/console/sandbox/pg/outcome/clear">${csrfField(v.session.csrfToken)}<input type="hidden" name="pg" value="${pgStringOf(c.channel)}"><button type="submit" class="secondary" aria-label="${t('sb.pgClear')} ${pgStringOf(c.channel)}">${t('sb.pgClear')}</button></form></li>`)}</ul>`}
<h3>${t('sb.pgDelay')}</h3>
<p class="muted">${t('sb.pgDelayHelp')}</p>
<p>${delays.map((d) => html`${t('sb.pgDelayNow', { pg: pgName(v, d.provider), ms: d.delayMs })} `)}</p>
<form method="post" action="/console/sandbox/pg/delay">
${csrfField(v.session.csrfToken)}
<label for="delay-channel">${t('sb.pgChannel')}</label><select id="delay-channel" name="pg">${options}</select>
<label for="delay-ms">${t('sb.pgDelay')}</label><input id="delay-ms" name="delay_ms" type="number" min="0" max="${MAX_DELAY_MS}" step="100" value="0">
<div class="actions"><button type="submit">${t('sb.pgDelaySet')}</button></div>
</form>
</section>`;
}

function outcomeOf(value: string | null): CardOutcome {
  const [kind, reason] = (value ?? '').split(':');
  const o = readOutcome(kind, reason);
  if (typeof o === 'string') throw new GatewayError('BAD_REQUEST', o);
  return o;
}

function countOf(value: string | null): number {
  const n = readCount(value);
  if (typeof n === 'string') throw new GatewayError('BAD_REQUEST', n);
  return n;
}

function delayOf(value: string | null): number {
  const n = value !== null && /^[0-9]{1,6}$/.test(value) ? Number(value) : -1;
  if (n < 0 || n > MAX_DELAY_MS) throw new GatewayError('BAD_REQUEST', `delay_ms 는 0 이상 ${MAX_DELAY_MS} 이하의 정수여야 합니다.`);
  return n;
}

/** `page`: the whole sandbox page with an error, when an action is refused. */
export function registerSandboxPg(r: ConsoleRoutes, page: (v: View, error: string) => Promise<unknown>): void {
  r.post('/sandbox/pg/outcome', async (v) => {
    const b = v.req.body;
    const res = await attempt(() => chooseSandboxOutcome(v.ctx, v.session.merchantId, { pg: field(b, 'pg'), outcome: outcomeOf(field(b, 'outcome')), count: countOf(field(b, 'count')) }), v.lang);
    return res.ok ? redirectTo(v, '/console/sandbox', 'pg_chosen') : page(v, res.message);
  });
  r.post('/sandbox/pg/outcome/clear', async (v) => {
    const res = await attempt(() => clearSandboxOutcomes(v.ctx, v.session.merchantId, field(v.req.body, 'pg')), v.lang);
    return res.ok ? redirectTo(v, '/console/sandbox', 'pg_cleared') : page(v, res.message);
  });
  r.post('/sandbox/pg/delay', async (v) => {
    const res = await attempt(() => setSandboxPgDelay(v.ctx, v.session.merchantId, field(v.req.body, 'pg'), delayOf(field(v.req.body, 'delay_ms'))), v.lang);
    return res.ok ? redirectTo(v, '/console/sandbox', 'pg_delay') : page(v, res.message);
  });
}
