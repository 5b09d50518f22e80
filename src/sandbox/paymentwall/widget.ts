/**
 * The sandbox Paymentwall widget's start: signed widget parameters to a window session. What the
 * widget offers follows reference §6.4 / SEED 004: `country_code` picks the country's methods, `ps`
 * narrows them (`all` default, a shortcode such as `kakaopaykr`, or `test`), and on a project that is
 * not live (every sandbox project) the test method needs both `use_test_method` and `ps: "test"`.
 */
import { isCurrency } from '../../core/money.ts';
import type { SessionInit } from '../window-session.ts';
import { fromWireDecimal } from '../../core/wire-decimal.ts';
import { pwErrors, signV2 } from './wire.ts';

const countryMethods: Record<string, string[]> = {
  KR: ['cc', 'kakaopaykr', 'naverpaykr', 'tosspaykr'], US: ['cc', 'paypal'], DE: ['cc', 'sofortbanktransfer', 'paypal'], JP: ['cc', 'konbini'],
};
const otherCountries = ['cc', 'paypal'];
const walletNames: Record<string, string> = {
  kakaopaykr: 'KakaoPay (kakaopaykr)', naverpaykr: 'Naver Pay (naverpaykr)', tosspaykr: 'Toss Pay (tosspaykr)', paypal: 'PayPal',
  sofortbanktransfer: 'Sofort', konbini: 'Konbini',
};

const isWebUrl = (v: string): boolean => {
  try {
    return ['http:', 'https:'].includes(new URL(v).protocol);
  } catch {
    return false;
  }
};

/** The payment systems a widget shows, by the rules above. */
export function widgetMethods(country: string, ps: string, testMode: boolean, saveCard: boolean): string[] {
  const local = countryMethods[country] ?? otherCountries;
  const shown = ps === 'all' ? local : ps === 'test' ? (testMode ? ['test'] : []) : local.filter((m) => m === ps);
  // Stored cards (billing windows) are cards only.
  return saveCard ? shown.filter((m) => m === 'cc' || m === 'test') : shown;
}

export function pwWidget(q: URLSearchParams, secretFor: (projectKey: string) => string): SessionInit | { error: string } {
  const p = Object.fromEntries(q);
  const get = (k: string) => p[k] ?? '';
  const refuse = (what: string) => ({ error: `${pwErrors.badParam.code} ${pwErrors.badParam.msg}: ${what}` });
  if (!/^[A-Za-z0-9_]{3,64}$/.test(get('key'))) return refuse('key');
  if (get('sign_version') !== '2' || get('sign') !== signV2(p, secretFor(get('key')))) return { error: `${pwErrors.badSignature.code} ${pwErrors.badSignature.msg}` };
  const currency = get('currencyCode');
  if (!isCurrency(currency)) return refuse('currencyCode');
  const amount = fromWireDecimal(get('amount'), currency);
  if (amount === null || amount <= 0) return refuse('amount');
  if (get('ag_external_id') === '' || get('email') === '') return refuse('ag_external_id / email');
  if (!isWebUrl(get('success_url')) || !isWebUrl(get('pingback_url'))) return refuse('success_url / pingback_url');
  const widget = get('widget') || 'pw_1';
  if (widget !== 'pw_1' && widget !== 't3_1') return refuse('widget');
  const country = (get('country_code') || 'KR').toUpperCase();
  const ps = get('ps') || 'all';
  const saveCard = get('save_card') === '1';
  const testMethod = get('test_mode') === '1' && ps === 'test';
  const shown = widgetMethods(country, ps, get('test_mode') === '1', saveCard);
  if (shown.length === 0) return { error: `No payment methods available (country ${country}, ps ${ps}${ps === 'test' && !testMethod ? ', use_test_method is off' : ''})` };
  const brand = widget === 't3_1' ? 'Terminal3' : 'Paymentwall';
  return {
    provider: 'paymentwall', mid: get('key'), orderId: get('ag_external_id'), amount, currency, taxFree: 0, name: get('ag_name'),
    buyer: { name: `${get('customer[firstname]')} ${get('customer[lastname]')}`.trim(), email: get('email'), tel: '' },
    methods: shown.some((m) => m === 'cc' || m === 'test') ? ['card'] : [],
    wallets: shown.filter((m) => m !== 'cc' && m !== 'test').map((code) => ({ code, name: walletNames[code] ?? code })),
    billing: saveCard,
    amountNote: `${brand} widget ${widget} · ${country} · ps=${ps}${testMethod ? ' · Test method' : ''}${saveCard ? ' · 카드 저장과 함께 이 금액이 결제됩니다' : ''}`,
    cardCodes: null, directQuota: null, quotas: [], vbankDue: null,
    returnUrl: get('success_url'), notifyUrl: get('pingback_url'),
    extra: { widget, country, ps, testMethod: testMethod ? '1' : '0' },
  };
}
