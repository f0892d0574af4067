/** Delivery jobs: one e-mail per notification, one webhook delivery per (event, webhook); retried by the queue. */
import { defineJob } from './queue.ts';
import { EMAIL_JOB, WEBHOOK_JOB } from '../services/delivery/dispatch.ts';
import { sendNotificationMail } from '../services/delivery/email.ts';
import { attemptDelivery } from '../services/delivery/webhooks.service.ts';

export const emailJob = defineJob<{ notificationId: number }>({
  name: EMAIL_JOB,
  parse(payload) {
    const id = (payload as { notificationId?: unknown }).notificationId;
    if (typeof id !== 'number' || !Number.isInteger(id)) throw new Error('notificationId must be an integer');
    return { notificationId: id };
  },
  handler: (payload, ctx) => sendNotificationMail(ctx.db, payload.notificationId),
});

export const webhookJob = defineJob<{ deliveryId: string }>({
  name: WEBHOOK_JOB,
  parse(payload) {
    const id = (payload as { deliveryId?: unknown }).deliveryId;
    if (typeof id !== 'string') throw new Error('deliveryId must be a string');
    return { deliveryId: id };
  },
  handler: (payload, ctx) => attemptDelivery(ctx.db, payload.deliveryId, ctx.attempt),
});
