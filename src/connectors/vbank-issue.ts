/**
 * openimp's REST virtual account (POST /vbanks) at a PG: the call is openimp's own where the PG's
 * documentation has none (docs/differences.md), so each connector sends it in its PG's wire style and
 * reads the answer as its window's vbank approval. Anything but an issued account or a decline is not
 * the protocol.
 */
import { PgTransportError, type IssueVbankResult, type WindowOutcome } from './contract.ts';

export function issuedVbank(pg: string, outcome: WindowOutcome): IssueVbankResult {
  if (outcome.kind === 'vbank_issued') return { kind: 'vbank_issued', pgTid: outcome.pgTid, vbank: outcome.vbank, pgRef: outcome.pgRef ?? null };
  if (outcome.kind === 'declined') return outcome;
  throw new PgTransportError('bad_response', `${pg} vbank issue answered ${outcome.kind}`);
}
