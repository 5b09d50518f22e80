/** GET /banks and /banks/{bank_standard_code} (reference §3.11, §7.2). */
import { z } from 'zod';
import { getBank, listBanks } from '../../app/code-tables.ts';
import { route, type RouteDef } from '../route.ts';

const all = route({
  method: 'GET', url: '/banks',
  schema: { summary: '은행 코드 목록', tags: ['codes'] },
  handler: async () => ({ response: listBanks() }),
});

const one = route({
  method: 'GET', url: '/banks/:bank_standard_code',
  schema: { summary: '은행 코드 조회', tags: ['codes'], params: z.object({ bank_standard_code: z.string() }) },
  handler: async ({ params }) => ({ response: getBank(params.bank_standard_code) }),
});

export default [all, one] satisfies RouteDef[];
