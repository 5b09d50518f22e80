/**
 * The IMP.request_pay parameter objects of the seed files (shared/seeds/000–004), copied verbatim,
 * comments included. Only SEED 002 (KICC) was flattened onto one line by the text extraction, which
 * turns its `//` comments into comments over the rest of the object: there a line break is restored
 * after each comment, nothing else changed. Placeholders (`{Merchant created Order ID}` ...) are filled
 * by `fillPlaceholders`.
 */
export const seedSamples = {
  seed000_payco_general: `{
pg : 'payco',
merchant_uid: '{Merchant created Order ID}', //Example: order_no_0001
name : 'Order name: Test payment',
amount : 14000,
buyer_email : '[email protected]',
buyer_name : 'Customer name',
buyer_tel : '010-1234-5678',
buyer_addr : 'Samseong-dong, Gangnam-gu, Seoul',
buyer_postcode : '123-456'
}`,
  seed000_payco_billing: `{
pg : 'payco',
merchant_uid : '{Merchant created Order ID}', // Example: issue_billingkey_monthly_0001
name : 'Order name: Billing key request test',
amount : 0, // For display purpose only
customer_uid : '{Unique ID for the card (billing key)}', // Required (Example: gildong_0001_1234)
buyer_email: "[email protected]",
buyer_name: "John Doe",
buyer_tel : '02-1234-1234'
}`,
  seed001_payco_general_ko: `{
    pg : 'payco',
    merchant_uid: "order_no_0001", // 상점에서 관리하는 주문 번호
    name : '주문명:결제테스트',
    amount : 1004,
    buyer_email : 'iamport@siot.do',
    buyer_name : '구매자이름',
    buyer_tel : '010-1234-5678',
    buyer_addr : '서울특별시 강남구 삼성동',
    buyer_postcode : '123-456'
}`,
  seed001_payco_billing_ko: `{
        pg : 'payco', 
	merchant_uid: "order_monthly_0001", // 상점에서 관리하는 주문 번호
	name : 'PAYCO 자동결제 등록',
	amount : 1000, // 결제창에 표시될 금액. 실제 승인이 이뤄지지는 않습니다.
	customer_uid : 'your-customer-unique-id', // 필수 입력.
	buyer_email : 'iamport@siot.do',
	buyer_name : '아임포트',
	buyer_tel : '02-1234-1234'
}`,
  seed003_jtnet_general: `{
pg : 'jtnet',
pay_method : 'card',
merchant_uid : '{Merchant created Order ID}', // Example: order_no_0001
name : 'Order name: Test payment request',
amount : 14000,
buyer_email : 'iamport@siot.do',
buyer_name : 'John Doe',
buyer_tel : '010-1234-5678',
buyer_addr : 'Shinsa-dong, Gangnam-gu, Seoul',
buyer_postcode : '123-456',
m_redirect_url : '{Mobile only - URL to redirect to after payment approval}' // Example: https://www.my-service.com/payments/complete/mobile
}`,
  seed003_jtnet_billing: `{
pg : 'jtnet',
pay_method : 'card', // only 'card' supported.
merchant_uid : '{Merchant created Order ID}', // Example: issue_billingkey_monthly_0001
name : 'Initial billing key request',
amount : 0, // For display purpose only (no payment approval).
customer_uid : '{Unique ID for the card (billing key)}', // Required (Example: gildong_0001_1234)
buyer_email: "johndoe@gmail.com",
buyer_name: "John Doe",
buyer_tel : '02-1234-1234',
m_redirect_url : '{redirect URL}' // Example: https://www.my-service.com/payments/complete/mobile (for mobile only)
}`,
  seed004_paymentwall_general: `{
  pg: "paymentwall.{project_key}",
  pay_method: "card", // 페이먼트월은 국가IP에 따라 결제수단이 활성화 됩니다.(생략가능)
  merchant_uid: "order_no_0001", //상점에서 생성한 고유 주문번호
  name: "주문명:결제테스트",
  amount: 1004,
  currency: "KRW", // 필수 파라미터
  buyer_email: "test@portone.io", //필수 파라미터 
  buyer_name: "Jack Son", // 반드시 Firstname Lastname 이 빈칸으로 구분되어야 
  buyer_tel: "010-1234-5678",
  buyer_addr: "서울특별시 강남구 삼성동",
  buyer_postcode: "123-456",
  m_redirect_url: "{모바일에서 결제 완료 후 리디렉션 될 URL}",
  use_test_method : true, // 테스트 결제 수단을 활성화하는 파라미터,
  bypass: {
    // 터미날3 인경우 해당 파라미터 설정, 미 설정시 Defualt(일반) 결제창 활성화
    widget_code: "t3_1",
    // 특정 결제수단만 활성화 하는 경우 사용 all 인 경우(default) 국가 지원 결제수단 모두 표
    ps: "all",
    country_code: "DE" // 코드가 지정되면 지정된 국가에서 지원하는 결제수단이 활성화됩니다.
  },
}`,
  seed004_paymentwall_test_method: `{
  use_test_method: true,
  bypass: {
    ps: "test", // LIVE 프로젝트가 아닌 경우, ps도 test로 설정해야만 테스트 결제수단이 활성화됩니다.
  },
}`,
  seed004_paymentwall_billing: `{
    pg: "paymentwall.{project_key}",
    pay_method: "card", // 빌링키 결제는 오직 신용카드만 가능합니다.
    merchant_uid: "order_monthly_0001", // 상점에서 관리하는 주문 번호
    name: "최초인증결제",
    amount: 20, // 결제창에 표시될 금액. 실제 승인이 이뤄지지는 않습니다.
    currency: "USD", // 필수 파라미터
    customer_uid: "your-customer-unique-id", // 필수 입력
    buyer_email: "test@portone.io", // 빌링키 발급시 기재한 주소와 빌링키 결제할때 기재한 주소가 동일해야 합니다.
    buyer_name: "Jack Son", // 반드시 Firstname Lastname 이 빈칸으로 구분되어야 합니다.
    buyer_tel: "02-1234-1234",
    m_redirect_url: "{모바일에서 결제 완료 후 리디렉션 될 URL}",
  }`,
  seed002_kicc_general: `{ pg: "kicc", pay_method: "card", merchant_uid: "{Merchant created Order ID}", // Example: order_no_0001
 name: "Order name: Test payment request", amount: 14000, buyer_email: "iamport@siot.do", buyer_name: "John Doe", buyer_tel: "010-1234-5678", buyer_addr: "Shinsa-dong, Gangnam-gu, Seoul", buyer_postcode: "123-456", m_redirect_url: "{Mobile only - URL to redirect to after payment approval}", // Example: https://www.my-service.com/payments/complete/mobile
}`,
  seed002_kicc_billing: `{ pg: "kicc", pay_method: "card", // only 'card' supported.
 merchant_uid: "{Merchant created Order ID}", // Example: issue_billingkey_monthly_0001
 name: "Initial billing key request", amount: 0, // For display purpose only (no payment approval).
 customer_uid: "{Unique ID for the card (billing key)}", // Required (Example: gildong_0001_1234)
 buyer_email: "johndoe@gmail.com", buyer_name: "John Doe", buyer_tel: "02-1234-1234", m_redirect_url: "{redirect URL}", // Example: https://www.my-service.com/payments/complete/mobile (for mobile only)
}`,
  seed002_kicc_escrow: `{ escrow: true, // Required for escrow payment
 kiccProducts: [ { orderNumber: "xxxx", name: "Product A", quantity: 3, amount: 1000, }, { orderNumber: "yyyy", name: "Product B", quantity: 2, amount: 3000, }, ], }`,
} as const;

