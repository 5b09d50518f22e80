/**
 * What a PG's module says about its channels: its name, what it calls a channel's id, the credentials its
 * real protocol uses, the hosts of its own test and live systems, and the addresses its notifications
 * come from. One per PG, in
 * `connectors/<pg>/channel-fields.ts`; the registry lists them.
 */
import type { ChannelMode, ChannelPurpose, CredentialField } from '../core/channel.ts';

/** A text shown to operators, in the console's languages. */
export type Label = { ko: string; en: string };

export type CredentialSpec = {
  field: CredentialField;
  /** What the PG calls it, for the console and error messages. */
  label: Label;
  /** Purposes a `test` or `live` channel cannot work without it. */
  requiredFor: readonly ChannelPurpose[];
  /** Also required on a `sandbox` channel (Paymentwall signs every widget with its secret key). */
  requiredInSandbox?: boolean;
};

export type DemoChannel = { pgId: string; purpose: ChannelPurpose; name: string; isDefault?: boolean; credentials?: Partial<Record<CredentialField, string>> };

export type ChannelSpec = {
  /** The PG's name as the console shows it. */
  name: string;
  /** What the PG calls a channel's `pg_id`, per purpose; a purpose without its own label uses `general`'s. */
  idLabels: { general: Label } & Partial<Record<ChannelPurpose, Label>>;
  credentials: readonly CredentialSpec[];
  /** The sandbox channels the demo merchant gets on first start: the fake PG's test MIDs (a `isDefault` one: the merchant's default). */
  demo: readonly DemoChannel[];
  /** Origins of the PG's own systems; `OPENIMP_<PG>_URL` replaces both. */
  hosts: { test: string; live: string };
  /**
   * Where the PG's notifications come from on test and live channels (addresses or CIDR ranges);
   * `OPENIMP_<PG>_NOTIFY_IPS` replaces both. `documented: false` means the PG publishes none and the list
   * is empty: such a PG's notifications are refused until the operator names its addresses.
   */
  notifySources: { test: readonly string[]; live: readonly string[]; documented: boolean; source: string };
};

/** The credentials a channel of this mode and purpose must have and does not. */
export function missingCredentials(spec: ChannelSpec, mode: ChannelMode, purpose: ChannelPurpose, has: (f: CredentialField) => boolean): CredentialSpec[] {
  return spec.credentials.filter((c) => !has(c.field) && (mode === 'sandbox' ? c.requiredInSandbox === true : c.requiredFor.includes(purpose)));
}
