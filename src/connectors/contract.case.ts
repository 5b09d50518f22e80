/**
 * The shared suite every connector runs against its simulator (ARCHITECTURE rule 9): billing keys,
 * every test-card outcome, cancels down to the last won, and "one order is charged once".
 * Parts a PG's capability table rules out are skipped, not faked.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import type { CardInput } from '../core/card.ts';
import {
  PgTransportError,
  type Approved, type Buyer, type CancelResult, type ChargeCardRequest, type ChargeResult, type Connector, type ConnectorContext,
} from './contract.ts';
import { cardCompanyOf, declineMessages, testCards, type DeclineReason, type TestCardName } from '../sandbox/test-cards.ts';

export type ContractOptions = {
  name: string;
  connector: Connector;
  /** A context reaching the simulator. Its `timeoutMs` must be shorter than the simulator's timeout delay. */
  makeContext: () => ConnectorContext;
  /** The simulator's count of approved charges for an order id: the proof nothing was charged twice. */
  approvedCharges: (orderId: string) => number;
  /**
   * For PGs without API key-in: obtain a billing key the way that PG issues them (its window); null
   * when the PG keeps no card whose first charge declined (Paymentwall stores a card with a paid charge).
   */
  seedBillingKey?: (ctx: ConnectorContext, card: CardInput) => Promise<string | null>;
};

const buyer: Buyer = { name: '홍길동', email: 'buyer@example.com', tel: '010-1234-5678', addr: null, postcode: null };
const future = { year: 2040, month: 12 };

export const cardOf = (name: TestCardName, expiry = future): CardInput =>
  ({ number: testCards[name].number, expiry, birth: '900101', pwd2: '00', cvc: null });

const newOrderId = (): string => `imp_${randomUUID().replace(/-/g, '').slice(0, 12)}`;

function order(amount: number, card: CardInput, orderId = newOrderId()): ChargeCardRequest {
  return { orderId, merchantUid: `order_${orderId}`, amount, currency: 'KRW', taxFree: 0, card, cardQuota: 0, name: '테스트 주문', buyer };
}

/**
 * The status lookup of an order nothing was refunded of, without its (empty) refunds, to compare with a
 * charge result; `expected` itself where the PG has no lookup (its answer, always pending, is checked).
 */
async function unrefundedStatus(connector: Connector, ctx: ConnectorContext, orderId: string, expected: unknown): Promise<unknown> {
  const s = await connector.getTransaction(ctx, { orderId });
  if (connector.capabilities.statusLookup === false) {
    assert.deepEqual(s, { kind: 'pending' }, 'a PG without a status lookup leaves an outcome unknown');
    return expected;
  }
  if (s.kind !== 'approved') return s;
  const { refunds, ...rest } = s;
  assert.equal(refunds.total, 0, JSON.stringify(refunds));
  assert.ok(refunds.cancels === null || refunds.cancels.length === 0, JSON.stringify(refunds));
  return rest;
}

function assertApproved(r: ChargeResult): asserts r is Approved {
  assert.equal(r.kind, 'approved', `expected approval, got ${JSON.stringify(r)}`);
}

function assertTransport(reason: PgTransportError['reason']) {
  return (e: unknown): boolean => {
    assert.ok(e instanceof PgTransportError, `expected PgTransportError, got ${String(e)}`);
    assert.equal(e.reason, reason);
    return true;
  };
}

