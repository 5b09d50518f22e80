/**
 * The sandbox Brick one-time token API, which the sandbox Brick.js calls from the buyer's browser:
 * `POST /api/brick/token` with `public_key, card[number], card[exp_month], card[exp_year], card[cvv]`
 * (apis#section-brick-onetime_token; the path of paymentwall-node lib/Config.js). The answer is the
 * token object (`type, token, expires_in, active, card[type|last4|bin|exp_month|exp_year]`); a token
 * is `ot_…` in the sandbox and valid 5 minutes (integration/direct/brick/create-form). Errors are the
 * documented token codes 223/224/225/2111 (integration/direct/brick/error-codes) in Brick's error
 * object; their HTTP status (400) is not documented. The token keeps the card masked, with its
 * test-card outcome and expiry only (ARCHITECTURE rule 12): never the number or the CVV.
 */
import { maskCardNumber } from '../../core/card.ts';
import type { RandomBytes } from '../../core/ids.ts';
import type { SimulatorStore } from '../contract.ts';
import { randomHex } from '../simulator.ts';
import { cardCompanyOf, classifyCard } from '../test-cards.ts';
import type { AuthCard } from '../window-session.ts';
import type { BrickKeyKind } from './fake-protocol.ts';

export type ApiToken = { project: string; card: AuthCard; createdAt: number };

const TOKEN_TTL_SEC = 300;
const tokenErrors = {
  expiry: [223, 'Expiration date is empty or invalid.'],
  number: [224, 'Card number is empty or invalid.'],
  cvv: [225, 'CVV is empty or invalid.'],
  publicKey: [2111, 'Public key is missing or invalid.'],
} as const;

/** Brick.js runs on the merchant's page, another origin: the browser may read these answers. */
export const corsHeaders = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type', 'access-control-allow-methods': 'POST, GET, OPTIONS' };
const answer = (body: unknown, status = 200) => Response.json(body, { status, headers: corsHeaders });
const refuse = (e: keyof typeof tokenErrors) => answer({ type: 'Error', object: 'Error', code: tokenErrors[e][0], error: tokenErrors[e][1] }, 400);

export type TokenDeps = {
  store: SimulatorStore;
  random: RandomBytes;
  now: () => number;
  projectOf(key: string, kind: BrickKeyKind): string | null;
};

export function tokenApi(d: TokenDeps) {
  const key = (token: string) => `brick-token:${token}`;
  return {
    async create(f: URLSearchParams): Promise<Response> {
      const project = d.projectOf(f.get('public_key') ?? '', 'pub');
      if (!project) return refuse('publicKey');
      const number = (f.get('card[number]') ?? '').replace(/[\s-]/g, '');
      if (!/^[0-9]{13,19}$/.test(number)) return refuse('number');
      const month = Number(f.get('card[exp_month]') ?? '');
      const yearText = f.get('card[exp_year]') ?? '';
      if (!/^[0-9]{1,2}$/.test(f.get('card[exp_month]') ?? '') || month < 1 || month > 12 || !/^([0-9]{2}|[0-9]{4})$/.test(yearText)) return refuse('expiry');
      if (!/^[0-9]{3,4}$/.test(f.get('card[cvv]') ?? '')) return refuse('cvv');
      const year = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
      const company = cardCompanyOf(number);
      const card: AuthCard = { code: company.code, name: company.name, number: maskCardNumber(number), type: company.type, profile: classifyCard(number), expiry: { year, month }, quota: 0 };
      const token = `ot_${randomHex(d.random, 16)}`;
      await d.store.set(key(token), { project, card, createdAt: d.now() } satisfies ApiToken);
      return answer({
        type: 'token', token, expires_in: TOKEN_TTL_SEC, active: 1,
        card: { type: company.name, last4: number.slice(-4), bin: number.slice(0, 6), exp_month: String(month).padStart(2, '0'), exp_year: String(year) },
      });
    },
    /** The token's card, while the token is valid. */
    async find(token: string): Promise<ApiToken | null> {
      if (!token.startsWith('ot_')) return null;
      const t = await d.store.get<ApiToken>(key(token));
      return t && d.now() - t.createdAt <= TOKEN_TTL_SEC ? t : null;
    },
  };
}
