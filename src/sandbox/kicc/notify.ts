/**
 * KICC's notifications (webhook page): JSON `POST`s to the mall's notification URL, acknowledged by
 * `{"resCd":"0000","resMsg":"Success"}` (anything else, e.g. `5001`, is a failure KICC would resend
 * every 3 minutes up to 10 times; the fake records the failure and does not resend).
 */
import type { BookTx } from '../books.ts';
import type { SimulatorStore } from '../contract.ts';
import type { Json } from '../json-api.ts';
import { sendNotification } from '../window-session.ts';
import { notiBody } from './trade.ts';

export type Delivery = { delivered: boolean; status: number | null };

/** How long a notification about an API call waits, so it arrives after the call's answer, as KICC's do. */
const AFTER_ANSWER_MS = 50;

/** `registered`: the URL the mall registered (sandbox control `notifyUrl`), which wins over any other. */
export function kiccNotifier(store: SimulatorStore, notify: typeof fetch, now: () => number, registered: (mid: string) => string | null) {
  const urlKey = (mid: string) => `noti-url:${mid}`;

  async function send(url: string, body: Json): Promise<Delivery> {
    const sent = await sendNotification(notify, url, JSON.stringify(body), 'application/json; charset=utf-8');
    let ack = false;
    try {
      ack = (JSON.parse(sent.answer) as { resCd?: unknown }).resCd === '0000';
    } catch {
      ack = false;
    }
    return { delivered: sent.delivered && ack, status: sent.status };
  }

  /** Where a trade's notifications go: the mall's registered URL, else the one it was opened with, else the mall's latest. */
  async function urlOf(tx: BookTx): Promise<string | null> {
    return registered(tx.mid) ?? tx.notifyUrl ?? (await store.get<string>(urlKey(tx.mid))) ?? null;
  }

  return {
    /** Remembers the mall's notification URL (the fake's stand-in for KICC's admin console setting). */
    learn: (mid: string, url: string) => store.set(urlKey(mid), url),

    /** Sends now and reports the delivery (the deposit control tells the tester). */
    async now(tx: BookTx, notiType: string, more: Json = {}): Promise<Delivery> {
      const url = await urlOf(tx);
      return url ? send(url, notiBody(tx, notiType, now(), more)) : { delivered: false, status: null };
    },

    /** Sends after the API answer went out; the outcome is not reported to anyone. */
    later(tx: BookTx, notiType: string, more: Json = {}): void {
      const body = notiBody(tx, notiType, now(), more);
      setTimeout(() => {
        void urlOf(tx).then((url) => (url ? send(url, body) : null)).catch(() => undefined);
      }, AFTER_ANSWER_MS).unref?.();
    },
  };
}
