/**
 * Outgoing webhooks for national systems. Each delivery POSTs `{event, id, occurredAt, link}` — ids and a
 * link, never contents — signed `X-Iren-Signature: sha256=<hex HMAC-SHA256 of the exact body>` with the
 * webhook's secret, with `X-Iren-Timestamp` (unix seconds) and `X-Iren-Delivery` (id, for de-duplication).
 * Failed deliveries are retried by the job queue with exponential backoff; every attempt updates the
 * delivery log row. Targets must be public addresses, checked at registration and again when connecting
 * (webhook-target.ts), unless IREN_WEBHOOK_ALLOW_PRIVATE=1.
 *
 *   receiver: hmac('sha256', secret).update(rawBody).digest('hex') === header.slice(7)
 */
import crypto from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import { rows, type Db } from '../../db/client.ts';
import { countries, units, webhookDeliveries, webhooks } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import { record, type AuditContext } from '../../audit/audit.service.ts';
import { canManageWebhooks, managesWebhooks, visibleWebhooksWhere } from '../../policies/webhook.policy.ts';
import { loadConfig } from '../../config.ts';
import { WEBHOOK_MAX_ATTEMPTS } from './dispatch.ts';
import { checkWebhookTarget, guardedPost, WebhookTargetRefused } from './webhook-target.ts';
import type { NotificationKind } from './kinds.ts';

type WebhookRow = typeof webhooks.$inferSelect;

export interface WebhookInput {
  url: string;
  events: NotificationKind[];
  country?: string;
  unitId?: string | null;
  active?: boolean;
}

/** The webhook as the API shows it: never the secret (it is shown once, on creation). */
export function presentWebhook(w: WebhookRow, actor: Actor) {
  const { secret: _secret, ...rest } = w;
  return { ...rest, can: { update: canManageWebhooks(actor, w.country), delete: canManageWebhooks(actor, w.country) } };
}

export function signBody(secret: string, body: string): string {
  return `sha256=${crypto.createHmac('sha256', secret).update(body).digest('hex')}`;
}

