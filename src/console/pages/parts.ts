/** Small pieces several pages share: PG names, status badges, pagers. */
import type { AppContext } from '../../app/context.ts';
import { pgNameOf } from '../../app/merchant-settings.ts';
import type { PaymentStatus, Provider } from '../../core/payment.ts';
import { html, type Html } from '../html.ts';
import type { T } from '../i18n.ts';

/** The PG's name, from its module (app/merchant-settings.ts). */
export const pgName = (v: { ctx: AppContext }, p: Provider): string => pgNameOf(v.ctx, p);

export const statusBadge = (v: { t: T }, s: PaymentStatus): Html => html`<span class="badge s-${s}">${v.t(`pay.status.${s}`)}</span>`;

export const testBadge = (v: { t: T }, sandbox: boolean): Html | null => (sandbox ? html`<span class="badge s-test">${v.t('pay.sandbox')}</span>` : null);
