/**
 * The three ways V1 clients send the token (reference §1.3): `Authorization: Bearer <t>`,
 * bare `Authorization: <t>` (Python/Java clients) and legacy `X-ImpTokenHeader`; Authorization wins.
 */
import type { IncomingHttpHeaders } from 'node:http';

export function extractToken(headers: IncomingHttpHeaders): string | null {
  const auth = headers.authorization?.trim();
  if (auth) {
    const m = /^Bearer\s+(.+)$/i.exec(auth);
    return (m ? m[1]! : auth).trim() || null;
  }
  const legacy = headers['x-imptokenheader'];
  const v = Array.isArray(legacy) ? legacy[0] : legacy;
  return v?.trim() || null;
}
