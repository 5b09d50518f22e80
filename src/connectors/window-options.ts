/**
 * Reading `WindowRequest.options`: the request_pay parameters a window may use, keyed by their SDK
 * names (reference §5.2): `card` ({direct, detail}), `display` ({card_quota}), `bypass`,
 * `kiccProducts`, `use_test_method`, `company`. The gateway passes them as the SDK sent them, so
 * everything is checked here and a malformed value reads as absent (the PG would ignore it too),
 * except where a PG rule needs it (KICC escrow products), which that PG's `validate` reports.
 */
export type CardDirect = { code: string; quota: number };
export type CardDetail = { cardCode: string; enabled: boolean };
export type KiccProduct = { orderNumber: string; name: string; quantity: number; amount: number };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function cardOption(options: Record<string, unknown>): Record<string, unknown> {
  return isObject(options.card) ? options.card : {};
}

/** `card.direct {code, quota}`: straight to one card company's page (reference §5.2, SEED 002). */
export function cardDirect(options: Record<string, unknown>): CardDirect | null {
  const d = cardOption(options).direct;
  if (!isObject(d) || typeof d.code !== 'string' || d.code === '') return null;
  const quota = typeof d.quota === 'number' && Number.isInteger(d.quota) && d.quota >= 0 ? d.quota : 0;
  return { code: d.code, quota };
}

/** `card.detail [{card_code, enabled}]`, applied in order; `*` means every card company. */
export function cardDetail(options: Record<string, unknown>): CardDetail[] {
  const d = cardOption(options).detail;
  if (!Array.isArray(d)) return [];
  return d.flatMap((x) => (isObject(x) && typeof x.card_code === 'string' && typeof x.enabled === 'boolean' ? [{ cardCode: x.card_code, enabled: x.enabled }] : []));
}

/** The card companies left enabled after `card.detail`, or null when every company is. */
export function enabledCardCodes(options: Record<string, unknown>, allCodes: readonly string[]): string[] | null {
  const rules = cardDetail(options);
  if (rules.length === 0) return null;
  const on = new Set(allCodes);
  for (const r of rules) {
    const targets = r.cardCode === '*' ? allCodes : [r.cardCode];
    for (const c of targets) r.enabled ? on.add(c) : on.delete(c);
  }
  return allCodes.filter((c) => on.has(c));
}

/** `display.card_quota`: instalment months offered besides lump sum; null = the PG's default. */
export function displayQuotas(options: Record<string, unknown>): number[] | null {
  const d = options.display;
  if (!isObject(d) || !Array.isArray(d.card_quota)) return null;
  return d.card_quota.filter((q): q is number => typeof q === 'number' && Number.isInteger(q) && q >= 2 && q <= 36);
}

/** `bypass` string values (Paymentwall `widget_code`, `ps`, `country_code`, ...). */
export function bypass(options: Record<string, unknown>): Record<string, string> {
  const b = options.bypass;
  if (!isObject(b)) return {};
  return Object.fromEntries(Object.entries(b).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : [])));
}

export const useTestMethod = (options: Record<string, unknown>): boolean => options.use_test_method === true;

/** `kiccProducts`, or a message naming what is wrong (reference §6.2: all four fields required). */
export function kiccProducts(options: Record<string, unknown>): KiccProduct[] | string {
  const p = options.kiccProducts;
  if (!Array.isArray(p) || p.length === 0) return 'kiccProducts 가 필요합니다.';
  const out: KiccProduct[] = [];
  for (const x of p) {
    if (!isObject(x)) return 'kiccProducts 의 각 항목은 객체여야 합니다.';
    const { orderNumber, name, quantity, amount } = x;
    if (typeof orderNumber !== 'string' || orderNumber === '' || typeof name !== 'string' || name === ''
      || typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1
      || typeof amount !== 'number' || !Number.isInteger(amount) || amount < 0) {
      return 'kiccProducts 항목에는 orderNumber, name, quantity, amount 가 모두 필요합니다.';
    }
    out.push({ orderNumber, name, quantity, amount });
  }
  return out;
}
