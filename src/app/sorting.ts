/** The V1 `sorting` values of payment lists (reference §3.1). */
export { sortings, type Sorting } from '../storage/payments.ts';
