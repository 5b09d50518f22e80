/**
 * The body of KICC's transaction registration (`POST /api/ep9/trades/webpay`, docs.kicc.co.kr
 * register-tx): one per window, payment or billing key. Field names of the top level, `orderInfo`,
 * `customerInfo` and `shopValueInfo` are documented; the `payMethodInfo` sub-fields, `escrowInfo` and
 * the basket item fields are [3P]/[guess] (docs/pgs/kicc.md lists which).
 */
import type { WindowRequest } from '../contract.ts';
import { cardDirect, enabledCardCodes, kiccProducts } from '../window-options.ts';
import { kiccCardCode, kiccOfferedCards } from './card-codes.ts';
import { wireAmount } from './map.ts';
import { KICC_BILLING_WINDOW, kiccMethods, kstTime } from './wire.ts';

const digits = (s: string | null): string => (s ?? '').replace(/[^0-9]/g, '');

/** Cut to KICC's documented length, which its tables give in bytes (UTF-8, the body's charset), never inside a character. */
function cutBytes(s: string, maxBytes: number): string {
  let out = '';
  let used = 0;
  for (const ch of s) {
    used += Buffer.byteLength(ch, 'utf8');
    if (used > maxBytes) break;
    out += ch;
  }
  return out;
}

/** KICC refuses these characters in text fields [3P Hola summary]: `'` `"` `<` `>` `\` `;` `|` and newlines. `max` is in bytes. */
export const kiccText = (s: string | null, max: number): string => cutBytes((s ?? '').replace(/['"<>\\;|\r\n]/g, ' '), max);

/** `orderInfo.goodsName` is required by KICC [REG], [BATCH]; V1's `name` is optional: the merchant_uid stands in. */
export const goodsName = (name: string | null, merchantUid: string): string => kiccText(name?.trim() ? name : merchantUid, 50);

const langFlags: Record<string, string> = { ko: 'KOR', en: 'ENG', ja: 'JPN', zh: 'CHN' };

function payMethodInfo(req: WindowRequest): Record<string, unknown> | undefined {
  // billKeyMethodInfo.certType "0": number + expiry + birth date + password [3P Hola summary].
  if (req.billing) return { billKeyMethodInfo: { certType: '0' } };
  if (req.payMethod === 'card') {
    // V1 names card companies by KFTC code, KICC by its own (card-codes.ts).
    const direct = cardDirect(req.options);
    const directCode = direct ? kiccCardCode(direct.code) : null;
    const enabled = enabledCardCodes(req.options, kiccOfferedCards);
    const card: Record<string, unknown> = {};
    if (direct && directCode) Object.assign(card, { cardCode: directCode, installmentMonth: direct.quota <= 1 ? 0 : direct.quota });
    if (enabled) card.cardCodeList = enabled.flatMap((c) => kiccCardCode(c) ?? []).join(',');
    return Object.keys(card).length > 0 ? { cardMethodInfo: card } : undefined;
  }
  if (req.payMethod === 'vbank' && req.vbankDue !== null) {
    return { virtualAccountMethodInfo: { expiryDate: kstTime(req.vbankDue) } };
  }
  return undefined;
}

export function registerBody(mallId: string, req: WindowRequest): Record<string, unknown> {
  const billing = req.billing !== null;
  const amount = wireAmount(req.amount, req.currency);
  const products = req.escrow ? kiccProducts(req.options) : [];
  const taxFree = wireAmount(req.taxFree, req.currency);
  const method = billing ? kiccMethods.billing : kiccMethods[req.payMethod as 'card' | 'trans' | 'vbank' | 'phone'];
  return {
    mallId, shopOrderNo: req.orderId,
    // A billing-key window registers amount 0: the merchant's amount is display only (SEED 002, docs billingKeyIssuance).
    amount: billing ? 0 : amount,
    payMethodTypeCode: method, currency: '00', returnUrl: req.returnUrl,
    deviceTypeCode: req.device, clientTypeCode: '00', langFlag: langFlags[req.language] ?? 'KOR',
    orderInfo: {
      goodsName: goodsName(req.name, req.merchantUid),
      customerInfo: {
        ...(req.billing ? { customerId: kiccText(req.billing.customerUid, 20) } : {}),
        customerName: kiccText(req.buyer.name, 20), customerMail: kiccText(req.buyer.email, 50),
        customerContactNo: digits(req.buyer.tel).slice(0, 11), customerAddr: kiccText(req.buyer.addr, 200),
      },
    },
    ...(payMethodInfo(req) ? { payMethodInfo: payMethodInfo(req) } : {}),
    // Complex taxation only when part of the amount is tax free (field names of the cancel page's taxInfo).
    ...(!billing && taxFree > 0 ? { taxInfo: { taxationAmount: amount - taxFree, taxFreeAmount: taxFree, vatAmount: Math.round((amount - taxFree) / 11) } } : {}),
    shopValueInfo: { value1: billing ? KICC_BILLING_WINDOW : 'payment', value2: kiccText(req.merchantUid, 64) },
    ...(req.escrow && typeof products !== 'string'
      ? {
        escrowInfo: { escrowUsed: 'Y', recvName: kiccText(req.buyer.name, 20), recvMobNo: digits(req.buyer.tel).slice(0, 11), recvMail: kiccText(req.buyer.email, 50) },
        basketInfoList: products.map((p, i) => ({
          productNo: kiccText(p.orderNumber, 20), productName: kiccText(p.name, 50), productAmount: p.amount, productQuantity: p.quantity, sortNo: i + 1,
        })),
      }
      : {}),
  };
}
