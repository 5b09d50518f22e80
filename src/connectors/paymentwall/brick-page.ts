/**
 * Billing windows on test and live channels: Brick.js with its default form on an openimp checkout page,
 * as a merchant's own page would load it (paymentwall.com/documentation/Brick/2968,
 * integration/direct/brick/create-form). The script comes from the channel's Paymentwall host
 * (`OPENIMP_PAYMENTWALL_URL` replaces it), renders the card form with the Brick public key, tokenizes
 * the card at Paymentwall and posts `brick_token` and `brick_fingerprint` to the page's action. The
 * action answers as Paymentwall's own libraries answer Brick.js (paymentwall-node
 * `lib/Response/Abstract.js` getBrickResponse): `{success:1}`, `{success:0, error:{code, message}}`,
 * or `{success:0, risk:'pending'}`.
 */
import type { ConnectorContext, HostedFormResult, HostedFormStart, WindowRequest } from '../contract.ts';
import { toWireDecimal } from '../../core/wire-decimal.ts';
import { pwPublicKey } from './api.ts';
import { paymentwallChannel } from './channel-fields.ts';
import { pwPaths } from './wire.ts';

/**
 * Where Paymentwall's node library sends test keys' cards for a token (lib/Config.js
 * `BRICK_ONETIMETOKEN_TEST_BASE_URL`). **[guess]** that Brick.js may reach it too; allowed only
 * while the documented host is used (an `OPENIMP_PAYMENTWALL_URL` proxy serves everything itself).
 */
const TEST_TOKEN_ORIGIN = 'https://pwgateway.com';

/** Runs after Brick.js, with `openimp` in scope (pages/hosted-form.ts): the default form, posting to the gateway. */
const BOOT = `var c=openimp.config;
var brick=new Brick({public_key:c.public_key,amount:c.amount,currency:c.currency,container:openimp.container,action:openimp.action,form:c.form},'default');
brick.showPaymentForm(function(data){openimp.settle(data);},function(errors){openimp.settle(errors);});`;

export function brickHostedForm(ctx: ConnectorContext, req: WindowRequest): HostedFormStart {
  const base = ctx.baseUrl.replace(/\/$/, '');
  const mode = ctx.channel.mode;
  const documented = mode !== 'sandbox' && base === paymentwallChannel.hosts[mode];
  return {
    hostedForm: {
      script: `${base}${pwPaths.brickScript}`,
      origins: [new URL(base).origin, ...(documented ? [TEST_TOKEN_ORIGIN] : [])],
      boot: BOOT,
      config: {
        public_key: pwPublicKey(ctx), amount: toWireDecimal(req.amount, req.currency), currency: req.currency,
        // `form` as documented for the default form; the card is charged with buyer_email (SEED 004), whatever is typed.
        form: { merchant: 'Paymentwall', product: req.name ?? '', pay_button: 'Pay', show_zip: false, show_cardholder: true, lang: req.language },
      },
    },
  };
}

export function brickFormAnswer(result: HostedFormResult): Record<string, unknown> {
  if (result.kind === 'done') return { success: 1 };
  if (result.kind === 'pending') return { success: 0, risk: 'pending' };
  return { success: 0, error: { code: result.code, message: result.message } };
}
