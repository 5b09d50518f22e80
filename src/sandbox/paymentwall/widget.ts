/**
 * The sandbox Paymentwall's window starts. The Digital Goods widget (`/api/subscription`, flexible
 * widget call, signed): `country_code` picks the country's methods, `ps` narrows them (`all`, a
 * shortcode such as `kakaopaykr`, or `test`), and the test method needs `test_mode=1` with `ps=test`
 * (sandbox projects are never LIVE; SEED 004). The Brick card form (`/brick/form`) stands in for what
 * Brick.js renders on a merchant's page: it tokenizes the card and posts `brick_token` back.
 */
import { isCurrency } from '../../core/money.ts';
import type { SessionInit } from '../window-session.ts';
import { isSignedBy, minorOf, type BrickKeyKind } from './fake-protocol.ts';

const countryMethods: Record<string, string[]> = {
  KR: ['cc', 'kakaopaykr', 'naverpaykr', 'tosspaykr'], US: ['cc', 'paypal'], DE: ['cc', 'sofortbanktransfer', 'paypal'], JP: ['cc', 'konbini'],
};
const otherCountries = ['cc', 'paypal'];
const walletNames: Record<string, string> = {
  kakaopaykr: 'KakaoPay (kakaopaykr)', naverpaykr: 'Naver Pay (naverpaykr)', tosspaykr: 'Toss Pay (tosspaykr)', paypal: 'PayPal',
  sofortbanktransfer: 'Sofort', konbini: 'Konbini',
};
const refuse = (what: string) => ({ error: `Missing or invalid parameter: ${what}` });

const isWebUrl = (v: string): boolean => {
  try {
    return ['http:', 'https:'].includes(new URL(v.replace('$ref', 'ref')).protocol);
  } catch {
    return false;
  }
};

/** The payment systems a widget shows, by the rules above. */
export function widgetMethods(country: string, ps: string, testMode: boolean): string[] {
  const local = countryMethods[country] ?? otherCountries;
  return ps === 'all' ? local : ps === 'test' ? (testMode ? ['test'] : []) : local.filter((m) => m === ps);
}

/**
 * `pingbackUrlOf`: the project's Pingback URL as set in its settings (the sandbox control's
 * registration); a widget call's `pingback_url` overrides it (reference/pingback-home).
 */
export function openWidget(q: URLSearchParams, secretFor: (projectKey: string) => string, pingbackUrlOf: (projectKey: string) => string | null = () => null): SessionInit | { error: string } {
  const p = Object.fromEntries(q);
  const get = (k: string) => p[k] ?? '';
  if (!/^[A-Za-z0-9_]{3,64}$/.test(get('key'))) return refuse('key');
  // "It looks like you're not authorized to view this content." is what the widget shows on a bad signature.
  if (!isSignedBy(p, secretFor(get('key')))) return { error: "It looks like you're not authorized to view this content. (sign)" };
  for (const k of ['uid', 'widget', 'email', 'ps', 'timestamp', 'ag_external_id', 'ag_name', 'ag_type']) if (get(k) === '') return refuse(k);
  if (get('uid').length > 64 || !/^\d{1,10}$/.test(get('timestamp'))) return refuse('uid / timestamp');
  if (get('ag_type') !== 'fixed') return refuse('ag_type (only fixed is simulated)');
  const money = minorOf(get('amount'), get('currencyCode'));
  if (!money || money.minor <= 0) return refuse('amount / currencyCode');
  if (!isWebUrl(get('success_url')) || (get('failure_url') !== '' && !isWebUrl(get('failure_url')))) return refuse('success_url / failure_url');
  const pingbackUrl = get('pingback_url') || (pingbackUrlOf(get('key')) ?? '');
  if (!isWebUrl(pingbackUrl)) return refuse('pingback_url (the project has no Pingback URL in its settings)');
  const widget = get('widget');
  if (widget !== 'pw_1' && widget !== 't3_1') return refuse('widget');
  const country = (get('country_code') || 'KR').toUpperCase();
  const ps = get('ps');
  const testMethod = get('test_mode') === '1' && ps === 'test';
  const shown = widgetMethods(country, ps, get('test_mode') === '1');
  if (shown.length === 0) return { error: `No payment methods available (country ${country}, ps ${ps}${ps === 'test' && !testMethod ? ', test_mode is off' : ''})` };
  const brand = widget === 't3_1' ? 'Terminal3' : 'Paymentwall';
  return {
    provider: 'paymentwall', mid: get('key'), orderId: get('ag_external_id'), amount: money.minor, currency: money.currency, taxFree: 0, name: get('ag_name'),
    buyer: { name: `${get('customer[firstname]')} ${get('customer[lastname]')}`.trim(), email: get('email'), tel: '' },
    methods: shown.some((m) => m === 'cc' || m === 'test') ? ['card'] : [],
    wallets: shown.filter((m) => m !== 'cc' && m !== 'test').map((code) => ({ code, name: walletNames[code] ?? code })),
    billing: false,
    amountNote: `${brand} widget ${widget} · ${country} · ps=${ps}${testMethod ? ' · Test method' : ''}`,
    cardCodes: null, directQuota: null, quotas: [], vbankDue: null,
    returnUrl: get('success_url'), notifyUrl: pingbackUrl,
    extra: {
      kind: 'widget', widget, country, ps, testMethod: testMethod ? '1' : '0', uid: get('uid'), signVersion: get('sign_version'),
      successUrl: get('success_url'), failureUrl: get('failure_url') || get('success_url'),
    },
  };
}

/** The Brick card form: the public key names the project; the card is charged later, by the merchant's server. */
export function openBrickForm(q: URLSearchParams, projectOf: (key: string, kind: BrickKeyKind) => string | null): SessionInit | { error: string } {
  const get = (k: string) => q.get(k) ?? '';
  const project = get('public_key') === '' ? null : projectOf(get('public_key'), 'pub');
  if (!project) return { error: '2111 Public key is missing or invalid.' };
  const money = minorOf(get('amount'), get('currency'));
  if (!money || !isCurrency(get('currency')) || money.minor <= 0) return refuse('amount / currency');
  if (!isWebUrl(get('action')) || get('email') === '') return refuse('action / email');
  return {
    provider: 'paymentwall', mid: project, orderId: `brick_${get('public_key')}`, amount: money.minor, currency: money.currency, taxFree: 0, name: get('description'),
    buyer: { name: `${get('customer[firstname]')} ${get('customer[lastname]')}`.trim(), email: get('email'), tel: '' },
    methods: ['card'], wallets: [], billing: true,
    amountNote: 'Brick · 카드를 저장하고 이 금액을 결제합니다 (가맹점 서버가 결제를 요청합니다)',
    cardCodes: null, directQuota: null, quotas: [], vbankDue: null,
    returnUrl: get('action'), notifyUrl: get('action'),
    extra: { kind: 'brick', email: get('email'), firstname: get('customer[firstname]'), lastname: get('customer[lastname]'), description: get('description') },
  };
}
