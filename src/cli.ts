/**
 * `npm run cli -- <command>`: operators manage merchants, key pairs and PG channels.
 *   migrate
 *   merchant create --name NAME [--code imp12345678] | merchant list
 *   keys create --merchant CODE [--label L] | keys list --merchant CODE | keys revoke --merchant CODE --key IMP_KEY
 *   channel add --merchant CODE --provider payco|kicc|jtnet|paymentwall --pg-id MID --purpose general|billing|api
 *               [--mode sandbox|test|live] [--default] [--name N] [CREDENTIALS]
 *   channel list --merchant CODE
 *   channel edit --merchant CODE --id N [--mode M] [--default] [--enable|--disable] [--pg-id MID] [CREDENTIALS]
 *     CREDENTIALS (what each PG uses; test and live channels must have the ones they need, docs/channels.md):
 *       --secret S          Paymentwall secret key, KICC secret key, JTNet merchantKey
 *       --api-key K         Paymentwall Brick private key, JTNet api_key
 *       --public-key K      Paymentwall Brick public key
 *       --cp-id ID --product-id ID   PAYCO cpId and productId
 *       --cancel-password P JTNet cancel password
 *   user create --merchant CODE --email E --password P   (console sign-in) | user password --email E --password P
 *   attempts list [--merchant CODE]   attempts whose outcome openimp cannot learn from the PG (docs/security.md)
 *   attempts settle --attempt ID --as paid|failed|refunded|not_refunded --by NAME [--pg-tid TID] [--note TEXT]
 *     with what the PG's merchant office shows: a charge (ID = imp_uid) paid (--pg-tid required) or failed,
 *     a cancel attempt (ID = cncl_...) refunded or not_refunded
 */
import { parseArgs } from 'node:util';
import type { AppContext } from './app/context.ts';
import {
  addChannel, channelsOf, createApiKey, createMerchant, editChannel, findMerchant, listKeys, listMerchantsOf, pgStringOf, revokeKey,
} from './app/merchant-admin.ts';
import { createConsoleUser, setConsolePassword } from './app/console-users.ts';
import { loadConfig } from './config.ts';
import { credentialFields, isChannelMode, type ChannelMode } from './core/channel.ts';
import { GatewayError } from './core/errors.ts';
import { isProvider } from './core/payment.ts';
import type { Channel } from './app/merchant-settings.ts';
import { openContext } from './gateway.ts';
import { isSettlementOutcome, listUnknownAttempts, settleByOperator, SettlementRefused, type UnknownAttempt } from './app/operator-settlement.ts';
import { toWireAmount } from './core/money.ts';
import { createLogger } from './logger.ts';

