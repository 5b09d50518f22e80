/** POST /users/getToken (reference §1.2). */
import { z } from 'zod';
import { getToken } from '../../app/auth.ts';
import { text } from '../fields.ts';
import { route } from '../route.ts';

export default route({
  method: 'POST',
  url: '/users/getToken',
  auth: false,
  schema: {
    summary: 'access_token 발급',
    tags: ['authenticate'],
    body: z.object({ imp_key: text(), imp_secret: text() }),
    response: z.object({ access_token: z.string(), now: z.number().int(), expired_at: z.number().int() }),
  },
  handler: async ({ ctx, body, req }) => ({ response: await getToken(ctx, body.imp_key, body.imp_secret, req.ip) }),
});
