/**
 * The payment page's section for attempts whose outcome openimp cannot learn (app/operator-settlement.ts),
 * and POST /console/payments/:impUid/settle: the signed-in user settles one with what the PG's merchant
 * office shows; the settlement is recorded under the user's email.
 */
import { isSettlementOutcome, listUnknownAttempts, settleByOperator, settlementsOfPayment, SettlementRefused, type UnknownAttempt } from '../../app/operator-settlement.ts';
import type { Payment } from '../../core/payment.ts';
import { csrfField } from '../csrf.ts';
import { datetime, money } from '../format.ts';
import { html, type Html } from '../html.ts';
import type { ConsoleRoutes } from '../plugin.ts';
import { field, redirectTo, type View } from '../view.ts';

/** Answers the payment page again, with an error (its handler lives in payments.ts). */
type ShowPayment = (v: View, error: string | null, status: number) => Promise<unknown>;

export function registerSettlement(r: ConsoleRoutes, showPayment: ShowPayment): void {
  r.post('/payments/:impUid/settle', async (v) => {
    const impUid = (v.req.params as { impUid: string }).impUid;
    const b = v.req.body;
    const as = field(b, 'as');
    if (!isSettlementOutcome(as)) return showPayment(v, v.t('settle.refused.wrong_outcome'), 400);
    try {
      // Only this merchant's attempts, and only those of the payment on the page.
      const input = { attemptId: field(b, 'attempt_id') ?? '', as, pgTid: field(b, 'pg_tid'), by: v.session.email, note: field(b, 'note') };
      await settleByOperator(v.ctx, input, { merchantId: v.session.merchantId, impUid });
    } catch (e) {
      if (!(e instanceof SettlementRefused)) throw e;
      return showPayment(v, v.t(`settle.refused.${e.reason}`), e.reason === 'not_found' ? 404 : 409);
    }
    return redirectTo(v, `/console/payments/${encodeURIComponent(impUid)}`, 'settled');
  });
}

/** The section: the payment's unknown attempts, each with its form, and the settlements made so far. */
export async function settlementSection(v: View, p: Payment): Promise<Html | null> {
  const open = await listUnknownAttempts(v.ctx, { merchantId: v.session.merchantId, impUid: p.impUid });
  const done = await settlementsOfPayment(v.ctx, p.impUid);
  if (open.length === 0 && done.length === 0) return null;
  const { t } = v;
  return html`<section class="card" aria-labelledby="settle">
<h2 id="settle">${t('settle.title')}</h2>
${open.length > 0 ? html`<p>${t('settle.intro')}</p>${open.map((a) => settleForm(v, p, a))}` : null}
${done.length > 0 ? html`<h3>${t('settle.history')}</h3><table>
<thead><tr><th scope="col">attempt</th><th scope="col">${t('settle.as')}</th><th scope="col">${t('pay.pgTid')}</th><th scope="col">${t('settle.by')}</th><th scope="col">${t('settle.note')}</th><th scope="col">${t('settle.at')}</th></tr></thead>
<tbody>${done.map((s) => html`<tr><td class="mono">${s.attemptId}</td><td>${t(`settle.as.${s.outcome}`)}</td><td class="mono">${s.pgTid ?? ''}</td><td>${s.settledBy}</td><td>${s.note ?? ''}</td><td>${datetime(s.settledAt)}</td></tr>`)}</tbody></table>` : null}
</section>`;
}

function settleForm(v: View, p: Payment, a: UnknownAttempt): Html {
  const { t, lang } = v;
  const outcomes = a.kind === 'charge' ? (['paid', 'failed'] as const) : (['refunded', 'not_refunded'] as const);
  const id = a.id.replace(/[^A-Za-z0-9_]/g, '');
  return html`<form method="post" action="/console/payments/${encodeURIComponent(p.impUid)}/settle" data-confirm="${t('settle.confirm')}" aria-label="${a.id}">
${csrfField(v.session.csrfToken)}
<input type="hidden" name="attempt_id" value="${a.id}">
<p><strong>${t(`settle.kind.${a.kind}`)}</strong> <span class="mono">${a.id}</span> · ${money(a.amount, a.currency, lang)} · ${datetime(a.startedAt)}</p>
<div class="grid-form">
<div><label for="s-as-${id}">${t('settle.as')}</label><select id="s-as-${id}" name="as" required>${outcomes.map((o) => html`<option value="${o}">${t(`settle.as.${o}`)}</option>`)}</select></div>
<div><label for="s-tid-${id}">${t('settle.pgTid')}</label><input type="text" id="s-tid-${id}" name="pg_tid" maxlength="100"></div>
<div><label for="s-note-${id}">${t('settle.note')}</label><input type="text" id="s-note-${id}" name="note" maxlength="500"></div>
</div>
<div class="actions"><button type="submit" class="danger">${t('settle.submit')}</button></div>
</form>`;
}
