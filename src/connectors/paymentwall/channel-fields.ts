/** Paymentwall channels: `pg_id` is the project key (pg-protocols.md §4). */
import type { ChannelSpec } from '../channel-spec.ts';

/** The pingback allow-list of the official library (paymentwall/paymentwall-node lib/Pingback.js). */
const pingbackSources = ['174.36.92.186', '174.36.96.66', '174.36.92.187', '174.36.92.192', '174.37.14.28', '216.127.71.0/24'];

export const paymentwallChannel: ChannelSpec = {
  name: 'Paymentwall',
  // One project key serves every purpose.
  idLabels: { general: { ko: 'Project key', en: 'Project key' } },
  credentials: [
    // Signs widget requests, pingbacks, the Cancellation and payment status APIs (signature v2/v3).
    { field: 'secret', label: { ko: 'Secret key (프로젝트 비밀 키)', en: 'Secret key (project secret)' }, requiredFor: ['general', 'billing', 'api'], requiredInSandbox: true },
    // Brick: cards are tokenized with the public key and charged with the private key (X-ApiKey).
    { field: 'publicKey', label: { ko: 'Brick Public key', en: 'Brick public key' }, requiredFor: ['billing'] },
    { field: 'apiKey', label: { ko: 'Brick Private key', en: 'Brick private key' }, requiredFor: ['billing'] },
  ],
  demo: [{ pgId: 'pw_demo_project', purpose: 'general', name: 'Paymentwall', credentials: { secret: 'pw_demo_secret' } }],
  // Test projects use the same host with test keys (pg-protocols.md §4.2, §4.4).
  hosts: { test: 'https://api.paymentwall.com', live: 'https://api.paymentwall.com' },
  notifySources: { test: pingbackSources, live: pingbackSources, documented: true, source: 'paymentwall/paymentwall-node lib/Pingback.js (pg-protocols.md §4.3)' },
};
