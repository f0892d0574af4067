/**
 * Attachments of a warning (photos, scanned documents). The type is decided by the file's first bytes, not by
 * what the client declares: JPEG, PNG, WebP or PDF only, at most 10 MiB. Only the sending unit attaches; the
 * attachment is visible exactly as its warning is, and every download is audited in its own transaction.
 *
 *   sniffType(Buffer.from('%PDF-1.7…')) → 'application/pdf'
 */
import crypto from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { warningAttachments, warnings } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import { record, type AuditContext } from '../../audit/audit.service.ts';
import { visibleWarningsWhere } from '../../policies/warning.policy.ts';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS_PER_WARNING = 20;
export const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

/** The content type from the magic bytes, or null when it is none of the allowed kinds. */
export function sniffType(b: Buffer): AttachmentType | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  if (b.length >= 5 && b.toString('latin1', 0, 5) === '%PDF-') return 'application/pdf';
  return null;
}

/** A file name safe to store and to put in a Content-Disposition header. */
export function cleanFilename(name: string): string {
  // eslint-disable-next-line no-control-regex
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  return (base || 'attachment').slice(0, 200);
}

export async function addAttachment(db: Db, actor: Actor, ctx: AuditContext, warningId: string, file: { filename: string; declaredType: string; content: Buffer }) {
  const [w] = await db.select().from(warnings).where(and(eq(warnings.id, warningId), sql`${visibleWarningsWhere(actor, 'warnings')}`));
  if (!w) throw notFound('Warning');
  if (w.senderUnitId !== actor.unitId || w.state === 'withdrawn') throw forbidden('warning.attach');
  if (file.content.length === 0) throw new AppError('VALIDATION_FAILED', 'The file is empty', { field: 'file' });
  if (file.content.length > MAX_ATTACHMENT_BYTES) throw new AppError('ATTACHMENT_TOO_LARGE', `Attachments are at most ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MiB`, { field: 'file', maxBytes: MAX_ATTACHMENT_BYTES });
  const type = sniffType(file.content);
  if (!type) throw new AppError('ATTACHMENT_TYPE_NOT_ALLOWED', 'The file is not a JPEG, PNG, WebP image or a PDF', { field: 'file', declaredType: file.declaredType });
  const declared = file.declaredType.toLowerCase().split(';')[0]!.trim();
  if ((ATTACHMENT_TYPES as readonly string[]).includes(declared) && declared !== type) {
    throw new AppError('ATTACHMENT_TYPE_NOT_ALLOWED', `The file is declared as ${declared} but its content is ${type}`, { field: 'file', declaredType: declared, detectedType: type });
  }
  const sha256 = crypto.createHash('sha256').update(file.content).digest('hex');
  return db.transaction(async (tx) => {
    const [n] = await tx.select({ n: sql<number>`count(*)::int` }).from(warningAttachments).where(eq(warningAttachments.warningId, warningId));
    if ((n?.n ?? 0) >= MAX_ATTACHMENTS_PER_WARNING) throw new AppError('CONFLICT', `A warning has at most ${MAX_ATTACHMENTS_PER_WARNING} attachments`, { field: 'file' });
    const [a] = await tx
      .insert(warningAttachments)
      .values({ warningId, filename: cleanFilename(file.filename), contentType: type, size: file.content.length, sha256, data: file.content, createdBy: actor.userId })
      .returning({ id: warningAttachments.id, filename: warningAttachments.filename, contentType: warningAttachments.contentType, size: warningAttachments.size, sha256: warningAttachments.sha256, createdAt: warningAttachments.createdAt });
    await record(tx, ctx, { type: 'warning.attachment_added', data: { warningId, attachmentId: a!.id, filename: a!.filename, contentType: type, size: a!.size, sha256 } }, { country: w.senderCountry, entityType: 'warning', entityId: warningId });
    return a!;
  });
}

/** Downloads one attachment; 404 unless the warning is visible. The read is audited with it. */
export async function readAttachment(db: Db, actor: Actor, ctx: AuditContext, warningId: string, attachmentId: string) {
  return db.transaction(async (tx) => {
    const [w] = await tx.select({ senderCountry: warnings.senderCountry }).from(warnings).where(and(eq(warnings.id, warningId), sql`${visibleWarningsWhere(actor, 'warnings')}`));
    if (!w) throw notFound('Attachment');
    const [a] = await tx.select().from(warningAttachments).where(and(eq(warningAttachments.id, attachmentId), eq(warningAttachments.warningId, warningId)));
    if (!a) throw notFound('Attachment');
    await record(tx, ctx, { type: 'warning.attachment_read', data: { warningId, attachmentId, readerCountry: actor.country } }, { country: w.senderCountry, entityType: 'warning', entityId: warningId });
    return a;
  });
}