export function runConnectorContract(o: ContractOptions): void {
  const { connector } = o;
  const caps = connector.capabilities;
  const noKeyIn = caps.apiKeyIn ? false : 'PG has no API key-in';
  const noKeys = !caps.chargeBillingKey ? 'PG cannot charge billing keys'
    : !caps.apiKeyIn && !o.seedBillingKey ? 'PG issues keys only in its window and no seedBillingKey was given' : false;
  const noSyncCancel = caps.asyncCancel ? 'PG cancels asynchronously' : false;
  const noLookup = caps.statusLookup === false ? 'PG publishes no status lookup' : false;
  /** What getTransaction answers for an order the PG did not charge: its record, or pending where it has none. */
  const notCharged = (s: { kind: string }): boolean => (noLookup ? s.kind === 'pending' : s.kind === 'declined' || s.kind === 'not_found');
  const notFound = noLookup ? { kind: 'pending' } : { kind: 'not_found' };

  async function billingKey(ctx: ConnectorContext, card: CardInput): Promise<string> {
    const key = await billingKeyOrNull(ctx, card);
    assert.ok(key !== null, 'the PG issued no key for an approving card');
    return key;
  }

  async function billingKeyOrNull(ctx: ConnectorContext, card: CardInput): Promise<string | null> {
    if (!caps.apiKeyIn) return o.seedBillingKey!(ctx, card);
    const issued = await connector.issueBillingKey!(ctx, { customerUid: `cust_${randomUUID()}`, card, buyer });
    assert.equal(issued.kind, 'issued', `expected issuance, got ${JSON.stringify(issued)}`);
    return (issued as { billingKey: string }).billingKey;
  }

  /** An approved charge by whichever API route the PG offers. */
  async function approvedCharge(ctx: ConnectorContext, amount: number): Promise<{ orderId: string; approved: Approved; paid: number }> {
    const req = order(amount, cardOf('approveShinhan'));
    const r = caps.apiKeyIn ? await connector.chargeCard!(ctx, req)
      : await connector.chargeBillingKey(ctx, { ...req, billingKey: await billingKey(ctx, req.card), browserIp: '127.0.0.1' });
    assertApproved(r);
    return { orderId: req.orderId, approved: r, paid: amount };
  }

  function cancel(ctx: ConnectorContext, c: { orderId: string; approved: Approved; paid: number }, amount: number, remaining: number): Promise<CancelResult> {
    return connector.cancel(ctx, { orderId: c.orderId, requestId: `cncl_${randomUUID().slice(0, 8)}`, pgTid: c.approved.pgTid, pgRef: c.approved.pgRef ?? null, amount, taxFree: 0, currency: 'KRW', remaining, paid: c.paid, reason: '테스트 취소', refund: null });
  }

  describe(`connector contract: ${o.name}`, () => {
    it('key-in operations exist exactly when the capability table says apiKeyIn', () => {
      assert.equal(typeof connector.chargeCard === 'function', caps.apiKeyIn);
      assert.equal(typeof connector.issueBillingKey === 'function', caps.apiKeyIn);
    });

    describe('billing keys', { skip: noKeys }, () => {
      it('issues a key and charges it', async () => {
        const ctx = o.makeContext();
        const key = await billingKey(ctx, cardOf('approveHyundai'));
        const req = order(9_900, cardOf('approveHyundai'));
        const r = await connector.chargeBillingKey(ctx, { ...req, billingKey: key, browserIp: '127.0.0.1' });
        assertApproved(r);
        assert.equal(o.approvedCharges(req.orderId), 1);
        assert.deepEqual(await unrefundedStatus(connector, ctx, req.orderId, r), r);
      });

      it('a key issued from an insufficient-funds card declines when charged', async (t) => {
        const ctx = o.makeContext();
        const key = await billingKeyOrNull(ctx, cardOf('insufficientFunds'));
        if (key === null) return t.skip('the PG keeps no card whose first charge declined');
        const req = order(9_900, cardOf('insufficientFunds'));
        const r = await connector.chargeBillingKey(ctx, { ...req, billingKey: key, browserIp: '127.0.0.1' });
        assert.equal(r.kind, 'declined');
        assert.ok(r.kind === 'declined' && r.pgMessage.includes(declineMessages.insufficient_funds), JSON.stringify(r));
        assert.equal(o.approvedCharges(req.orderId), 0);
      });

      it('charges a key once per order id, even when asked twice at the same time', async () => {
        const ctx = o.makeContext();
        const key = await billingKey(ctx, cardOf('approveSamsung'));
        const req = { ...order(12_000, cardOf('approveSamsung')), billingKey: key, browserIp: '127.0.0.1' };
        const [a, b] = await Promise.all([connector.chargeBillingKey(ctx, req), connector.chargeBillingKey(ctx, req)]);
        assertApproved(a);
        assert.deepEqual(b, a);
        assert.equal(o.approvedCharges(req.orderId), 1);
      });

      it('refuses to issue a key for a lost card', { skip: noKeyIn }, async () => {
        const r = await connector.issueBillingKey!(o.makeContext(), { customerUid: 'cust_lost', card: cardOf('lostOrStolen'), buyer });
        assert.ok(r.kind === 'declined' && r.pgMessage.includes(declineMessages.lost_or_stolen), JSON.stringify(r));
      });

      it('refuses to issue a key for card data the PG rejects', { skip: noKeyIn }, async () => {
        const r = await connector.issueBillingKey!(o.makeContext(), { customerUid: 'cust_bad', card: cardOf('invalidNumber'), buyer });
        assert.equal(r.kind, 'invalid_card');
      });
    });

    describe('key-in charge outcomes', { skip: noKeyIn }, () => {
      const approveCards: TestCardName[] = ['approveShinhan', 'approveHyundai', 'approveSamsung', 'approveBc', 'approveKbCheck', 'approveWooriCheck'];
      for (const name of approveCards) {
        it(`approves ${name} and reports its card masked`, async () => {
          const ctx = o.makeContext();
          const req = order(1_004, cardOf(name));
          const r = await connector.chargeCard!(ctx, req);
          assertApproved(r);
          assert.ok(r.pgTid.length > 0);
          if (r.card) {
            const company = cardCompanyOf(req.card.number);
            // card_type is null where the PG does not say credit or check (reference §2: JTNet's answers carry no type).
            assert.deepEqual([r.card.code, r.card.name, r.card.type ?? company.type], [company.code, company.name, company.type]);
            assert.ok(r.card.number && !r.card.number.includes(req.card.number.slice(6, 12)), `card number not masked: ${r.card.number}`);
            assert.equal(r.card.number.slice(-4), req.card.number.slice(-4));
          }
          assert.equal(o.approvedCharges(req.orderId), 1);
          assert.deepEqual(await unrefundedStatus(connector, ctx, req.orderId, r), r);
        });
      }

      const declines: [TestCardName, DeclineReason][] = [
        ['insufficientFunds', 'insufficient_funds'], ['limitExceeded', 'limit_exceeded'], ['expiredCard', 'expired'],
        ['lostOrStolen', 'lost_or_stolen'], ['declined', 'generic'],
      ];
      for (const [name, reason] of declines) {
        it(`declines ${name} with the PG's message (${declineMessages[reason]})`, async () => {
          const ctx = o.makeContext();
          const req = order(1_004, cardOf(name));
          const r = await connector.chargeCard!(ctx, req);
          assert.ok(r.kind === 'declined' && r.pgMessage.includes(declineMessages[reason]) && r.pgCode !== '', JSON.stringify(r));
          assert.equal(o.approvedCharges(req.orderId), 0);
          const status = await connector.getTransaction(ctx, { orderId: req.orderId });
          assert.ok(notCharged(status), JSON.stringify(status));
        });
      }

      it('declines any card whose expiry has passed', async () => {
        const r = await connector.chargeCard!(o.makeContext(), order(1_004, cardOf('approveBc', { year: 2020, month: 1 })));
        assert.ok(r.kind === 'declined' && r.pgMessage.includes(declineMessages.expired), JSON.stringify(r));
      });

      it('answers invalid_card for a number the PG rejects, and for a number failing Luhn', async () => {
        const ctx = o.makeContext();
        for (const number of [testCards.invalidNumber.number, '9366000000000001']) {
          const req = order(1_004, { ...cardOf('approveShinhan'), number });
          const r = await connector.chargeCard!(ctx, req);
          assert.equal(r.kind, 'invalid_card', JSON.stringify(r));
          assert.deepEqual(await connector.getTransaction(ctx, { orderId: req.orderId }), notFound);
        }
      });

      it('throws bad_response when the PG errors, and then the PG knows no such transaction', async () => {
        const ctx = o.makeContext();
        const req = order(1_004, cardOf('pgError'));
        await assert.rejects(connector.chargeCard!(ctx, req), assertTransport('bad_response'));
        assert.deepEqual(await connector.getTransaction(ctx, { orderId: req.orderId }), notFound);
        assert.equal(o.approvedCharges(req.orderId), 0);
      });

      it('throws timeout when the PG is too slow, and the status check then finds the approval', async () => {
        const ctx = o.makeContext();
        const req = order(1_004, cardOf('pgTimeout'));
        await assert.rejects(connector.chargeCard!(ctx, req), assertTransport('timeout'));
        const status = await connector.getTransaction(ctx, { orderId: req.orderId });
        assert.equal(status.kind, noLookup ? 'pending' : 'approved', JSON.stringify(status));
        if (!noLookup) assert.equal(o.approvedCharges(req.orderId), 1);
      });

      it('knows nothing of an order it never saw', async () => {
        assert.deepEqual(await connector.getTransaction(o.makeContext(), { orderId: newOrderId() }), notFound);
      });

      it('charges an order id once, whether repeated at once or later', async () => {
        const ctx = o.makeContext();
        const req = order(15_000, cardOf('approveKbCheck'));
        const [a, b] = await Promise.all([connector.chargeCard!(ctx, req), connector.chargeCard!(ctx, req)]);
        assertApproved(a);
        assert.deepEqual(b, a);
        assert.deepEqual(await connector.chargeCard!(ctx, req), a);
        assert.equal(o.approvedCharges(req.orderId), 1);
      });
    });

    describe('cancels', { skip: noSyncCancel || (noKeyIn && noKeys) }, () => {
      it('cancels in full, once', async () => {
        const ctx = o.makeContext();
        const c = await approvedCharge(ctx, 10_000);
        const r = await cancel(ctx, c, 10_000, 10_000);
        assert.ok(r.kind === 'cancelled' && r.pgCancelTid !== '', JSON.stringify(r));
        assert.equal((await cancel(ctx, c, 10_000, 10_000)).kind, 'rejected');
      });

      it('cancels in parts until the balance is used up, then refuses more', { skip: !caps.partialCancel && 'PG has no partial cancel' }, async () => {
        const ctx = o.makeContext();
        const c = await approvedCharge(ctx, 10_000);
        let remaining = 10_000;
        for (const part of [3_000, 3_000]) {
          const r = await cancel(ctx, c, part, remaining);
          assert.equal(r.kind, 'cancelled', JSON.stringify(r));
          remaining -= part;
        }
        assert.equal((await cancel(ctx, c, remaining + 1, remaining)).kind, 'rejected', 'over-cancel must be refused');
        assert.equal((await cancel(ctx, c, remaining, remaining)).kind, 'cancelled');
        assert.equal((await cancel(ctx, c, 1, 0)).kind, 'rejected', 'nothing is left to cancel');
        const status = await connector.getTransaction(ctx, { orderId: c.orderId, pgRef: c.approved.pgRef ?? null });
        assert.equal(status.kind, noLookup ? 'pending' : 'approved', 'a cancelled payment was still approved once');
      });
    });

    // How a cancel whose answer was lost is settled (app/settle-cancel-attempt.ts): from the PG's own books.
    describe('refunds in the status lookup', { skip: noSyncCancel || noLookup || (noKeyIn && noKeys) }, () => {
      it('reports what the PG refunded: the total, and each refund where the PG lists them', async () => {
        const ctx = o.makeContext();
        const c = await approvedCharge(ctx, 10_000);
        const sent = [{ amount: 3_000, requestId: `cncl_${randomUUID().slice(0, 8)}` }, { amount: 2_000, requestId: `cncl_${randomUUID().slice(0, 8)}` }];
        const tids: string[] = [];
        let remaining = 10_000;
        for (const s of caps.partialCancel ? sent : [{ ...sent[0]!, amount: 10_000 }]) {
          const r = await connector.cancel(ctx, { orderId: c.orderId, requestId: s.requestId, pgTid: c.approved.pgTid, pgRef: c.approved.pgRef ?? null, amount: s.amount, taxFree: 0, currency: 'KRW', remaining, reason: null, refund: null });
          assert.ok(r.kind === 'cancelled', JSON.stringify(r));
          tids.push(r.pgCancelTid);
          remaining -= s.amount;
        }
        // Asked as the settlement asks: about the last cancel (its request id), which PGs may ignore.
        const last = caps.partialCancel ? sent[1]! : sent[0]!;
        const status = await connector.getTransaction(ctx, { orderId: c.orderId, pgRef: c.approved.pgRef ?? null, cancelRequestId: last.requestId });
        assert.equal(status.kind, 'approved', JSON.stringify(status));
        if (status.kind !== 'approved') return;
        assert.equal(status.refunds.total, 10_000 - remaining);
        if (status.refunds.cancels === null) return; // this PG reports the total only
        const listed = status.refunds.cancels.map((x) => [x.pgCancelTid, x.amount]);
        const all = tids.map((t, i) => [t, caps.partialCancel ? sent[i]!.amount : 10_000]);
        if (listed.length === 1 && all.length > 1) {
          // A PG whose lookup answers one call (KICC's retrieveTransaction): the cancel asked about, by its id.
          assert.deepEqual(listed, [all.at(-1)]);
          assert.equal(status.refunds.cancels[0]!.requestId, last.requestId);
          return;
        }
        assert.deepEqual(listed, all);
        for (const [i, x] of status.refunds.cancels.entries()) assert.ok(x.requestId === null || x.requestId === sent[i]!.requestId, 'a request id, where reported, is the one sent');
      });
    });
  });
}
