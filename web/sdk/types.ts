/**
 * The public types of `window.IMP`, following `iamport-typings@1.4.0` (RequestPayParams,
 * RequestPayResponse) and reference §5.2–5.3, so existing typed merchant code compiles against openimp.
 * Every field iamport-typings accepts is accepted here; PG options openimp does not use are ignored.
 */
export type Currency = 'KRW' | 'USD' | 'EUR' | 'JPY' | 'CNY' | 'GBP' | 'AUD' | 'CAD' | 'SGD' | 'HKD' | 'TWD' | 'THB' | 'VND' | (string & {});

export type PaymentMethod =
  | 'card' | 'trans' | 'vbank' | 'phone' | 'samsung' | 'samsungpay' | 'kpay' | 'kakaopay' | 'payco' | 'lpay' | 'ssgpay'
  | 'ssgpay_bank' | 'tosspay' | 'tosspay_card' | 'tosspay_money' | 'cultureland' | 'smartculture' | 'culturegift' | 'happymoney'
  | 'booknlife' | 'point' | 'wechat' | 'alipay' | 'unionpay' | 'tenpay' | 'molpay' | 'paysbuy' | 'econtext' | 'pinpay' | 'skpay'
  | 'naverpay' | 'naverpay_card' | 'naverpay_point' | 'applepay' | 'paypal' | 'toss_brandpay' | (string & {});

export type CardDetail = { card_code: string; enabled: boolean; max_month?: number };
export type Card = {
  direct?: { code: string; quota: number };
  detail?: CardDetail[];
  /** Paymentwall Brick: issue without opening the widget. */
  info?: { number: string; expiry: string; cvc: string };
};

export type KiccProduct = { orderNumber: string; name: string; quantity: number; amount: number };
export type EscrowProduct = { id: string; name: string; code: string; unitPrice: number; quantity: number };

export type RequestPayParams = {
  pg?: string;
  channelKey?: string;
  pay_method?: PaymentMethod;
  escrow?: boolean;
  merchant_uid: string;
  name?: string;
  amount: number;
  custom_data?: unknown;
  tax_free?: number;
  vat?: number;
  vat_amount?: number | null;
  currency?: Currency;
  language?: 'ko' | 'en' | 'zh' | 'jp' | (string & {});
  buyer_name?: string;
  buyer_tel?: string;
  buyer_email?: string;
  buyer_addr?: string;
  buyer_postcode?: string;
  confirm_url?: string;
  notice_url?: string | string[];
  customer_uid?: string;
  customer_id?: string;
  display?: { card_quota: number[] };
  card?: Card;
  useFreeInterestFromMall?: boolean;
  digital?: boolean;
  vbank_due?: string;
  m_redirect_url?: string;
  app_scheme?: string;
  biz_num?: string;
  popup?: boolean;
  period?: { from: string; to: string };
  bypass?: Record<string, unknown>;
  products?: EscrowProduct[];
  escrowProducts?: EscrowProduct[];
  kiccProducts?: KiccProduct[];
  company?: string;
  auth_mode?: 'key-in';
  use_test_method?: boolean;
  naverPopupMode?: boolean;
  naverUseCfm?: string;
  naverProducts?: unknown[];
  naverCultureBenefit?: boolean;
  naverProductCode?: string;
  naverActionType?: 'order' | 'pay' | (string & {});
  naverPurchaserName?: string;
  naverPurchaserBirthday?: string;
  naverChainId?: string;
  naverMerchantUserKey?: string;
  cultureBenefit?: boolean;
  niceMobileV2?: boolean;
  /** Anything else a newer SDK or PG accepts is passed along untouched. */
  [key: string]: unknown;
};

export type RequestPayResponse = {
  success: boolean;
  imp_success: boolean;
  error_code?: string;
  error_msg?: string;
  imp_uid: string | null;
  merchant_uid: string | null;
  request_id?: string;
  pay_method?: PaymentMethod;
  paid_amount?: number;
  status?: 'ready' | 'paid' | 'failed' | 'cancelled';
  name?: string | null;
  currency?: Currency;
  pg_provider?: string;
  pg_type?: string;
  emb_pg_provider?: string;
  pg_tid?: string | null;
  buyer_name?: string;
  buyer_email?: string;
  buyer_tel?: string;
  buyer_addr?: string;
  buyer_postcode?: string;
  custom_data?: string | null;
  paid_at?: number;
  receipt_url?: string;
  apply_num?: string;
  card_name?: string | null;
  card_number?: string;
  card_quota?: number;
  bank_name?: string | null;
  vbank_num?: string;
  vbank_name?: string | null;
  vbank_code?: string | null;
  vbank_holder?: string | null;
  vbank_date?: number;
  customer_uid?: string;
};

export type RequestPayCallback = (rsp: RequestPayResponse) => void;

export type Device = 'pc' | 'mobile';

export type Iamport = {
  init(userCode: string): void;
  agency(userCode: string, tierCode: string): void;
  request_pay(params: RequestPayParams, callback?: RequestPayCallback): Promise<RequestPayResponse>;
  certification(params: Record<string, unknown>, callback?: (rsp: RequestPayResponse) => void): void;
  loadUI(type: string, params: Record<string, unknown>, callback?: RequestPayCallback): void;
  updateLoadUIRequest(type: string, params: Record<string, unknown>): void;
  /** openimp: force the mobile (redirect) or PC (overlay) flow; 'auto' = by user agent. Also `?imp_device=`. */
  setDevice(device: Device | 'auto'): void;
  readonly version: string;
};
