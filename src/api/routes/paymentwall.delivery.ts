/** POST /paymentwall/delivery (reference §6.4): delivery status for Paymentwall payments. */
import { z } from 'zod';
import { sendPaymentwallDelivery } from '../../app/paymentwall-delivery.ts';
import { int, text } from '../fields.ts';
import { route } from '../route.ts';

const optional = () => text().optional();

export default route({
  method: 'POST',
  url: '/paymentwall/delivery',
  schema: {
    summary: 'Paymentwall 배송정보 전송',
    tags: ['paymentwall'],
    body: z.object({
      imp_uid: text().pipe(z.string().min(1)),
      merchant_uid: text().pipe(z.string().min(1)),
      type: z.enum(['physical', 'digital']),
      status: z.enum(['order_placed', 'order_shipped', 'delivering', 'delivered']),
      estimated_delivery_datetime: int(),
      estimated_update_datetime: int(),
      refundable: z.enum(['yes', 'no']),
      shipping_address_email: text().pipe(z.string().min(1)),
      carrier_tracking_id: optional(), carrier_type: optional(), shipping_address_country: optional(), shipping_address_city: optional(),
      shipping_address_zip: optional(), shipping_address_state: optional(), shipping_address_street: optional(), shipping_address_phone: optional(),
      shipping_address_firstname: optional(), shipping_address_lastname: optional(), reason: optional(), details: optional(),
    }),
  },
  handler: async ({ ctx, merchantId, body }) => ({ response: await sendPaymentwallDelivery(ctx, merchantId, body) }),
});
