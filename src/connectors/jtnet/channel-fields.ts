/**
 * JTNet tPay channels: `pg_id` is the mid. The merchantKey encrypts window requests and results; the
 * server API takes `api_key`, and refunds also `cancel_pw` (pg-protocols.md §3).
 */
import type { ChannelSpec } from '../channel-spec.ts';

export const jtnetChannel: ChannelSpec = {
  name: 'JTNet',
  idLabels: {
    general: { ko: 'JTNet 상점 ID (MID)', en: 'JTNet shop id (MID)' },
    billing: { ko: 'JTNet 정기결제 MID', en: 'JTNet subscription MID' },
    api: { ko: 'JTNet API 키인 MID', en: 'JTNet API key-in MID' },
  },
  credentials: [
    { field: 'secret', label: { ko: '상점키 (merchantKey)', en: 'merchantKey' }, requiredFor: ['general', 'billing'] },
    { field: 'apiKey', label: { ko: 'API 키 (api_key)', en: 'api_key' }, requiredFor: ['general', 'billing', 'api'] },
    { field: 'cancelPassword', label: { ko: '취소 비밀번호 (cancel_pw)', en: 'Cancel password (cancel_pw)' }, requiredFor: ['general', 'billing', 'api'] },
  ],
  demo: [
    { pgId: 'tpaytest0m', purpose: 'general', isDefault: true, name: 'JTNet 일반결제' },
    { pgId: 'tpaytest2m', purpose: 'billing', name: 'JTNet 정기결제(결제창)' },
    { pgId: 'tpaytest1m', purpose: 'api', name: 'JTNet API 키인' },
  ],
  // No separate test host is published: test MIDs use the same webtx.tpay.co.kr (pg-protocols.md §3.2).
  hosts: { test: 'https://webtx.tpay.co.kr', live: 'https://webtx.tpay.co.kr' },
  // No PG-to-merchant notification spec was found at all (pg-protocols.md §3.6).
  notifySources: { test: [], live: [], documented: false, source: 'none published (pg-protocols.md §3.6)' },
};
