/**
 * Operator settlements (0011_operator_settlements.sql): the record of who settled an attempt whose
 * outcome openimp could not learn, when, and as what. Written in the settlement's own transaction.
 */
import type { Queryable, Row } from './db.ts';

export type SettlementKind = 'charge' | 'cancel';
export type SettlementOutcome = 'paid' | 'failed' | 'refunded' | 'not_refunded';

export type Settlement = {
  attemptId: string;
  kind: SettlementKind;
  impUid: string;
  outcome: SettlementOutcome;
  pgTid: string | null;
  settledBy: string;
  note: string | null;
  settledAt: number;
};

const fromRow = (r: Row): Settlement => ({
  attemptId: r.attempt_id as string, kind: r.kind as SettlementKind, impUid: r.imp_uid as string, outcome: r.outcome as SettlementOutcome,
  pgTid: (r.pg_tid as string | null) ?? null, settledBy: r.settled_by as string, note: (r.note as string | null) ?? null, settledAt: Number(r.settled_at),
});

export async function insertSettlement(q: Queryable, s: Settlement): Promise<void> {
  await q.query(
    'insert into operator_settlements (attempt_id, kind, imp_uid, outcome, pg_tid, settled_by, note, settled_at) values ($1,$2,$3,$4,$5,$6,$7,$8)',
    [s.attemptId, s.kind, s.impUid, s.outcome, s.pgTid, s.settledBy, s.note, s.settledAt],
  );
}

export async function findSettlement(q: Queryable, attemptId: string): Promise<Settlement | null> {
  const [r] = await q.query('select * from operator_settlements where attempt_id = $1', [attemptId]);
  return r ? fromRow(r) : null;
}

export async function settlementsOf(q: Queryable, impUid: string): Promise<Settlement[]> {
  return (await q.query('select * from operator_settlements where imp_uid = $1 order by settled_at, attempt_id', [impUid])).map(fromRow);
}
