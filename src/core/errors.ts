/**
 * The one error type and the one registry of error codes.
 * Each entry fixes the HTTP status, the V1 envelope `code` and the message (reference §1.4).
 * docs/errors.md lists every code; test/errors-doc.test.ts keeps the two in sync.
 */
export type ErrorSpec = { status: number; v1Code: number; message: string };

export const errorRegistry = {
  // transport and auth (reference §1.2–1.4; ARCHITECTURE "V1 decisions")
  UNAUTHORIZED: { status: 401, v1Code: -1, message: 'Unauthorized' },
  INVALID_API_KEY: { status: 401, v1Code: -1, message: 'imp_key, imp_secret 정보가 올바르지 않습니다.' },
  BAD_REQUEST: { status: 400, v1Code: -1, message: '요청 파라미터가 올바르지 않습니다.' },
  PARAM_MISSING: { status: 400, v1Code: -1, message: '{fields} 파라메터가 누락되었습니다.' },
  PARAM_INVALID: { status: 400, v1Code: -1, message: '{fields} 파라메터가 올바르지 않습니다.' },
  BAD_URL: { status: 400, v1Code: -1, message: '요청 URL을 해석할 수 없습니다.' },
  URI_TOO_LONG: { status: 414, v1Code: -1, message: '요청 URL이 너무 깁니다.' },
  MALFORMED_BODY: { status: 400, v1Code: -1, message: '요청 본문을 해석할 수 없습니다.' },
  BODY_TOO_LARGE: { status: 413, v1Code: -1, message: '요청 본문이 너무 큽니다.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, v1Code: -1, message: '지원하지 않는 Content-Type 입니다.' },
  ROUTE_NOT_FOUND: { status: 404, v1Code: -1, message: '요청하신 API를 찾을 수 없습니다.' },
  METHOD_NOT_ALLOWED: { status: 405, v1Code: -1, message: '허용되지 않는 HTTP 메소드입니다.' },
  INTERNAL: { status: 500, v1Code: -1, message: '서버 내부 오류가 발생했습니다.' },
  TOO_MANY_REQUESTS: { status: 429, v1Code: -1, message: '잘못된 인증 시도가 너무 많습니다. {seconds}초 후에 다시 시도하세요.' },

  // payments lookup (reference §3.1)
  PAYMENT_NOT_FOUND: { status: 404, v1Code: -1, message: '존재하지 않는 결제정보입니다.' },
  PAGE_OUT_OF_RANGE: { status: 400, v1Code: -1, message: '요청하신 page 가 범위를 벗어났습니다.' },

  // prepare (reference §3.3, §8.1)
  PREPARE_NOT_FOUND: { status: 404, v1Code: -1, message: '사전등록된 결제정보가 존재하지 않습니다.' },
  PREPARE_EXISTS: { status: 200, v1Code: 1, message: '이미 사전등록된 결제정보가 존재합니다. 금액을 바꾸려면 PUT /payments/prepare 를 사용하세요.' },

  // cancel (reference §1.4, §3.2)
  CANCEL_NOT_FOUND: { status: 200, v1Code: 1, message: '취소할 결제건이 존재하지 않습니다.' },
  ALREADY_CANCELLED: { status: 200, v1Code: 1, message: '이미 전액취소된 주문입니다.' },
  CANCEL_NOT_PAID: { status: 200, v1Code: 1, message: '결제완료 상태가 아닌 결제건은 취소할 수 없습니다.' },
  CANCEL_EXCEEDS_BALANCE: { status: 200, v1Code: 1, message: '취소요청금액이 취소가능잔액보다 큽니다.' },
  CANCEL_TAX_FREE_EXCEEDS: { status: 200, v1Code: 1, message: '면세 취소요청금액이 취소가능 면세잔액보다 큽니다.' },
  CHECKSUM_MISMATCH: { status: 200, v1Code: 1, message: '취소가능잔액(checksum)이 일치하지 않습니다. 결제정보를 다시 조회한 후 요청하세요.' },
  CANCEL_IN_PROGRESS: { status: 200, v1Code: 1, message: '같은 결제건에 대한 다른 취소요청이 처리 중입니다.' },
  VBANK_REFUND_INFO_REQUIRED: { status: 200, v1Code: 1, message: '가상계좌 환불에는 refund_holder, refund_bank, refund_account 가 필요합니다.' },
  PG_CANCEL_FAILED: { status: 200, v1Code: -1, message: 'PG사 취소요청이 실패하였습니다.' },

  // merchant_uid rules (reference §8.3; SDK F1002 message)
  MERCHANT_UID_ALREADY_PAID: { status: 200, v1Code: 1, message: '이미 결제가 이루어진 거래건입니다.' },
  MERCHANT_UID_IN_PROGRESS: { status: 200, v1Code: 1, message: '같은 merchant_uid 로 결제가 진행 중입니다.' },

  // channels and PG capabilities (reference §1.4, §6)
  PG_NOT_CONFIGURED: { status: 200, v1Code: 1, message: 'pg 파라미터에 해당하는 PG 설정을 찾을 수 없습니다.' },
  NO_API_BILLING_MODULE: { status: 200, v1Code: 1, message: '비인증결제모듈 사용정보를 찾을 수 없습니다.' },
  PG_FEATURE_UNSUPPORTED: { status: 200, v1Code: 1, message: '해당 PG사에서 지원하지 않는 기능입니다.' },

  // billing keys (reference §1.4, §3.4, §3.6)
  CUSTOMER_NOT_REGISTERED: { status: 200, v1Code: 1, message: '등록되지 않은 구매자입니다.' },
  CUSTOMER_NOT_FOUND: { status: 404, v1Code: -1, message: '요청하신 customer_uid({customer_uid})로 등록된 정보를 찾을 수 없습니다.' },
  CARD_AUTH_FAILED: { status: 200, v1Code: -1, message: '카드정보 인증에 실패하였습니다.' },
  BILLING_KEY_ISSUE_FAILED: { status: 200, v1Code: -1, message: '카드정보 인증 및 빌키 발급에 실패하였습니다.' },
  BUYER_EMAIL_MISMATCH: { status: 200, v1Code: 1, message: '빌링키 발급 시 사용한 buyer_email 과 일치하지 않습니다.' },

  // PG transport (ARCHITECTURE rule 5): the attempt is unknown, never guessed
  PG_UNREACHABLE: { status: 500, v1Code: -1, message: 'PG사 응답을 받지 못해 결제결과를 확인 중입니다. 잠시 후 결제정보를 조회하세요.' },

  // scheduled payments (reference §1.4, §3.5)
  SCHEDULE_CUSTOMER_NOT_FOUND: { status: 200, v1Code: 1, message: '등록된 고객정보가 없습니다.' },
  CHECKING_CHARGE_FAILED: { status: 200, v1Code: -1, message: '카드 정상결제 확인(checking_amount) 결제에 실패하였습니다.' },
  UNSCHEDULE_NOT_FOUND: { status: 200, v1Code: 1, message: '취소할 예약결제 기록이 존재하지 않습니다.' },
  SCHEDULE_NOT_FOUND: { status: 404, v1Code: -1, message: '예약결제 정보가 존재하지 않습니다.' },
  SCHEDULE_MERCHANT_UID_TAKEN: { status: 200, v1Code: 1, message: '이미 예약결제가 등록된 merchant_uid 입니다.' },
  SCHEDULE_AT_IN_PAST: { status: 400, v1Code: -1, message: 'schedule_at 은 현재 이후의 시각이어야 합니다.' },
  SCHEDULE_NOT_MOVABLE: { status: 400, v1Code: -1, message: '이미 실행되었거나 취소된 예약결제는 변경할 수 없습니다.' },
  SCHEDULE_NOT_RETRYABLE: { status: 400, v1Code: -1, message: '결제실패 또는 예약취소 상태의 예약결제만 재예약/재시도할 수 있습니다.' },
  SCHEDULE_BUSY: { status: 409, v1Code: -1, message: '예약결제가 실행 중입니다. 잠시 후 다시 조회하세요.' },
  SANDBOX_CLOCK_LIVE_MERCHANT: { status: 400, v1Code: -1, message: '테스트 시계는 sandbox 채널만 사용하는 가맹점에서만 사용할 수 있습니다.' },

  // webhooks (reference §4) and Idempotency-Key (IETF draft-ietf-httpapi-idempotency-key-header)
  WEBHOOK_DELIVERY_NOT_FOUND: { status: 404, v1Code: -1, message: '웹훅 전송 기록이 존재하지 않습니다.' },
  IDEMPOTENCY_KEY_INVALID: { status: 400, v1Code: -1, message: 'Idempotency-Key 는 1~255자의 출력 가능한 ASCII 문자여야 합니다.' },
  IDEMPOTENCY_IN_FLIGHT: { status: 409, v1Code: -1, message: '같은 Idempotency-Key 의 요청이 처리 중입니다.' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, v1Code: -1, message: '같은 Idempotency-Key 가 다른 요청에 사용되었습니다.' },

  // escrow, virtual accounts, PG-specific endpoints, code tables (reference §3.1, §3.7, §3.8, §3.11, §6.4)
  ESCROW_UNSUPPORTED: { status: 400, v1Code: -1, message: '에스크로 배송정보 등록을 지원하지 않는 결제건입니다.' },
  ESCROW_NOT_PAID: { status: 400, v1Code: -1, message: '결제완료 상태의 에스크로 결제건만 배송정보를 등록할 수 있습니다.' },
  ESCROW_ALREADY_REGISTERED: { status: 409, v1Code: -1, message: '이미 배송정보가 등록되어 있습니다.' },
  ESCROW_NOT_REGISTERED: { status: 409, v1Code: -1, message: '등록된 배송정보가 없습니다.' },
  ESCROW_PG_FAILED: { status: 200, v1Code: -1, message: 'PG사 배송정보 등록(에스크로 상태변경)이 실패하였습니다.' },
  VBANK_NOT_EDITABLE: { status: 400, v1Code: -1, message: '입금대기 상태의 가상계좌 결제건이 아닙니다.' },
  VBANK_ISSUE_FAILED: { status: 200, v1Code: 1, message: 'PG사에서 가상계좌 발급에 실패하였습니다.' },
  BALANCE_PAYCO_ONLY: { status: 405, v1Code: -1, message: '결제금액 상세 조회는 PAYCO 결제건만 지원합니다.' },
  BILLING_KEY_DELETE_FAILED: { status: 200, v1Code: 1, message: 'PG사에서 빌링키 삭제에 실패하였습니다.' },
  // POST /payco/orders/status documents only HTTP 200 (and 401): its refusals are V1 code 1.
  PAYCO_ONLY: { status: 200, v1Code: 1, message: 'PAYCO 결제건만 지원하는 API 입니다.' },
  PAYCO_PAYMENT_NOT_FOUND: { status: 200, v1Code: 1, message: '존재하지 않는 결제정보입니다.' },
  PAYCO_STATUS_NOT_PAID: { status: 200, v1Code: 1, message: '결제완료 상태의 PAYCO 결제건만 주문상태를 변경할 수 있습니다.' },
  PAYCO_STATUS_FAILED: { status: 200, v1Code: 1, message: 'PAYCO 주문상태 변경에 실패하였습니다.' },
  // POST /paymentwall/delivery likewise documents only HTTP 200 (and 401).
  PAYMENTWALL_PAYMENT_NOT_FOUND: { status: 200, v1Code: 1, message: '존재하지 않는 결제정보입니다.' },
  PAYMENTWALL_DELIVERY_NOT_PAID: { status: 200, v1Code: 1, message: '결제완료 상태의 Paymentwall 결제건만 배송정보를 등록할 수 있습니다.' },
  BANK_NOT_FOUND: { status: 404, v1Code: -1, message: '존재하지 않는 은행코드입니다.' },
  CARD_NOT_FOUND: { status: 404, v1Code: -1, message: '존재하지 않는 카드사코드입니다.' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof errorRegistry;

/**
 * The only error type business code throws. `detail` is appended to the registry message (PG text,
 * the offending field); `params` fill `{name}` placeholders in it.
 */
export class GatewayError extends Error {
  readonly code: ErrorCode;
  readonly detail: string | undefined;
  readonly params: Record<string, string>;
  constructor(code: ErrorCode, detail?: string, params: Record<string, string> = {}) {
    super(detail ?? errorRegistry[code].message);
    this.name = 'GatewayError';
    this.code = code;
    this.detail = detail;
    this.params = params;
  }
  get spec(): ErrorSpec {
    return errorRegistry[this.code];
  }
  /**
   * The V1 `message`: the registry text with its placeholders filled, then the detail. INTERNAL's
   * detail names internals (ids, states): it goes to the log only, never to the caller.
   */
  get v1Message(): string {
    const base = errorRegistry[this.code].message.replace(/\{(\w+)\}/g, (_, k: string) => this.params[k] ?? '');
    return this.detail === undefined || this.code === 'INTERNAL' ? base : `${base} ${this.detail}`;
  }
}

export const isGatewayError = (e: unknown): e is GatewayError => e instanceof GatewayError;

/** The 4xx status of an error the client caused (a GatewayError, or a framework error such as a 415), else null. */
export function clientErrorStatus(e: unknown): number | null {
  const s = isGatewayError(e) ? e.spec.status : (e as { statusCode?: unknown } | null)?.statusCode;
  return typeof s === 'number' && s >= 400 && s < 500 ? s : null;
}
