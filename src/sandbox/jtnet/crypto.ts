/**
 * tPay's request/result encryption, from JTNet's own PHP sample library (`TPAY.LIB.php`, class
 * `Encryptor`; docs/pgs/jtnet-fake.md): AES-128-CBC with PKCS#7 padding, Base64 text; the key is the
 * 16 bytes of `md5(ediDate + merchantKey)` and the IV the first 16 ASCII bytes of the merchant key.
 * The window's `encryptData` is this over `amt + mid + moid`; the result's `amt` and `moid` are each
 * encrypted this way with the result's own `ediDate`.
 */
import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';

const keyOf = (ediDate: string, merchantKey: string): Buffer => createHash('md5').update(ediDate + merchantKey, 'utf8').digest();
const ivOf = (merchantKey: string): Buffer => {
  const iv = Buffer.from(merchantKey, 'utf8').subarray(0, 16);
  if (iv.length !== 16) throw new RangeError('a tPay merchant key has at least 16 characters');
  return iv;
};

export function tpayEncrypt(plain: string, ediDate: string, merchantKey: string): string {
  const c = createCipheriv('aes-128-cbc', keyOf(ediDate, merchantKey), ivOf(merchantKey));
  return Buffer.concat([c.update(plain, 'utf8'), c.final()]).toString('base64');
}

/** The plain text, or null when `cipherText` is not this key's encryption (wrong key, padding or Base64). */
export function tpayDecrypt(cipherText: string, ediDate: string, merchantKey: string): string | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(cipherText)) return null;
  try {
    const d = createDecipheriv('aes-128-cbc', keyOf(ediDate, merchantKey), ivOf(merchantKey));
    return Buffer.concat([d.update(Buffer.from(cipherText, 'base64')), d.final()]).toString('utf8');
  } catch {
    return null;
  }
}

/** `YmdHis` (PHP `strftime('%Y%m%d%H%M%S')` on a Korean server): the sample's `ediDate`, in KST. */
export function ediDateOf(unixSec: number): string {
  const iso = new Date((unixSec + 9 * 3600) * 1000).toISOString();
  return iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 10) + iso.slice(11, 13) + iso.slice(14, 16) + iso.slice(17, 19);
}
