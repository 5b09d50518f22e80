/** Reading KICC's JSON bodies and answering a refusal: the small helpers every fake KICC endpoint uses. */
import { reply, type Json, type JsonReply } from '../json-api.ts';

/** A JSON object field, or null for anything else (arrays included). */
export const obj = (v: unknown): Json | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null);
/** A string field, or '' for anything else. */
export const str = (v: unknown): string => (typeof v === 'string' ? v : '');
/** A refusal: KICC's `resCd` + `resMsg` (plus the facts the answer echoes). */
export const fail = (resCd: string, resMsg: string, more: Json = {}): JsonReply => reply({ resCd, resMsg, ...more });
