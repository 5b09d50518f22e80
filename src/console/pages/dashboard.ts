/** GET /console/dashboard: volume, approved amount and approval rate per PG and per day; latest failures. */
import { approvalRate, dashboard, type Tally } from '../../app/dashboard.ts';
import { providers } from '../../core/payment.ts';
import { columnChart, percentBars } from '../chart.ts';
import { count, datetime, dayLabel, money } from '../format.ts';
import { html } from '../html.ts';
import type { Lang } from '../i18n.ts';
import type { ConsoleRoutes } from '../plugin.ts';
import { render } from '../view.ts';
import { pgName, statusBadge } from './parts.ts';

const DAYS = 14;

const amountsText = (t: Tally, lang: Lang) => {
  const entries = Object.entries(t.amounts).filter(([, v]) => v > 0);
  return entries.length === 0 ? money(0, 'KRW', lang) : entries.map(([c, v]) => money(v, c as 'KRW', lang)).join(' + ');
};

export function registerDashboard(r: ConsoleRoutes): void {
  r.get('/dashboard', async (v) => {
    const { t, lang } = v;
    const d = await dashboard(v.ctx, v.session.merchantId, DAYS);
    const total = d.byDay.reduce((s, x) => ({ attempts: s.attempts + x.attempts, approved: s.approved + x.approved }), { attempts: 0, approved: 0 });
    const krw = d.byDay.reduce((s, x) => s + (x.amounts.KRW ?? 0), 0);
    const rate = approvalRate(total);
    const labels = d.days.map(dayLabel);
    const body = html`<h1>${t('dash.title')}</h1>
<p class="muted">${t('dash.period', { days: DAYS })}</p>
<div class="kpis">
  <div class="kpi"><div class="v">${count(total.attempts, lang)}</div><div class="l">${t('dash.attempts')}</div></div>
  <div class="kpi"><div class="v">${count(total.approved, lang)}</div><div class="l">${t('dash.approved')}</div></div>
  <div class="kpi"><div class="v">${rate === null ? '-' : `${rate}%`}</div><div class="l">${t('dash.rate')}</div></div>
  <div class="kpi"><div class="v">${money(krw, 'KRW', lang)}</div><div class="l">${t('dash.amount')} (KRW)</div></div>
</div>
<section class="card" aria-labelledby="by-day">
<h2 id="by-day">${t('dash.byDay')}</h2>
${columnChart({ id: 'volume', title: t('dash.chart.volume'), labels, format: (n) => count(Math.round(n), lang), series: [
    { label: t('dash.attempts'), values: d.byDay.map((x) => x.attempts), color: '#98a2b3' },
    { label: t('dash.approved'), values: d.byDay.map((x) => x.approved), color: '#0b57d0' },
  ] })}
${columnChart({ id: 'amount', title: t('dash.chart.amount'), labels, format: (n) => count(Math.round(n), lang), series: [
    { label: t('dash.amount'), values: d.byDay.map((x) => x.amounts.KRW ?? 0), color: '#039855' },
  ] })}
</section>
<section class="card" aria-labelledby="by-pg">
<h2 id="by-pg">${t('dash.byPg')}</h2>
${percentBars({ id: 'rate', title: t('dash.chart.rate'), rows: providers.map((p) => ({ label: pgName(v, p), value: approvalRate(d.byPg[p]), note: `(${count(d.byPg[p].approved, lang)} / ${count(d.byPg[p].attempts, lang)})` })) })}
<table>
<thead><tr><th scope="col">${t('pay.pg')}</th><th scope="col" class="num">${t('dash.attempts')}</th><th scope="col" class="num">${t('dash.approved')}</th><th scope="col" class="num">${t('dash.rate')}</th><th scope="col" class="num">${t('dash.amount')}</th></tr></thead>
<tbody>${providers.map((p) => {
    const x = d.byPg[p];
    const r = approvalRate(x);
    return html`<tr><th scope="row">${pgName(v, p)}</th><td class="num">${count(x.attempts, lang)}</td><td class="num">${count(x.approved, lang)}</td><td class="num">${r === null ? '-' : `${r}%`}</td><td class="num">${amountsText(x, lang)}</td></tr>`;
  })}</tbody>
</table>
<h2>${t('dash.byDay')}</h2>
<table>
<thead><tr><th scope="col">${t('dash.byDay')}</th>${providers.map((p) => html`<th scope="col" class="num">${pgName(v, p)} ${t('dash.approved')}/${t('dash.attempts')}</th>`)}<th scope="col" class="num">${t('dash.amount')}</th></tr></thead>
<tbody>${d.days.map((day, i) => html`<tr><th scope="row">${dayLabel(day)}</th>${providers.map((p) => html`<td class="num">${count(d.byPgDay[p][i]!.approved, lang)} / ${count(d.byPgDay[p][i]!.attempts, lang)}</td>`)}<td class="num">${amountsText(d.byDay[i]!, lang)}</td></tr>`)}</tbody>
</table>
</section>
<section class="card" aria-labelledby="failures">
<h2 id="failures">${t('dash.failures')}</h2>
${d.failures.length === 0 ? html`<p>${t('dash.noFailures')}</p>` : html`<table>
<thead><tr><th scope="col">imp_uid</th><th scope="col">${t('pay.merchantUid')}</th><th scope="col">${t('pay.pg')}</th><th scope="col" class="num">${t('pay.amount')}</th><th scope="col">${t('pay.failReason')}</th><th scope="col">${t('pay.startedAt')}</th></tr></thead>
<tbody>${d.failures.map((f) => html`<tr><td><a class="mono" href="/console/payments/${encodeURIComponent(f.impUid)}">${f.impUid}</a></td><td class="mono">${f.merchantUid}</td><td>${pgName(v, f.pgProvider)} ${statusBadge(v, f.status)}</td><td class="num">${money(f.amount, f.currency, lang)}</td><td>${f.failReason ?? '-'}</td><td>${datetime(f.failedAt || f.startedAt)}</td></tr>`)}</tbody>
</table>`}
</section>`;
    return render(v, { title: t('dash.title'), active: 'dashboard', body });
  });
}
