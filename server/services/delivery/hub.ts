/**
 * Live notifications for the connected users of this process. dispatch() NOTIFYs the ids of the rows it
 * stored; PostgreSQL (and PGlite) deliver a NOTIFY only when the transaction commits, to every listening
 * connection — so each server process's hub hears every commit, loads the rows of its own connected users and
 * pushes them to their Server-Sent-Event streams.
 *
 *   const hub = new NotificationHub(store, log); await hub.start();
 *   const off = hub.subscribe({ userId, sessionId, send, close });  …  await hub.stop();
 */
import pg from 'pg';
import { sql } from 'drizzle-orm';
import type { Store } from '../../db/client.ts';
import { rows } from '../../db/client.ts';
import { NOTIFY_CHANNEL } from './kinds.ts';
import { notificationsFor, type NotificationRow } from './notifications.service.ts';

export interface Subscriber {
  userId: string;
  /** The login session behind a cookie-authenticated stream (closed on logout). */
  sessionId: string | null;
  tokenId: string | null;
  push(event: string, data: unknown, id?: number): void;
  comment(text: string): void;
  close(reason: string): void;
}

interface Log {
  warn(obj: object, msg: string): void;
}

export class NotificationHub {
  private readonly subscribers = new Set<Subscriber>();
  private unlisten: (() => Promise<void>) | null = null;
  private client: pg.Client | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private stopped = false;
  /** Interval of keep-alive comments and of the check that each stream's session is still valid. */
  heartbeatMs = Number(process.env.IREN_SSE_HEARTBEAT_MS ?? 25_000);

  constructor(
    private readonly store: Store,
    private readonly log: Log,
  ) {}

  async start(): Promise<void> {
    if (this.store.kind === 'pglite') {
      this.unlisten = await this.store.pglite!.listen(NOTIFY_CHANNEL, (payload) => this.onNotify(payload));
    } else {
      await this.connectListener();
    }
  }

  /** A dedicated connection (not from the pool) holds LISTEN; it reconnects if the server drops it. */
  private async connectListener(): Promise<void> {
    const options = (this.store.pool as unknown as { options: pg.ClientConfig }).options;
    const client = new pg.Client({ ...options });
    client.on('notification', (m) => {
      if (m.channel === NOTIFY_CHANNEL && m.payload) this.onNotify(m.payload);
    });
    client.on('error', (err) => {
      this.log.warn({ err: err.message }, 'notification listener lost; reconnecting');
      this.client = null;
      client.end().catch(() => undefined);
      if (!this.stopped) setTimeout(() => void this.connectListener().catch(() => undefined), 1000).unref();
    });
    await client.connect();
    await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
    this.client = client;
  }

  private onNotify(payload: string): void {
    let ids: number[];
    try {
      ids = (JSON.parse(payload) as { ids: number[] }).ids;
    } catch {
      return;
    }
    const userIds = [...new Set([...this.subscribers].map((s) => s.userId))];
    if (!userIds.length) return;
    notificationsFor(this.store.db, ids, userIds)
      .then((found) => this.deliver(found))
      .catch((err: unknown) => this.log.warn({ err: (err as Error).message }, 'live notification lookup failed'));
  }

  private deliver(found: (NotificationRow & { userId: string })[]): void {
    for (const n of found) {
      const { userId, ...data } = n;
      for (const s of this.subscribers) if (s.userId === userId) s.push('notification', data, n.id);
    }
  }

  subscribe(s: Subscriber): () => void {
    this.subscribers.add(s);
    this.heartbeat ??= setInterval(() => void this.beat(), this.heartbeatMs);
    this.heartbeat.unref();
    return () => {
      this.subscribers.delete(s);
      if (this.subscribers.size === 0 && this.heartbeat) {
        clearInterval(this.heartbeat);
        this.heartbeat = null;
      }
    };
  }

  get size(): number {
    return this.subscribers.size;
  }

  /** Keep-alive, and streams whose session ended (logout elsewhere, expiry, revoked token, disabled user) close. */
  private async beat(): Promise<void> {
    const subs = [...this.subscribers];
    for (const s of subs) s.comment('ping');
    const sessions = subs.map((s) => s.sessionId).filter((x): x is string => x !== null);
    const tokens = subs.map((s) => s.tokenId).filter((x): x is string => x !== null);
    try {
      const alive = new Set(
        (
          await rows<{ id: string }>(
            this.store.db,
            sql`SELECT s.id FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id IN (SELECT jsonb_array_elements_text(${JSON.stringify(sessions)}::jsonb)) AND s.expires_at > now() AND NOT u.disabled
                UNION ALL
                SELECT t.id::text FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id::text IN (SELECT jsonb_array_elements_text(${JSON.stringify(tokens)}::jsonb)) AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now()) AND NOT u.disabled`,
          )
        ).map((r) => r.id),
      );
      for (const s of subs) if (!alive.has((s.sessionId ?? s.tokenId)!)) s.close('logout');
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'stream session check failed');
    }
  }

  /** Closes the streams of a login session (called when it logs out in this process). */
  closeSession(sessionId: string): void {
    for (const s of [...this.subscribers]) if (s.sessionId === sessionId) s.close('logout');
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const s of [...this.subscribers]) s.close('shutdown');
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    await this.unlisten?.().catch(() => undefined);
    this.unlisten = null;
    await this.client?.end().catch(() => undefined);
    this.client = null;
  }
}
