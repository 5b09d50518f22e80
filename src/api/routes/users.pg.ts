/**
 * GET /users/pg (PG MID복수조회, reference §3 "users"): the merchant's PG settings as V1's
 * PgSettingAnnotation list. Disabled channels are left out (they cannot be paid through). `type` is
 * `payment` for window channels (일반결제 and 정기결제) and `api_payment` for key-in/API ones;
 * `channel_key` is the value openimp accepts as `channelKey`/`channel_key` (and `pg`) for it.
 */
import { channelsOf, pgStringOf } from '../../app/merchant-admin.ts';
import { route, type RouteDef } from '../route.ts';

export default route({
  method: 'GET',
  url: '/users/pg',
  schema: { summary: 'PG MID복수조회', tags: ['users'] },
  handler: async ({ ctx, merchantId }) => ({
    response: (await channelsOf(ctx, merchantId)).filter((c) => c.enabled).map((c) => ({
      pg_provider: c.provider, pg_id: c.pgId, sandbox: c.sandbox, type: c.purpose === 'api' ? 'api_payment' : 'payment',
      channel_name: c.name ?? pgStringOf(c), channel_key: pgStringOf(c),
    })),
  }),
}) satisfies RouteDef;
