/**
 * Paymentwall request and pingback signatures (docs.paymentwall.com/reference/signature-calculation):
 * the parameters sorted by name, concatenated as `name=value` (a nested parameter as `name[key]=value`,
 * its keys sorted too), the secret key appended, then MD5 (version 2) or SHA-256 (version 3), lower-case
 * hex. `sign` (requests) and `sig` (pingbacks) are never part of what is signed. Version 1 is deprecated
 * and not produced; pingbacks signed with it are not accepted.
 */
import { createHash } from 'node:crypto';
import { sameSignature } from '../signature.ts';

export type SignVersion = 2 | 3;
export type SignedParams = Record<string, string | Record<string, string>>;

export function baseString(params: SignedParams): string {
  let out = '';
  for (const name of Object.keys(params).filter((k) => k !== 'sign' && k !== 'sig').sort()) {
    const v = params[name]!;
    if (typeof v === 'string') out += `${name}=${v}`;
    else for (const k of Object.keys(v).sort()) out += `${name}[${k}]=${v[k]}`;
  }
  return out;
}

export function pwSign(params: SignedParams, secret: string, version: SignVersion): string {
  return createHash(version === 2 ? 'md5' : 'sha256').update(baseString(params) + secret, 'utf8').digest('hex');
}

/**
 * Flat form fields (`customer[firstname]=…`) back to the nesting they were signed with, so a
 * received pingback or request is checked exactly as its sender computed it.
 */
export function nest(fields: Record<string, string>): SignedParams {
  const out: SignedParams = {};
  for (const [k, v] of Object.entries(fields)) {
    const m = /^([^[\]]+)\[([^[\]]*)\]$/.exec(k);
    if (!m) { out[k] = v; continue; }
    const inner = out[m[1]!];
    const group = typeof inner === 'object' ? inner : (out[m[1]!] = {});
    group[m[2]!] = v;
  }
  return out;
}

/** True when `sig` is the version-2 or -3 signature (as `sign_version` says) of the other fields. */
export function pingbackSigned(fields: Record<string, string>, secret: string): boolean {
  const version = fields.sign_version === '2' ? 2 : fields.sign_version === '3' ? 3 : null;
  if (version === null || typeof fields.sig !== 'string') return false;
  return sameSignature(fields.sig, pwSign(nest(fields), secret, version));
}