export type SeedName = keyof typeof seedSamples;

/**
 * Fills the seeds' placeholders. The seeds' fixed example ids (`order_no_0001`, `order_monthly_0001`,
 * `your-customer-unique-id`) are shared between seeds (SEED 001 PAYCO and SEED 004 Paymentwall both use
 * `order_no_0001`): `uniqueSuffix` must differ per filled sample, or the second seed to run is refused
 * before any window opens (F1002, merchant_uid already paid) instead of testing its PG.
 */
export function fillPlaceholders(text: string, v: { orderId: string; customerUid: string; redirectUrl: string; projectKey: string; uniqueSuffix: string }): string {
  return text
    .replaceAll('{Merchant created Order ID}', v.orderId)
    .replaceAll('{Unique ID for the card (billing key)}', v.customerUid)
    .replaceAll('{Mobile only - URL to redirect to after payment approval}', v.redirectUrl)
    .replaceAll('{redirect URL}', v.redirectUrl)
    .replaceAll('{모바일에서 결제 완료 후 리디렉션 될 URL}', v.redirectUrl)
    .replaceAll('{project_key}', v.projectKey)
    .replace(/(["'])(order_no_0001|order_monthly_0001|your-customer-unique-id)\1/g, `$1$2_${v.uniqueSuffix}$1`);
}
