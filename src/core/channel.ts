/**
 * What a channel is, independent of any PG: its mode, its purposes and the names of the credentials a
 * PG may need. Which credentials a given PG needs is that PG's module's fact (connectors/<pg>/channel-fields.ts).
 */

/** `sandbox`: openimp's fake PG; `test`: the PG's own test system with a test MID; `live`: real money. */
export const channelModes = ['sandbox', 'test', 'live'] as const;
export type ChannelMode = (typeof channelModes)[number];
export const isChannelMode = (v: unknown): v is ChannelMode => typeof v === 'string' && (channelModes as readonly string[]).includes(v);

export type ChannelPurpose = 'general' | 'billing' | 'api';

/**
 * The credentials a channel may hold besides its PG id (`pg_id`: Paymentwall project key, KICC mall id,
 * PAYCO sellerKey, JTNet mid). Each is stored sealed and never shown again.
 */
export const credentialFields = ['secret', 'apiKey', 'publicKey', 'cpId', 'productId', 'cancelPassword'] as const;
export type CredentialField = (typeof credentialFields)[number];
export type Credentials = Record<CredentialField, string | null>;

export const noCredentials = (): Credentials => ({ secret: null, apiKey: null, publicKey: null, cpId: null, productId: null, cancelPassword: null });

/** A credential as typed by an operator: trimmed; null when blank. Refuses control characters and absurd lengths. */
export function credentialValue(raw: string | null | undefined): string | null | 'invalid' {
  if (raw === null || raw === undefined) return null;
  const v = raw.trim();
  if (v === '') return null;
  // eslint-disable-next-line no-control-regex
  if (v.length > 512 || /[\u0000-\u001f\u007f]/.test(v)) return 'invalid';
  return v;
}
