/** The one list of REST endpoints: adding an endpoint is one file plus one line here. */
import type { RouteDef } from './route.ts';
import banks from './routes/banks.ts';
import cards from './routes/cards.ts';
import escrowsLogis from './routes/escrows.logis.ts';
import paymentsBalance from './routes/payments.balance.ts';
import paycoOrdersStatus from './routes/payco.orders.status.ts';
import paymentwallDelivery from './routes/paymentwall.delivery.ts';
import sandboxClock from './routes/sandbox-clock.ts';
import sandboxPg from './routes/sandbox-pg.ts';
import sandboxReset from './routes/sandbox-reset.ts';
import subscribePaymentsSchedule from './routes/subscribe.payments.schedule.ts';
import subscribePaymentsScheduleCustomers from './routes/subscribe.payments.schedule.customers.ts';
import subscribePaymentsScheduleMerchantUid from './routes/subscribe.payments.schedule.merchant_uid.ts';
import subscribePaymentsUnschedule from './routes/subscribe.payments.unschedule.ts';
import vbanks from './routes/vbanks.ts';
import webhooks from './routes/webhooks.ts';
import paymentsCancel from './routes/payments.cancel.ts';
import paymentsFind from './routes/payments.find.ts';
import paymentsFindAll from './routes/payments.findAll.ts';
import paymentsGet from './routes/payments.get.ts';
import paymentsList from './routes/payments.list.ts';
import paymentsPrepare from './routes/payments.prepare.ts';
import paymentsStatus from './routes/payments.status.ts';
import subscribeCustomers from './routes/subscribe.customers.ts';
import subscribeCustomersPayments from './routes/subscribe.customers.payments.ts';
import subscribePaymentsAgain from './routes/subscribe.payments.again.ts';
import subscribePaymentsOnetime from './routes/subscribe.payments.onetime.ts';
import usersGetToken from './routes/users.getToken.ts';
import usersPg from './routes/users.pg.ts';

export const routes: RouteDef[] = [
  usersGetToken,
  usersPg,
  paymentsList,
  paymentsGet,
  ...paymentsFind,
  ...paymentsFindAll,
  paymentsStatus,
  ...paymentsPrepare,
  paymentsCancel,
  ...subscribeCustomers,
  subscribeCustomersPayments,
  subscribePaymentsOnetime,
  subscribePaymentsAgain,
  // scheduled payments, webhooks, idempotency and the rest of V1 (issue #4)
  subscribePaymentsSchedule, subscribePaymentsScheduleMerchantUid, subscribePaymentsUnschedule, subscribePaymentsScheduleCustomers,
  escrowsLogis, vbanks, paymentwallDelivery, paycoOrdersStatus, paymentsBalance, banks, cards, webhooks, sandboxClock, sandboxPg, sandboxReset,
].flat();
