/**
 * Forwarding a received warning to further countries or units, under the TLP 2.0 re-sharing rules
 * (policies/warning.policy.ts → forwardRefusal). The forward is a new warning from the forwarder's unit that
 * points at the original (forwarded_from = the first warning of the chain); the original's owner sees the
 * forward in the warning's use log (audited as `warning.forwarded` on the original). Personal data that the
 * forwarder sees redacted stays redacted in the copy.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { countries, units, warningRecipients, warnings } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import { record, type AuditContext } from '../../audit/audit.service.ts';
import { forwardRefusal, needsApproval, visibleWarningsWhere } from '../../policies/warning.policy.ts';
import { seesNoContents } from '../../policies/sharing.policy.ts';
import { factsFor } from './redaction.ts';
import { matchOnSend } from './warnings.service.ts';
import { dispatch } from '../delivery/dispatch.ts';

export interface ForwardInput {
  recipients: { country: string; unitId?: string | null }[];
  note?: string;
}

export async function checkRecipients(db: Db, recipients: { country: string; unitId?: string | null }[], field = 'recipients'): Promise<void> {
  for (const [i, r] of recipients.entries()) {
    const [c] = await db.select({ member: countries.member }).from(countries).where(eq(countries.iso2, r.country));
    if (!c?.member) throw new AppError('UNKNOWN_REFERENCE', `${r.country} is not a network country`, { field: `${field}[${i}].country` });
    if (r.unitId) {
      const [u] = await db.select({ country: units.country }).from(units).where(eq(units.id, r.unitId));
      if (!u || u.country !== r.country) throw new AppError('UNKNOWN_REFERENCE', 'Unknown recipient unit', { field: `${field}[${i}].unitId` });
    }
  }
}

export async function forwardWarning(db: Db, actor: Actor, ctx: AuditContext, id: string, input: ForwardInput) {
  const [w] = await db.select().from(warnings).where(and(eq(warnings.id, id), sql`${visibleWarningsWhere(actor, 'warnings')}`));
  if (!w) throw notFound('Warning');
  if (seesNoContents(actor) || !actor.unitId) throw forbidden('warning.forward');
  if (w.state !== 'sent') throw new AppError('CONFLICT', `The warning is ${w.state}`, { field: 'state' });
  const refusal = forwardRefusal(w.tlp, actor.country!, input.recipients);
  if (refusal) throw new AppError('TLP_FORWARD_REFUSED', refusal, { field: 'recipients', rule: refusal, tlp: w.tlp });
  await checkRecipients(db, input.recipients);
  const rootId = w.forwardedFrom ?? w.id;
  const [root] = await db.select({ senderCountry: warnings.senderCountry }).from(warnings).where(eq(warnings.id, rootId));
  const pending = needsApproval(actor);
  const now = new Date();
  const reasons = input.note ? `${w.reasons}\n\n— Forwarded by ${actor.country}: ${input.note}` : w.reasons;
  const copy = await db.transaction(async (tx) => {
    const [f] = await tx
      .insert(warnings)
      .values({
        senderUnitId: actor.unitId!,
        senderCountry: actor.country!,
        createdBy: actor.userId,
        state: pending ? 'pending_approval' : 'sent',
        subject: w.subject,
        facts: factsFor(actor, w),
        reasons,
        requestedAction: w.requestedAction,
        deadline: w.deadline,
        tlp: w.tlp,
        distribution: 'named',
        forwardedFrom: rootId,
        redactPersonal: w.redactPersonal,
        expiresAt: w.expiresAt,
        sentAt: pending ? null : now,
      })
      .returning();
    await tx.insert(warningRecipients).values(input.recipients.map((r) => ({ warningId: f!.id, country: r.country, unitId: r.unitId ?? null })));
    // Attachments travel with the forward.
    await tx.execute(sql`INSERT INTO warning_attachments (warning_id, filename, content_type, size, sha256, data, created_by)
      SELECT ${f!.id}, filename, content_type, size, sha256, data, created_by FROM warning_attachments WHERE warning_id = ${w.id}`);
    await record(tx, ctx, { type: 'warning.created', data: { warningId: f!.id, state: f!.state, tlp: f!.tlp, distribution: f!.distribution } }, { country: actor.country, entityType: 'warning', entityId: f!.id });
    await dispatch(tx, { kind: f!.state === 'sent' ? 'warning.received' : 'warning.pending_approval', warningId: f!.id });
    const to = input.recipients.map((r) => ({ country: r.country, unitId: r.unitId ?? null }));
    const event = { type: 'warning.forwarded' as const, data: { warningId: rootId, forwardId: f!.id, via: w.id === rootId ? null : w.id, readerCountry: actor.country, tlp: w.tlp, to } };
    await record(tx, ctx, event, { country: root?.senderCountry ?? w.senderCountry, entityType: 'warning', entityId: rootId });
    if (w.id !== rootId) await record(tx, ctx, { ...event, data: { ...event.data, warningId: w.id } }, { country: w.senderCountry, entityType: 'warning', entityId: w.id });
    return f!;
  });
  if (copy.state === 'sent') await matchOnSend(db, copy.id);
  return copy;
}
