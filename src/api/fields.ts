/**
 * zod pieces for V1 request fields. V1 clients post JSON and form bodies (reference §1.1), so scalar
 * fields accept what a form carries (strings) as well as JSON numbers and booleans.
 */
import { z } from 'zod';

/** A string field; a JSON number is taken as its text (buyer_tel: 01012345678). */
export const text = () => z.union([z.string(), z.number()]).transform((v) => String(v));

/** An amount as sent: a JSON number or a digit string. app/ parses it against the currency. */
export const amount = () => z.union([z.number(), z.string()]).describe('금액 (number; form bodies send digits)');

export const bool = () => z.union([z.boolean(), z.enum(['true', 'false', '1', '0'])]).transform((v) => v === true || v === 'true' || v === '1');

/** An integer as sent (JSON number or digits); beyond ±2^53 it is refused, never rounded to another number. */
export const int = () => z.union([z.number().int(), z.string().regex(/^-?[0-9]+$/)]).transform((v) => Number(v)).pipe(z.number().int());

/** A query/form list: `a[]=1&a[]=2`, repeated keys, or a single value. */
export const list = () => z.union([z.array(z.string()), z.string()]).transform((v) => (Array.isArray(v) ? v : [v]));

export const nullableText = () => text().nullable().optional();

/** `notice_url`: one URL or several (reference §4, SDK allows an array). */
export const noticeUrl = () => z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v]));

/** Empty strings in forms mean "not given". */
export const orNull = <T>(v: T | undefined | null | ''): T | null => (v === undefined || v === '' ? null : v);

export const page = () => int().pipe(z.number().int().min(1)).optional();
export const limit = () => int().pipe(z.number().int().min(1).max(1000)).optional();
export const unixTime = () => int().pipe(z.number().int().min(0)).optional();
