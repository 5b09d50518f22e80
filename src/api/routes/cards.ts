/** GET /cards and /cards/{card_standard_code} (reference §3.11, §7.1). */
import { z } from 'zod';
import { getCard, listCards } from '../../app/code-tables.ts';
import { route, type RouteDef } from '../route.ts';

const all = route({
  method: 'GET', url: '/cards',
  schema: { summary: '카드사 코드 목록', tags: ['codes'] },
  handler: async () => ({ response: listCards() }),
});

const one = route({
  method: 'GET', url: '/cards/:card_standard_code',
  schema: { summary: '카드사 코드 조회', tags: ['codes'], params: z.object({ card_standard_code: z.string() }) },
  handler: async ({ params }) => ({ response: getCard(params.card_standard_code) }),
});

export default [all, one] satisfies RouteDef[];
