/**
 * The confirm process (reference §8.2): right before a payment is accepted, POST
 * `{imp_uid, merchant_uid, amount}` (JSON) to the merchant's confirm_url; only HTTP 200 within 10 s
 * lets it proceed. A refusal may carry `{"reason": "..."}`.
 */
export const CONFIRM_TIMEOUT_MS = 10_000;

/** The fail_reason V1 stores when the merchant refuses (reference §8.2, wording from DOCS). */
export const confirmRefusedReason = (reason: string | null): string => `고객사 요청에 의해 결제를 중단합니다. (상세사유 : ${reason ?? '알 수 없음'})`;

/** null when the merchant accepted; otherwise the refusal's reason (null when it gave none). */
export async function askConfirmUrl(
  fetchFn: typeof fetch, url: string, body: { imp_uid: string; merchant_uid: string; amount: number }, timeoutMs = CONFIRM_TIMEOUT_MS,
): Promise<{ ok: true } | { ok: false; reason: string | null }> {
  let res: Response;
  try {
    res = await fetchFn(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
  } catch (e) {
    const timedOut = (e as Error).name === 'TimeoutError' || (e as Error).name === 'AbortError';
    return { ok: false, reason: timedOut ? 'confirm_url 응답시간 초과' : 'confirm_url 연결 실패' };
  }
  if (res.status === 200) {
    await res.body?.cancel().catch(() => undefined);
    return { ok: true };
  }
  let reason: string | null = null;
  try {
    const parsed = JSON.parse((await res.text()).slice(0, 4000)) as { reason?: unknown };
    if (typeof parsed.reason === 'string' && parsed.reason.trim() !== '') reason = parsed.reason.trim().slice(0, 200);
  } catch { /* a body without a reason */ }
  return { ok: false, reason };
}
