/** Small pieces several pages share: PG names, status badges, pagers. */
import type { PaymentStatus, Provider } from '../../core/payment.ts';
import { html, type Html } from '../html.ts';
import type { T } from '../i18n.ts';

export const pgNames: Record<Provider, string> = { payco: 'PAYCO', kicc: 'KICC', jtnet: 'JTNet', paymentwall: 'Paymentwall' };
export const pgName = (p: Provider): string => pgNames[p] ?? p;

export const statusBadge = (v: { t: T }, s: PaymentStatus): Html => html`<span class="badge s-${s}">${v.t(`pay.status.${s}`)}</span>`;

export const testBadge = (v: { t: T }, sandbox: boolean): Html | null => (sandbox ? html`<span class="badge s-test">${v.t('pay.sandbox')}</span>` : null);
