/** Scheduled payments: list (by schedule time, filterable) and revoke. */
import { listSchedules, unschedule } from '../../app/schedule-payments.ts';
import { scheduleStatuses, type ScheduleStatus } from '../../core/schedule.ts';
import { csrfField } from '../csrf.ts';
import { datetime, money, parseDay } from '../format.ts';
import { html } from '../html.ts';
import type { ConsoleRoutes } from '../plugin.ts';
import { attempt, field, redirectTo, render, type View } from '../view.ts';
import { pgName, statusBadge } from './parts.ts';

const LIMIT = 50;
const DAY = 86400;
const isScheduleStatus = (s: unknown): s is ScheduleStatus => (scheduleStatuses as readonly unknown[]).includes(s);
const dayText = (sec: number) => datetime(sec).slice(0, 10);

async function schedulesPage(v: View, error: string | null) {
  const { t, lang } = v;
  const q = v.req.query;
  const now = v.ctx.now();
  const from = parseDay(field(q, 'from')) ?? now - 30 * DAY;
  const to = (parseDay(field(q, 'to')) ?? now + 60 * DAY - DAY) + DAY - 1;
  const customerUid = field(q, 'customer_uid');
  const statusQ = field(q, 'status');
  const status = isScheduleStatus(statusQ) ? statusQ : null;
  const page = Math.max(1, Number(field(q, 'page')) || 1);
  const res = await attempt(() => listSchedules(v.ctx, v.session.merchantId, { ...(customerUid ? { customerUid } : {}), from, to, status, oldestFirst: true, page, limit: LIMIT }), lang);
  const list = res.ok ? res.value : { total: 0, previous: 0, next: 0, list: [] };
  const keep = (p: number) => {
    const s = new URLSearchParams({ from: dayText(from), to: dayText(to), page: String(p) });
    if (customerUid) s.set('customer_uid', customerUid);
    if (status) s.set('status', status);
    return `/console/schedules?${s.toString()}`;
  };
  const body = html`<h1>${t('sch.title')}</h1>
<form class="card" method="get" action="/console/schedules" role="search" aria-label="${t('sch.title')}">
<div class="grid-form">
<div><label for="s-cu">${t('sch.customerUid')}</label><input type="text" id="s-cu" name="customer_uid" value="${customerUid ?? ''}"></div>
<div><label for="s-status">${t('sch.status')}</label><select id="s-status" name="status"><option value="">${t('common.all')}</option>${scheduleStatuses.map((s) => html`<option value="${s}"${status === s ? html` selected` : null}>${t(`sch.status.${s}`)}</option>`)}</select></div>
<div><label for="s-from">${t('pay.from')}</label><input type="date" id="s-from" name="from" value="${dayText(from)}"></div>
<div><label for="s-to">${t('pay.to')}</label><input type="date" id="s-to" name="to" value="${dayText(to)}"></div>
</div>
<div class="actions"><button type="submit">${t('common.search')}</button></div>
</form>
<p class="muted">${t('sch.range', { from: dayText(from), to: dayText(to) })} · ${t('bk.total', { n: list.total })}</p>
${list.list.length === 0 ? html`<p>${t('common.empty')}</p>` : html`<table>
<thead><tr><th scope="col">merchant_uid</th><th scope="col">${t('sch.customerUid')}</th><th scope="col">${t('sch.scheduleAt')}</th><th scope="col" class="num">${t('pay.amount')}</th><th scope="col">${t('sch.status')}</th><th scope="col">${t('sch.paymentStatus')}</th><th scope="col">${t('common.actions')}</th></tr></thead>
<tbody>${list.list.map((s) => html`<tr>
<td class="mono">${s.merchantUid}</td>
<td><a class="mono" href="/console/billing-keys/${encodeURIComponent(s.customerUid)}">${s.customerUid}</a></td>
<td>${datetime(s.scheduleAt)}</td>
<td class="num">${money(s.amount, s.currency, lang)}</td>
<td>${t(`sch.status.${s.status}`)} <span class="muted">${pgName(v, s.pgProvider)}</span></td>
<td>${s.paymentStatus ? statusBadge(v, s.paymentStatus) : '-'} ${s.impUid ? html`<a class="mono" href="/console/payments/${encodeURIComponent(s.impUid)}">${s.impUid}</a>` : null}${s.failReason ? html`<br><span class="muted">${s.failReason}</span>` : null}</td>
<td>${s.status === 'scheduled' ? html`<form class="inline" method="post" action="/console/schedules/${encodeURIComponent(s.merchantUid)}/revoke" data-confirm="${t('sch.revokeConfirm')}">${csrfField(v.session.csrfToken)}<button type="submit" class="danger" aria-label="${t('sch.revoke')} ${s.merchantUid}">${t('sch.revoke')}</button></form>` : null}</td>
</tr>`)}</tbody></table>`}
<nav class="pager" aria-label="${t('sch.title')}">
${list.previous ? html`<a href="${keep(list.previous)}" rel="prev">← ${t('common.previous')}</a>` : null}
${list.next ? html`<a href="${keep(list.next)}" rel="next">${t('common.next')} →</a>` : null}
</nav>`;
  const err = error ?? (res.ok ? null : res.message);
  return render(v, { title: t('sch.title'), active: 'schedules', body, error: err, status: err ? 400 : undefined });
}

export function registerSchedules(r: ConsoleRoutes): void {
  r.get('/schedules', (v) => schedulesPage(v, null));
  r.post('/schedules/:merchantUid/revoke', async (v) => {
    const res = await attempt(() => unschedule(v.ctx, v.session.merchantId, null, [(v.req.params as { merchantUid: string }).merchantUid]), v.lang);
    if (!res.ok) return schedulesPage(v, res.message);
    return redirectTo(v, '/console/schedules', 'schedule_revoked');
  });
}
