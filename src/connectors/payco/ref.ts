/** The PAYCO order facts openimp keeps between calls (the contract's `pgRef`). */
/**
 * What openimp keeps of a PAYCO order (the contract's `pgRef`, sealed by the gateway): the
 * `reserveOrderNo` getDetailForVerify asks for and the `orderCertifyKey` a cancel must carry, both
 * answered at approval ("가맹점 DB 저장이 필요합니다", PAYCO's PAY2 sample).
 */
export type PaycoRef = { reserveOrderNo: string | null; orderCertifyKey: string | null };
export const refText = (r: PaycoRef): string | null => (r.reserveOrderNo || r.orderCertifyKey ? JSON.stringify(r) : null);
export function readRef(text: string | null | undefined): PaycoRef {
  try {
    const v = text ? (JSON.parse(text) as Partial<PaycoRef>) : {};
    return { reserveOrderNo: typeof v.reserveOrderNo === 'string' ? v.reserveOrderNo : null, orderCertifyKey: typeof v.orderCertifyKey === 'string' ? v.orderCertifyKey : null };
  } catch {
    return { reserveOrderNo: null, orderCertifyKey: null };
  }
}
