/** Card data bodies for the API tests, from the documented sandbox cards (docs/test-cards.md). */
import { testCards } from '../../src/sandbox/test-cards.ts';

export const dashed = (n: string) => n.replace(/(\d{4})(?=\d)/g, '$1-');

export const card = (key: keyof typeof testCards, over: Record<string, string> = {}) => ({
  card_number: dashed(testCards[key].number), expiry: '2030-12', birth: '820213', pwd_2digit: '00', ...over,
});
