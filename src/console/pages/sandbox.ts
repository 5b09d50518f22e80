/** Sandbox tools: the merchant's test clock (runs due schedules), deposits into test virtual accounts, the fake PGs' outcome and delay (sandbox-pg.ts), the sandbox reset. */
import { advanceSandboxClock, getSandboxClock, resetSandboxClock } from '../../app/sandbox-clock.ts';
import { resetSandboxData } from '../../app/sandbox-reset.ts';
import { searchPayments } from '../../app/search-payments.ts';
import { depositSandboxVbank } from '../../app/vbanks.ts';
import { csrfField } from '../csrf.ts';
import { datetime, money } from '../format.ts';
import { html } from '../html.ts';
import type { ConsoleRoutes } from '../plugin.ts';
import { attempt, field, redirectTo, render, type View } from '../view.ts';
import { pgName } from './parts.ts';
import { registerSandboxPg, sandboxPgSection } from './sandbox-pg.ts';

const steps = [{ sec: 3600, n: 1, unit: 'sb.hours' }, { sec: 86400, n: 1, unit: 'sb.days' }, { sec: 7 * 86400, n: 7, unit: 'sb.days' }, { sec: 30 * 86400, n: 30, unit: 'sb.days' }] as const;

function offsetText(sec: number): string {
  const d = Math.floor(sec / 86400);
  const h = Math.floor((sec % 86400) / 3600);
  return `${d}d ${h}h`;
}

async function sandboxPage(v: View, error: string | null, ran: string | null) {
  const { t, lang } = v;
  const clock = await getSandboxClock(v.ctx, v.session.merchantId);
  const waiting = (await searchPayments(v.ctx, v.session.merchantId, { status: 'ready', payMethod: 'vbank', limit: 50 })).list.filter((p) => p.sandbox);
  const body = html`<h1>${t('sb.title')}</h1>
${ran ? html`<div class="flash" role="status">${ran}</div>` : null}
<section class="card" aria-labelledby="clock-h">
<h2 id="clock-h">${t('sb.clock')}</h2>
<p>${t('sb.clockNow', { now: datetime(clock.now), offset: offsetText(clock.offset) })}</p>
<p class="muted">${t('sb.clockHelp')}</p>
<form method="post" action="/console/sandbox/clock/advance">
${csrfField(v.session.csrfToken)}
<label for="advance-by">${t('sb.advanceBy')}</label>
<select id="advance-by" name="seconds">${steps.map((s) => html`<option value="${s.sec}">${t(s.unit, { n: s.n })}</option>`)}</select>
<div class="actions"><button type="submit">${t('sb.advance')}</button></div>
</form>
${clock.offset > 0 ? html`<form method="post" action="/console/sandbox/clock/reset" class="actions">${csrfField(v.session.csrfToken)}<button type="submit" class="secondary">${t('sb.reset')}</button></form>` : null}
</section>
<section class="card" aria-labelledby="vbank-h">
<h2 id="vbank-h">${t('sb.vbank')}</h2>
<p class="muted">${t('sb.vbankHelp')}</p>
${waiting.length === 0 ? html`<p>${t('sb.noVbanks')}</p>` : html`<table>
<thead><tr><th scope="col">imp_uid</th><th scope="col">${t('pay.merchantUid')}</th><th scope="col">${t('pay.pg')}</th><th scope="col" class="num">${t('pay.amount')}</th><th scope="col">${t('pay.startedAt')}</th><th scope="col">${t('common.actions')}</th></tr></thead>
<tbody>${waiting.map((p) => html`<tr><td><a class="mono" href="/console/payments/${encodeURIComponent(p.impUid)}">${p.impUid}</a></td><td class="mono">${p.merchantUid}</td><td>${pgName(v, p.pgProvider)}</td><td class="num">${money(p.amount, p.currency, lang)}</td><td>${datetime(p.startedAt)}</td>
<td><form class="inline" method="post" action="/console/sandbox/vbank/${encodeURIComponent(p.impUid)}/deposit">${csrfField(v.session.csrfToken)}<button type="submit" aria-label="${t('sb.deposit')} ${p.impUid}">${t('sb.deposit')}</button></form></td></tr>`)}</tbody></table>`}
</section>
${await sandboxPgSection(v)}
<section class="card" aria-labelledby="wipe-h">
<h2 id="wipe-h">${t('sb.wipe')}</h2>
<p class="muted">${t('sb.wipeHelp')}</p>
<form method="post" action="/console/sandbox/reset" class="actions" data-confirm="${t('sb.wipeConfirm')}">${csrfField(v.session.csrfToken)}<button type="submit" class="danger">${t('sb.wipe')}</button></form>
</section>`;
  return render(v, { title: t('sb.title'), active: 'sandbox', body, error, status: error ? 400 : undefined });
}

export function registerSandbox(r: ConsoleRoutes): void {
  r.get('/sandbox', (v) => sandboxPage(v, null, null));
  r.post('/sandbox/clock/advance', async (v) => {
    const seconds = Number(field(v.req.body, 'seconds'));
    const res = await attempt(() => advanceSandboxClock(v.ctx, v.session.merchantId, seconds), v.lang);
    if (!res.ok) return sandboxPage(v, res.message, null);
    return sandboxPage(v, null, v.t('sb.ran', { ...res.value.ran }));
  });
  r.post('/sandbox/clock/reset', async (v) => {
    await resetSandboxClock(v.ctx, v.session.merchantId);
    return redirectTo(v, '/console/sandbox', 'clock_reset');
  });
  r.post('/sandbox/reset', async (v) => {
    const wiped = await resetSandboxData(v.ctx, v.session.merchantId);
    return sandboxPage(v, null, v.t('sb.wiped', { ...wiped }));
  });
  registerSandboxPg(r, (v, error) => sandboxPage(v, error, null));
  r.post('/sandbox/vbank/:impUid/deposit', async (v) => {
    const res = await attempt(() => depositSandboxVbank(v.ctx, v.session.merchantId, (v.req.params as { impUid: string }).impUid), v.lang);
    if (!res.ok) return sandboxPage(v, res.message, null);
    return redirectTo(v, '/console/sandbox', 'deposited');
  });
}
