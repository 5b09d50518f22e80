/** The console dashboard: per-PG and per-day volume, approved amount and approval rate, latest failures. */
import type { Currency } from '../core/money.ts';
import { providers, type Provider } from '../core/payment.ts';
import { dailyStats, latestFailures, type PaymentSummary } from '../storage/payment-search.ts';
import type { AppContext } from './context.ts';

/** Merchants on openimp settle in Korean days (UTC+9, no daylight saving). */
export const KST_OFFSET_SEC = 9 * 3600;

export type Tally = { attempts: number; approved: number; amounts: Partial<Record<Currency, number>> };
export type Dashboard = {
  /** Local days (days since the epoch, KST), oldest first. */
  days: number[];
  byDay: Tally[];
  byPg: Record<Provider, Tally>;
  /** byPgDay[pg][i] belongs to days[i]. */
  byPgDay: Record<Provider, Tally[]>;
  failures: (PaymentSummary & { failedAt: number })[];
};

const empty = (): Tally => ({ attempts: 0, approved: 0, amounts: {} });

function addTo(t: Tally, attempts: number, approved: number, currency: Currency, amount: number): void {
  t.attempts += attempts;
  t.approved += approved;
  t.amounts[currency] = (t.amounts[currency] ?? 0) + amount;
}

/** Approval rate in percent with one decimal, or null when nothing was attempted. */
export const approvalRate = (t: Pick<Tally, 'attempts' | 'approved'>): number | null =>
  t.attempts === 0 ? null : Math.round((t.approved * 1000) / t.attempts) / 10;

/** The last `days` local days up to today. */
export async function dashboard(ctx: AppContext, merchantId: number, days = 14): Promise<Dashboard> {
  const today = Math.floor((ctx.now() + KST_OFFSET_SEC) / 86400);
  const first = today - days + 1;
  const from = first * 86400 - KST_OFFSET_SEC;
  const to = (today + 1) * 86400 - KST_OFFSET_SEC;
  const rows = await dailyStats(ctx.db, merchantId, from, to, KST_OFFSET_SEC);
  const dayList = Array.from({ length: days }, (_, i) => first + i);
  const byDay = dayList.map(empty);
  const byPg = Object.fromEntries(providers.map((p) => [p, empty()])) as Record<Provider, Tally>;
  const byPgDay = Object.fromEntries(providers.map((p) => [p, dayList.map(empty)])) as Record<Provider, Tally[]>;
  for (const r of rows) {
    const i = r.day - first;
    if (i < 0 || i >= days || !byPg[r.pgProvider]) continue;
    addTo(byDay[i]!, r.attempts, r.approved, r.currency, r.approvedAmount);
    addTo(byPg[r.pgProvider], r.attempts, r.approved, r.currency, r.approvedAmount);
    addTo(byPgDay[r.pgProvider][i]!, r.attempts, r.approved, r.currency, r.approvedAmount);
  }
  return { days: dayList, byDay, byPg, byPgDay, failures: await latestFailures(ctx.db, merchantId, 10) };
}
