/**
 * What a tester types into the sandbox PAYCO's order sheet (src/sandbox/payco, docs/pgs/payco-fake.md):
 * the sandbox PAYCO login, the payment password, then the method and the shared test card.
 */
import type { CardInput } from '../../core/card.ts';

export const paycoLogin = { paycoId: 'payco_sandbox', paycoPassword: 'sandbox1234', paymentPassword: '000000' } as const;

export const paycoInputs = (card: CardInput | null, over: Record<string, string> = {}): Record<string, string> => ({
  ...paycoLogin, choice: 'approve', method: 'card', quota: '0',
  ...(card ? { testCard: card.number, expiry: `${String(card.expiry.month).padStart(2, '0')}/${String(card.expiry.year % 100).padStart(2, '0')}` } : {}),
  ...over,
});
