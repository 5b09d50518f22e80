/**
 * The `error_code`s a checkout (IMP.request_pay) fails with in `rsp` and in the m_redirect_url query.
 * Only F1002 and F0005 are observed on the real service (reference §5.3, §9 item 11); the other F####
 * codes are openimp's choice, listed in docs/checkout.md. PG declines carry the PG's own code instead.
 */
export const checkoutErrors = {
  /** Bad or missing request_pay parameters, or a rule of the chosen PG. */
  INVALID_PARAMS: 'F1001',
  /** The merchant_uid is already paid (real code and message, reference §5.3). */
  ALREADY_PAID: 'F1002',
  /** The amount or currency differs from POST /payments/prepare (reference §8.1). */
  PREPARE_MISMATCH: 'F1003',
  /** No such PG channel, or the PG cannot do what was asked (pay_method, billing, escrow). */
  PG_UNSUPPORTED: 'F1004',
  /** Another window of the same merchant_uid is being completed right now. */
  IN_PROGRESS: 'F1005',
  /** IMP.init was not called, or with an unknown merchant code. */
  UNKNOWN_MERCHANT: 'F1000',
  /** The buyer stopped (PG cancel button, closed the window) (real code, reference §5.3). */
  USER_CANCELLED: 'F0005',
  /** The merchant's confirm_url refused the payment (reference §8.2). */
  CONFIRM_REFUSED: 'F0006',
  /** The PG never recorded an attempt whose approval call had timed out (found by the re-check, ARCHITECTURE rule 5). */
  PG_UNREACHABLE: 'F0007',
  /** The PG's asynchronous result (Paymentwall) did not arrive in time. */
  RESULT_TIMEOUT: 'F0008',
} as const;

export type CheckoutErrorCode = (typeof checkoutErrors)[keyof typeof checkoutErrors];

/** A checkout refused before or after the window; the SDK shows it as `rsp.error_code/error_msg`. */
export class CheckoutFailure extends Error {
  readonly errorCode: string;
  constructor(errorCode: string, message: string) {
    super(message);
    this.name = 'CheckoutFailure';
    this.errorCode = errorCode;
  }
}

export const alreadyPaidMessage = '이미 결제가 이루어진 거래건입니다.';
