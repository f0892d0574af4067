/**
 * E-mail notifications (one job per notification, queued by dispatch() when IREN_SMTP_URL is set).
 * The mail says only that something new is waiting and where — never the warning's subject, facts or
 * parties: mailboxes and relays are outside the network's control.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { notifications, users } from '../../db/schema.ts';
import { loadConfig } from '../../config.ts';
import type { NotificationKind } from './kinds.ts';

const WHAT: Record<NotificationKind, { en: string; ru: string }> = {
  'warning.pending_approval': { en: 'a warning awaiting your approval', ru: 'предупреждение, ожидающее вашего утверждения' },
  'warning.received': { en: 'a new warning', ru: 'новое предупреждение' },
  'warning.feedback': { en: 'new feedback on a warning', ru: 'новый отзыв на предупреждение' },
  'warning.matched': { en: 'a warning matching your cargo', ru: 'предупреждение, совпавшее с вашим грузом' },
  'request.received': { en: 'a new request for information', ru: 'новый запрос информации' },
  'request.replied': { en: 'a reply to a request for information', ru: 'ответ на запрос информации' },
};

/** Subject and text of the mail: the kind and the link, nothing else. */
export function composeMail(kind: NotificationKind, link: string, language: string): { subject: string; text: string } {
  const what = WHAT[kind];
  if (language === 'ru') {
    return { subject: 'iren: у вас новое уведомление', text: `У вас ${what.ru} в iren: ${link}\n\nВойдите в iren, чтобы прочитать его.\n` };
  }
  return { subject: 'iren: you have a new notification', text: `You have ${what.en} in iren: ${link}\n\nLog in to iren to read it.\n` };
}

const transports = new Map<string, Transporter>();

function transportFor(url: string): Transporter {
  let t = transports.get(url);
  if (!t) transports.set(url, (t = nodemailer.createTransport(url)));
  return t;
}

/** Sends the mail for one notification; returns what happened (the job's result). Throws to retry. */
export async function sendNotificationMail(db: Db, notificationId: number): Promise<{ sent: boolean; reason?: string }> {
  const config = loadConfig();
  if (!config.smtpUrl) return { sent: false, reason: 'no IREN_SMTP_URL' };
  const [n] = await db
    .select({ kind: notifications.kind, link: notifications.link, email: users.email, language: users.language, disabled: users.disabled })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .where(eq(notifications.id, notificationId));
  if (!n) return { sent: false, reason: 'notification deleted' };
  if (!n.email || n.disabled) return { sent: false, reason: 'no address' };
  const { subject, text } = composeMail(n.kind as NotificationKind, `${config.publicUrl}${n.link}`, n.language);
  const host = new URL(config.publicUrl).hostname;
  await transportFor(config.smtpUrl).sendMail({ from: `iren <no-reply@${host}>`, to: n.email, subject, text });
  return { sent: true };
}