const options = {
  name: { type: 'string' }, code: { type: 'string' }, merchant: { type: 'string' }, label: { type: 'string' }, key: { type: 'string' },
  provider: { type: 'string' }, 'pg-id': { type: 'string' }, purpose: { type: 'string' }, default: { type: 'boolean' },
  mode: { type: 'string' }, secret: { type: 'string' }, 'api-key': { type: 'string' }, 'public-key': { type: 'string' },
  'cp-id': { type: 'string' }, 'product-id': { type: 'string' }, 'cancel-password': { type: 'string' }, id: { type: 'string' }, enable: { type: 'boolean' }, disable: { type: 'boolean' },
  email: { type: 'string' }, password: { type: 'string' },
  attempt: { type: 'string' }, as: { type: 'string' }, by: { type: 'string' }, 'pg-tid': { type: 'string' }, note: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Args = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>['values'];

class UsageError extends Error {}

function need(v: string | undefined, flag: string): string {
  if (!v) throw new UsageError(`--${flag} is required`);
  return v;
}

async function merchantOf(ctx: AppContext, a: Args) {
  const code = need(a.merchant, 'merchant');
  const m = await findMerchant(ctx, code);
  if (!m) throw new UsageError(`no merchant ${code}`);
  return m;
}

const print = (v: unknown): void => {
  process.stdout.write(JSON.stringify(v, null, 2) + '\n');
};

const purposes = ['general', 'billing', 'api'] as const;

function modeOf(a: Args): ChannelMode | undefined {
  if (a.mode === undefined) return undefined;
  if (!isChannelMode(a.mode)) throw new UsageError('--mode must be sandbox, test or live');
  return a.mode;
}

const credentialsOf = (a: Args) => ({
  secret: a.secret, apiKey: a['api-key'], publicKey: a['public-key'], cpId: a['cp-id'], productId: a['product-id'], cancelPassword: a['cancel-password'],
});

/** What a channel shows: never a credential, only which ones are set. */
const shown = (c: Channel) => ({
  id: c.id, pg: pgStringOf(c), purpose: c.purpose, mode: c.mode, sandbox: c.sandbox, default: c.isDefault, enabled: c.enabled, name: c.name,
  credentials_set: credentialFields.filter((f) => c.sealed[f] !== null),
});

const shownAttempt = (x: UnknownAttempt) => ({
  kind: x.kind, attempt_id: x.id, imp_uid: x.impUid, merchant_code: x.merchantCode, merchant_uid: x.merchantUid, pg_provider: x.pgProvider,
  amount: toWireAmount(x.amount, x.currency), currency: x.currency, started_at: x.startedAt,
});

/** Parses a command line the way `npm run cli --` does. */
export const parseCommand = (argv: string[]) => parseArgs({ args: argv, options, allowPositionals: true });

/** Runs one command; what it returns is printed as JSON. */
export async function run(ctx: AppContext, [group, action]: string[], a: Args): Promise<unknown> {
  switch (`${group ?? ''} ${action ?? ''}`.trim()) {
    case 'migrate':
      return ({ migrated: true });
    case 'merchant create': {
      const m = await createMerchant(ctx, { name: need(a.name, 'name'), code: a.code ?? null });
      const keys = await createApiKey(ctx, m.id, { label: 'initial' });
      return ({ merchant_code: m.code, ...keys, note: 'imp_secret is shown once' });
    }
    case 'merchant list':
      return ((await listMerchantsOf(ctx)).map((m) => ({ merchant_code: m.code, name: m.name, created_at: m.createdAt })));
    case 'keys create': {
      const m = await merchantOf(ctx, a);
      return ({ ...(await createApiKey(ctx, m.id, { label: a.label ?? null })), note: 'imp_secret is shown once' });
    }
    case 'keys list':
      return (await listKeys(ctx, (await merchantOf(ctx, a)).id));
    case 'keys revoke':
      return ({ revoked: await revokeKey(ctx, (await merchantOf(ctx, a)).id, need(a.key, 'key')) });
    case 'channel add': {
      const m = await merchantOf(ctx, a);
      const provider = need(a.provider, 'provider');
      const purpose = need(a.purpose, 'purpose');
      if (!isProvider(provider)) throw new UsageError('--provider must be payco, kicc, jtnet or paymentwall');
      if (!(purposes as readonly string[]).includes(purpose)) throw new UsageError('--purpose must be general, billing or api');
      const c = await addChannel(ctx, m.id, {
        provider, pgId: need(a['pg-id'], 'pg-id'), purpose: purpose as (typeof purposes)[number], mode: modeOf(a), isDefault: a.default ?? false,
        name: a.name ?? null, credentials: credentialsOf(a),
      });
      return (shown(c));
    }
    case 'channel list':
      return ((await channelsOf(ctx, (await merchantOf(ctx, a)).id)).map(shown));
    case 'channel edit': {
      const m = await merchantOf(ctx, a);
      const c = await editChannel(ctx, m.id, Number(need(a.id, 'id')), {
        mode: modeOf(a), isDefault: a.default, enabled: a.enable ? true : a.disable ? false : undefined, pgId: a['pg-id'], credentials: credentialsOf(a),
      });
      if (!c) throw new UsageError(`no channel ${a.id}`);
      return (shown(c));
    }
    case 'user create': {
      const u = await createConsoleUser(ctx, (await merchantOf(ctx, a)).id, need(a.email, 'email'), need(a.password, 'password'));
      return ({ email: u.email, console: '/console' });
    }
    case 'user password':
      await setConsolePassword(ctx, need(a.email, 'email'), need(a.password, 'password'));
      return ({ email: a.email, changed: true });
    case 'attempts list': {
      return (await listUnknownAttempts(ctx, a.merchant ? { merchantId: (await merchantOf(ctx, a)).id } : {})).map(shownAttempt);
    }
    case 'attempts settle': {
      const as = need(a.as, 'as');
      if (!isSettlementOutcome(as)) throw new UsageError('--as must be paid, failed, refunded or not_refunded');
      const r = await settleByOperator(ctx, { attemptId: need(a.attempt, 'attempt'), as, pgTid: a['pg-tid'] ?? null, by: need(a.by, 'by'), note: a.note ?? null });
      const p = r.payment;
      return {
        attempt_id: r.settlement.attemptId, settled_as: r.settlement.outcome, settled_by: r.settlement.settledBy, settled_at: r.settlement.settledAt,
        repeated: r.repeated, imp_uid: p.impUid, status: p.status, cancel_amount: toWireAmount(p.cancelAmount, p.currency),
      };
    }
    default:
      throw new UsageError(`unknown command "${[group, action].filter(Boolean).join(' ')}"`);
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseCommand(process.argv.slice(2));
  if (values.help || positionals.length === 0) {
    process.stdout.write((await import('node:fs')).readFileSync(new URL(import.meta.url), 'utf8').split('*/')[0]!.replace(/^\/\*\*\n/, '').replace(/^ \* ?/gm, '') + '\n');
    return;
  }
  const { ctx, close } = await openContext(loadConfig(), createLogger('warn'));
  try {
    print(await run(ctx, positionals, values));
  } catch (e) {
    if (e instanceof UsageError || e instanceof SettlementRefused || (e instanceof GatewayError && e.spec.status < 500)) {
      process.stderr.write(`openimp: ${e instanceof GatewayError ? e.v1Message : e.message}\n`);
      process.exitCode = 2;
    } else throw e;
  } finally {
    await close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
