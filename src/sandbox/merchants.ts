/**
 * The merchants a fake PG knows, as a real PG has them registered: per PG, a merchant id (MID,
 * seller key, project key) and the credentials it shares with that merchant (secret, API key, Brick
 * keys, cpId/productId, cancel password; core/channel.ts). The gateway registers a sandbox channel
 * when it is saved (and every sandbox channel at start) through the admin control
 * `PUT /_control/{pg}/merchants/{pgId}`. Kept in the fake PGs' own books, read once at start.
 */
import { credentialFields, noCredentials, type CredentialField, type Credentials } from '../core/channel.ts';
import type { Provider } from '../core/payment.ts';
import type { SimulatorStore } from './contract.ts';
import { serialized } from './simulator.ts';

/** Older books kept only the secret (a string or null) per merchant. */
type Registered = Partial<Record<Provider, Record<string, Credentials | string | null>>>;

export type MerchantRegistry = {
  /** The secret registered for this merchant; null = not registered or registered without one (the PG's documented sandbox key applies). */
  keyOf(provider: Provider, pgId: string): string | null;
  /** Everything registered for this merchant; null = not registered (the PG's documented sandbox credentials apply). */
  credentialsOf(provider: Provider, pgId: string): Credentials | null;
  /** The merchant whose registered `field` is `value` (a Brick key names its project); null when none. */
  merchantWith(provider: Provider, field: CredentialField, value: string): string | null;
  /**
   * The URL the merchant gave the PG for its notifications (KICC takes it in its admin console, not
   * per request); null = none registered.
   */
  notifyUrlOf(provider: Provider, pgId: string): string | null;
  register(provider: Provider, pgId: string, credentials: Credentials, notifyUrl?: string | null): Promise<void>;
};

const KEY = 'registered-merchants';
const NOTIFY_KEY = 'registered-notify-urls';
type NotifyUrls = Partial<Record<Provider, Record<string, string>>>;

const normalise = (v: Credentials | string | null): Credentials => (v !== null && typeof v === 'object' ? v : { ...noCredentials(), secret: v });

/** A registration's `notifyUrl`: an http(s) URL, or null when absent; a string for a refusal. */
export function readNotifyUrl(body: unknown): { url: string | null } | string {
  const v = (body as Record<string, unknown> | null)?.notifyUrl;
  if (v === undefined || v === null) return { url: null };
  if (typeof v !== 'string' || !/^https?:\/\/[^\s]+$/.test(v)) return 'notifyUrl must be an http(s) URL or null';
  return { url: v };
}

/** A registration body as the control receives it, or why it is refused. */
export function readCredentials(body: unknown): Credentials | string {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return 'body must be a JSON object';
  const out = noCredentials();
  for (const f of credentialFields) {
    const v = (body as Record<string, unknown>)[f];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') return `${f} must be a string or null`;
    out[f] = v;
  }
  return out;
}

export async function merchantRegistry(store: SimulatorStore): Promise<MerchantRegistry> {
  const known: Registered = (await store.get<Registered>(KEY)) ?? {};
  const notifyUrls: NotifyUrls = (await store.get<NotifyUrls>(NOTIFY_KEY)) ?? {};
  const exclusive = serialized();
  const credentialsOf = (provider: Provider, pgId: string): Credentials | null => {
    const v = known[provider]?.[pgId];
    return v === undefined ? null : normalise(v);
  };
  return {
    keyOf: (provider, pgId) => credentialsOf(provider, pgId)?.secret ?? null,
    credentialsOf,
    merchantWith: (provider, field, value) =>
      Object.keys(known[provider] ?? {}).find((pgId) => credentialsOf(provider, pgId)?.[field] === value) ?? null,
    notifyUrlOf: (provider, pgId) => notifyUrls[provider]?.[pgId] ?? null,
    register: (provider, pgId, credentials, notifyUrl = null) =>
      exclusive(async () => {
        (known[provider] ??= {})[pgId] = credentials;
        const urls = (notifyUrls[provider] ??= {});
        if (notifyUrl === null) delete urls[pgId];
        else urls[pgId] = notifyUrl;
        await store.setMany([[KEY, known], [NOTIFY_KEY, notifyUrls]]);
      }),
  };
}
