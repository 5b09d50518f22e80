/**
 * A scriptable PG window for checkout tests that need no browser: the "return" parameters name the
 * outcome the PG will confirm (`complete` reads them as if it had asked the PG), and notifications
 * are JSON. Installed over a gateway's PgAccess, so the real app/pages code runs unchanged. Like the
 * real ones, the fake Paymentwall approves inside its window (no `approvesOnComplete`); the others
 * approve when the gateway calls `complete`.
 */
import { PgTransportError, type Connector, type Notification, type TransactionStatus, type WindowConnector, type WindowOutcome, type WindowRequest } from '../../src/connectors/contract.ts';
import type { Provider } from '../../src/core/payment.ts';
import type { TestGateway } from '../support/gateway.ts';

export type FakePg = {
  requests: WindowRequest[];
  /** `complete:<imp_uid>` / `confirm:<imp_uid>` in the order they happened (tests add the confirms). */
  timeline: string[];
  completes: { orderId: string; amount?: number }[];
  cancels: { orderId: string; pgTid: string; amount: number }[];
  /** What `getTransaction` answers per order (default `pending`): the PG's records, for the re-check. */
  records: Map<string, TransactionStatus>;
};

const card = { code: '366', name: '신한카드', number: '541707******1234', type: 0 };

function outcomeOf(r: Record<string, string>, req: WindowRequest | undefined): WindowOutcome {
  const tid = `tid_${r.orderId ?? 'x'}_${Math.random().toString(36).slice(2, 8)}`;
  switch (r.result) {
    case 'approve':
      return { kind: 'approved', pgTid: tid, applyNum: '30001234', card, receiptUrl: 'https://receipt.example/1', payMethod: req?.payMethod ?? 'card', bank: null, embPgProvider: null };
    case 'decline':
      return { kind: 'declined', pgTid: tid, pgCode: '3011', pgMessage: '카드 한도초과' };
    case 'cancel':
      return { kind: 'user_cancelled', pgMessage: '사용자가 결제를 취소하였습니다' };
    case 'vbank':
      return { kind: 'vbank_issued', pgTid: tid, vbank: { code: '004', name: 'KB국민은행', num: '12345678901234', holder: '(주)데모', due: 1_900_000_000 }, receiptUrl: null };
    case 'pending':
      return { kind: 'pending' };
    case 'billing': {
      const charge = req?.billing?.charge
        ? (r.charge === 'decline' ? { kind: 'declined' as const, pgTid: tid, pgCode: '3011', pgMessage: '카드 한도초과' } : { kind: 'approved' as const, pgTid: tid, applyNum: '30005678', card, receiptUrl: null })
        : null;
      return { kind: 'billing_key_issued', billingKey: `bk_${req?.billing?.customerUid}`, card, buyerEmail: req?.buyer.email ?? null, charge };
    }
    default:
      throw new Error(`fake PG: unknown result ${r.result}`);
  }
}

export function installFakePg(gw: TestGateway, providers: Provider[] = ['jtnet', 'payco', 'paymentwall', 'kicc']): FakePg {
  const state: FakePg = { requests: [], timeline: [], completes: [], cancels: [], records: new Map() };
  const byOrder = new Map<string, WindowRequest>();
  const window: WindowConnector = {
    validate: (req) => (req.buyer.tel === null && req.merchantUid.startsWith('needs_tel') ? 'buyer_tel 은 필수입니다.' : null),
    start(_ctx, req) {
      state.requests.push(req);
      byOrder.set(req.orderId, req);
      return { method: 'POST', url: 'https://pg.example/window', fields: { orderId: req.orderId, amount: String(req.amount), returnUrl: req.returnUrl } };
    },
    async complete(_ctx, req) {
      state.completes.push({ orderId: req.orderId, amount: req.amount });
      state.timeline.push(`complete:${req.orderId}`);
      // `unreachable`: the approval call times out, every time it is made.
      if (req.returned.result === 'unreachable') throw new PgTransportError('timeout', 'fake PG timeout');
      return outcomeOf({ ...req.returned, orderId: req.orderId }, byOrder.get(req.orderId));
    },
    async parseNotification(_ctx, req): Promise<Notification> {
      const b = JSON.parse(req.body) as { kind: string; orderId: string; result?: string; amount?: number; sig?: string };
      if (b.sig !== 'ok') return { kind: 'rejected', reason: 'bad signature' };
      if (b.kind === 'outcome') return { kind: 'outcome', orderId: b.orderId, outcome: outcomeOf({ result: b.result! }, byOrder.get(b.orderId)) };
      if (b.kind === 'deposit') return { kind: 'vbank_deposit', orderId: b.orderId, pgTid: 'dep1', amount: b.amount!, depositorName: '홍길동' };
      return { kind: 'cancelled', orderId: b.orderId, pgCancelTid: 'c1', amount: b.amount! };
    },
    notificationAck: 'OK',
  };
  // Approval happens in `complete` for every result but the buyer's cancel and the asynchronous wait.
  const approvingWindow: WindowConnector = { ...window, approvesOnComplete: (req) => !['cancel', 'pending'].includes(req.returned.result ?? '') };
  const original = gw.ctx.pg.connector;
  gw.ctx.pg.connector = (p: Provider): Connector | null => {
    if (!providers.includes(p)) return original(p);
    const base = original(p);
    return {
      provider: p,
      capabilities: gw.ctx.pg.capabilities(p),
      ...(base ?? {}),
      window: p === 'paymentwall' ? window : approvingWindow,
      async chargeBillingKey(_ctx, req) {
        return { kind: 'approved', pgTid: `again_${req.orderId}`, applyNum: '1', card, receiptUrl: null };
      },
      async cancel(_ctx, req) {
        state.cancels.push({ orderId: req.orderId, pgTid: req.pgTid, amount: req.amount });
        return { kind: 'cancelled', pgCancelTid: `cncl_${req.orderId}`, receiptUrl: null };
      },
      async getTransaction(_ctx, req) { return state.records.get(req.orderId) ?? { kind: 'pending' }; },
    } as Connector;
  };
  return state;
}

/** The `m` message object the result/start pages post to the merchant page. */
export function postedMessage(page: string): Record<string, any> | null {
  const at = page.indexOf('var m=');
  if (at === -1) return null;
  let depth = 0;
  let inString = false;
  for (let i = at + 6; i < page.length; i++) {
    const c = page[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return JSON.parse(page.slice(at + 6, i + 1));
  }
  return null;
}
