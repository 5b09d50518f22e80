/** The sandbox JTNet's card-slip page, where `receiptUrl` points. Shows the masked card only. */
import type { TxRecord } from './ledger.ts';

const won = (n: number): string => `${n.toLocaleString('ko-KR')}원`;

export function receiptPage(tx: TxRecord | undefined): Response {
  const headers = { 'content-type': 'text/html; charset=utf-8' };
  if (!tx || tx.authCd === null) return new Response('<!doctype html><title>JTNet</title><p>거래내역 없음</p>', { status: 404, headers });
  const cancelled = tx.amt - tx.remainAmt;
  // Every value is the simulator's own (ids of an alphanumeric MID, digits, table names): no escaping needed.
  const rows: [string, string][] = [
    ['거래번호', tx.tid], ['승인번호', tx.authCd], ['승인일시', tx.authDate],
    ...(tx.card ? [['카드', `${tx.card.cardNm} ${tx.card.cardNo}`], ['할부', tx.cardQuota === '00' ? '일시불' : `${Number(tx.cardQuota)}개월`]] as [string, string][] : []),
    ['승인금액', won(tx.amt)], ['취소금액', won(cancelled)],
  ];
  const body = rows.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join('');
  return new Response(`<!doctype html><meta charset="utf-8"><title>JTNet 카드매출전표 (sandbox)</title><h1>카드매출전표</h1><table>${body}</table>`, { status: 200, headers });
}