async function checkUrl(raw: string): Promise<string> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError('VALIDATION_FAILED', 'url is not a valid URL', { field: 'url' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new AppError('VALIDATION_FAILED', 'url must be an http(s) URL', { field: 'url' });
  if (url.username || url.password) throw new AppError('VALIDATION_FAILED', 'url must not carry credentials; verify the signature instead', { field: 'url' });
  if (!loadConfig().webhookAllowPrivate) {
    try {
      await checkWebhookTarget(url);
    } catch (err) {
      if (!(err instanceof WebhookTargetRefused)) throw err;
      throw new AppError('WEBHOOK_URL_NOT_ALLOWED', `url: ${err.message}; webhooks call public addresses only (IREN_WEBHOOK_ALLOW_PRIVATE=1 allows private ones)`, {
        field: 'url',
        address: err.address,
        range: err.range,
      });
    }
  }
  return url.toString();
}

export async function listWebhooks(db: Db, actor: Actor) {
  if (!managesWebhooks(actor)) throw forbidden('webhook.list');
  const found = await db.select().from(webhooks).where(sql`${visibleWebhooksWhere(actor, 'webhooks')}`).orderBy(webhooks.country, webhooks.createdAt);
  return found.map((w) => presentWebhook(w, actor));
}

async function visibleWebhook(db: Db, actor: Actor, id: string): Promise<WebhookRow> {
  const [w] = await db.select().from(webhooks).where(and(eq(webhooks.id, id), sql`${visibleWebhooksWhere(actor, 'webhooks')}`));
  if (!w) throw notFound('Webhook');
  return w;
}

export async function createWebhook(db: Db, actor: Actor, ctx: AuditContext, input: WebhookInput) {
  const country = input.country ?? actor.country;
  if (!country) throw new AppError('VALIDATION_FAILED', 'country is required', { field: 'country' });
  if (!canManageWebhooks(actor, country)) throw forbidden('webhook.create');
  const url = await checkUrl(input.url);
  const [c] = await db.select({ iso2: countries.iso2 }).from(countries).where(eq(countries.iso2, country));
  if (!c) throw new AppError('UNKNOWN_REFERENCE', 'Unknown country', { field: 'country' });
  if (input.unitId) {
    const [u] = await db.select({ country: units.country }).from(units).where(eq(units.id, input.unitId));
    if (!u || u.country !== country) throw new AppError('UNKNOWN_REFERENCE', 'Unknown unit of this country', { field: 'unitId' });
  }
  const secret = `whsec_${crypto.randomBytes(32).toString('hex')}`;
  return db.transaction(async (tx) => {
    const [w] = await tx
      .insert(webhooks)
      .values({ country, unitId: input.unitId ?? null, url, secret, events: [...new Set(input.events)], active: input.active ?? true, createdBy: actor.userId })
      .returning();
    await record(tx, ctx, { type: 'webhook.created', data: { webhookId: w!.id, url, events: w!.events } }, { country, entityType: 'webhook', entityId: w!.id });
    return { webhook: presentWebhook(w!, actor), secret };
  });
}

export async function updateWebhook(db: Db, actor: Actor, ctx: AuditContext, id: string, input: Partial<Pick<WebhookInput, 'url' | 'events' | 'active'>>) {
  const w = await visibleWebhook(db, actor, id);
  if (!canManageWebhooks(actor, w.country)) throw forbidden('webhook.update');
  const changes: Partial<WebhookRow> = {};
  if (input.url !== undefined) changes.url = await checkUrl(input.url);
  if (input.events !== undefined) changes.events = [...new Set(input.events)];
  if (input.active !== undefined) changes.active = input.active;
  return db.transaction(async (tx) => {
    const [u] = await tx.update(webhooks).set(changes).where(eq(webhooks.id, id)).returning();
    await record(tx, ctx, { type: 'webhook.updated', data: { webhookId: id, changes: { ...changes } } }, { country: w.country, entityType: 'webhook', entityId: id });
    return presentWebhook(u!, actor);
  });
}

export async function deleteWebhook(db: Db, actor: Actor, ctx: AuditContext, id: string): Promise<void> {
  const w = await visibleWebhook(db, actor, id);
  if (!canManageWebhooks(actor, w.country)) throw forbidden('webhook.delete');
  await db.transaction(async (tx) => {
    await tx.delete(webhooks).where(eq(webhooks.id, id));
    await record(tx, ctx, { type: 'webhook.deleted', data: { webhookId: id, url: w.url } }, { country: w.country, entityType: 'webhook', entityId: id });
  });
}

export async function listDeliveries(db: Db, actor: Actor, id: string, page: { limit: number; offset: number }) {
  await visibleWebhook(db, actor, id);
  const data = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, id)).orderBy(desc(webhookDeliveries.createdAt)).limit(page.limit).offset(page.offset);
  const [c] = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM webhook_deliveries WHERE webhook_id = ${id}`);
  return { data, total: c?.n ?? 0 };
}

/**
 * One delivery attempt (the `delivery.webhook` job). Throws on failure so the queue retries it later;
 * the last allowed attempt marks the delivery failed.
 */
export async function attemptDelivery(db: Db, deliveryId: string, attempt: number): Promise<{ status: number | null; state: string }> {
  const [d] = await db.select({ delivery: webhookDeliveries, hook: webhooks }).from(webhookDeliveries).innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId)).where(eq(webhookDeliveries.id, deliveryId));
  if (!d) return { status: null, state: 'gone' };
  if (d.delivery.state !== 'pending') return { status: d.delivery.lastStatus, state: d.delivery.state };
  if (!d.hook.active) {
    await db.update(webhookDeliveries).set({ state: 'failed', lastError: 'webhook is inactive' }).where(eq(webhookDeliveries.id, deliveryId));
    return { status: null, state: 'failed' };
  }
  const body = JSON.stringify(d.delivery.payload);
  let status: number | null = null;
  let error: string | null = null;
  try {
    status = await guardedPost(
      new URL(d.hook.url),
      body,
      {
        'content-type': 'application/json',
        'user-agent': 'iren-webhooks/1',
        'x-iren-event': d.delivery.event,
        'x-iren-delivery': deliveryId,
        'x-iren-timestamp': String(Math.floor(Date.now() / 1000)),
        'x-iren-signature': signBody(d.hook.secret, body),
      },
      { allowPrivate: loadConfig().webhookAllowPrivate, timeoutMs: 10_000 },
    );
    if (status < 200 || status >= 300) error = `HTTP ${status}`;
  } catch (err) {
    if (err instanceof WebhookTargetRefused) {
      // The target is (now) a private address: refused at once, not retried (see webhook-target.ts).
      await db
        .update(webhookDeliveries)
        .set({ attempts: sql`${webhookDeliveries.attempts} + 1`, lastError: `refused: ${err.message}`, state: 'failed' })
        .where(eq(webhookDeliveries.id, deliveryId));
      return { status: null, state: 'failed' };
    }
    error = (err as Error).message;
  }
  const final = error !== null && attempt >= WEBHOOK_MAX_ATTEMPTS;
  const state = error === null ? 'delivered' : final ? 'failed' : 'pending';
  await db
    .update(webhookDeliveries)
    .set({ attempts: sql`${webhookDeliveries.attempts} + 1`, lastStatus: status, lastError: error, state, deliveredAt: error === null ? new Date() : null })
    .where(eq(webhookDeliveries.id, deliveryId));
  if (error !== null) throw new Error(`webhook delivery ${deliveryId}: ${error}`);
  return { status, state };
}
