/**
 * What makes the sandbox window PAYCO's order sheet: the buyer logs in with a PAYCO member account,
 * picks a method (card, 계좌이체, 무통장입금, or PAYCO points for the whole amount), may apply a PAYCO
 * coupon, and confirms with the 6-digit payment password. The sandbox member and its passwords are
 * printed on the sheet; a wrong one is refused as PAYCO's sheet does, without reaching the merchant.
 */
import { escapeHtml } from '../../core/html-escape.ts';
import type { OwnSections } from '../window-page.ts';
import type { WindowSession } from '../window-session.ts';

export const sandboxMember = { id: 'payco_sandbox', password: 'sandbox1234', paymentPassword: '000000', name: '김페이', maskedName: '김*이', maskedEmail: 'pay***@payco.test' };

/** The coupon the sandbox member holds (applies to payments above it). */
export const SANDBOX_COUPON_AMT = 1_000;

export const couponApplies = (s: WindowSession): boolean => !s.billing && s.amount > SANDBOX_COUPON_AMT;

export function sheetHtml(s: WindowSession): OwnSections {
  const m = sandboxMember;
  const coupon = couponApplies(s)
    ? `<label><input type="checkbox" name="paycoCoupon" value="Y"> PAYCO 쿠폰 ${SANDBOX_COUPON_AMT.toLocaleString('en-US')}원 할인 적용 (무통장입금 제외)</label>`
    : '';
  const before = `<fieldset><legend>PAYCO 로그인</legend>`
    + `<label>아이디 <input name="paycoId" value="${escapeHtml(m.id)}" autocomplete="off"></label>`
    + `<label>비밀번호 <input type="password" name="paycoPassword" value="${escapeHtml(m.password)}" autocomplete="off"></label>`
    + `<p class="note">sandbox 회원: ${escapeHtml(m.id)} / ${escapeHtml(m.password)} · 결제 비밀번호 ${escapeHtml(m.paymentPassword)}</p></fieldset>`
    + (coupon ? `<fieldset><legend>할인</legend>${coupon}</fieldset>` : '');
  const after = `<fieldset><legend>결제 비밀번호</legend><label>6자리 <input type="password" name="paymentPassword" inputmode="numeric" maxlength="6" value="${escapeHtml(m.paymentPassword)}" autocomplete="off"></label></fieldset>`;
  return { before, after };
}

/** The login and the payment password; what the sheet keeps: the coupon used (0 or its amount). */
export function readSheet(s: WindowSession, form: URLSearchParams): { error: string } | { extra: Record<string, string> } {
  const m = sandboxMember;
  if (form.get('paycoId') !== m.id || form.get('paycoPassword') !== m.password) return { error: '아이디 또는 비밀번호를 다시 확인해주세요.' };
  if (form.get('paymentPassword') !== m.paymentPassword) return { error: '결제 비밀번호가 일치하지 않습니다. (5회 오류 시 결제가 제한됩니다)' };
  // The coupon discounts what is paid now; a virtual account is paid in full later, without it.
  const coupon = couponApplies(s) && form.get('paycoCoupon') === 'Y' && form.get('method') !== 'vbank' ? SANDBOX_COUPON_AMT : 0;
  return { extra: { coupon: String(coupon) } };
}
