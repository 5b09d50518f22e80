/** The one list of REST endpoints: adding an endpoint is one file plus one line here. */
import type { RouteDef } from './route.ts';
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

export const routes: RouteDef[] = [
  usersGetToken,
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
].flat();
