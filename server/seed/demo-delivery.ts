/**
 * Demo delivery: the notifications themselves come from the demo exchange (its warnings, approvals,
 * feedback and requests go through the services, which dispatch them). Here: one webhook of Kazakhstan's
 * national risk system, switched off (its example.kz address does not exist), so the webhooks page shows how
 * one looks without the worker retrying deliveries to nowhere.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { users } from '../db/schema.ts';
import type { AuditContext } from '../audit/audit.service.ts';
import { actorOf } from '../services/auth.service.ts';
import { createWebhook } from '../services/delivery/webhooks.service.ts';

export async function seedDemoDelivery(db: Db, ctx: AuditContext): Promise<void> {
  const [coordinator] = await db.select().from(users).where(eq(users.username, 'kz.national_coordinator'));
  if (!coordinator) return;
  await createWebhook(db, actorOf(coordinator), { ...ctx, actorUserId: coordinator.id, actorUsername: coordinator.username }, {
    url: 'https://risk.customs.example.kz/iren/webhook',
    events: ['warning.received', 'warning.matched', 'request.received'],
    active: false,
  });
}
