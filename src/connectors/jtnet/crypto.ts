/**
 * tPay's window encryption, as its official PHP sample library (`TPAY.LIB.php`, class `Encryptor`)
 * does it (pg-protocols.md §3.3): AES-128-CBC with PKCS#7 padding, Base64 text;
 * key = the 16 raw bytes of md5(ediDate + merchantKey), iv = the first 16 bytes of the merchant key.
 * The window request carries `encryptData = enc(amt + mid + moid)`; the result posted to returnUrl
 * carries `amt` and `moid` encrypted with the key of the `ediDate` it comes back with.
 */
import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';

/** `YmdHis` in Korean time, as the sample's `strftime('%Y%m%d%H%M%S')` on a server in Korea. */
export function ediDateOf(unixMs: number): string {
  const kst = new Date(unixMs + 9 * 3_600_000).toISOString(); // 2026-12-06T22:00:00.000Z
  return kst.slice(0, 19).replace(/[-T:]/g, '');
}

function keyAndIv(merchantKey: string, ediDate: string): { key: Buffer; iv: Buffer } {
  const iv = Buffer.from(merchantKey, 'latin1').subarray(0, 16);
  if (iv.length !== 16) throw new RangeError('a tPay merchant key has at least 16 characters');
  return { key: createHash('md5').update(ediDate + merchantKey, 'utf8').digest(), iv };
}

export function tpayEncrypt(plain: string, merchantKey: string, ediDate: string): string {
  const { key, iv } = keyAndIv(merchantKey, ediDate);
  const c = createCipheriv('aes-128-cbc', key, iv);
  return Buffer.concat([c.update(plain, 'utf8'), c.final()]).toString('base64');
}

/** null when the text is not this key's cipher text (bad Base64, bad padding): a forged or foreign field. */
export function tpayDecrypt(cipherText: string, merchantKey: string, ediDate: string): string | null {
  const { key, iv } = keyAndIv(merchantKey, ediDate);
  try {
    const d = createDecipheriv('aes-128-cbc', key, iv);
    return Buffer.concat([d.update(Buffer.from(cipherText, 'base64')), d.final()]).toString('utf8');
  } catch {
    return null;
  }
}

/** `encryptData` of a window request: the amount, MID and order number, in that order (sample mainPay.php). */
export const windowEncryptData = (f: { amt: string; mid: string; moid: string }, merchantKey: string, ediDate: string): string =>
  tpayEncrypt(f.amt + f.mid + f.moid, merchantKey, ediDate);
