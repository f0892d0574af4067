/**
 * Typed audit events. Every change, login, failed login and token use writes one of these in the same
 * transaction as the change (see record() in audit.service.ts).
 */
export type AuditEvent =
  | SeizureAuditEvent
  | OperationAuditEvent
  | MeetingAuditEvent
  | DeliveryAuditEvent
  | { type: 'auth.login'; data: { method: 'password' | 'password+totp' | 'password+recovery' } }
  | { type: 'auth.login_failed'; data: { username: string; reason: 'unknown_user' | 'bad_password' | 'bad_totp' | 'locked' | 'disabled' } }
  | { type: 'auth.locked'; data: { username: string; until: string } }
  | { type: 'auth.logout'; data: Record<string, never> }
  | { type: 'auth.password_changed'; data: Record<string, never> }
  | { type: 'auth.totp_enabled'; data: Record<string, never> }
  | { type: 'auth.totp_disabled'; data: { by: 'self' | 'admin' } }
  | { type: 'auth.recovery_code_used'; data: { remaining: number } }
  | { type: 'token.created'; data: { tokenId: string; name: string; forUser: string } }
  | { type: 'token.revoked'; data: { tokenId: string } }
  | { type: 'token.used'; data: { tokenId: string; method: string; route: string } }
  | { type: 'user.created'; data: { username: string; role: string; unitId: string | null; country: string | null } }
  | { type: 'user.updated'; data: { changes: Record<string, unknown> } }
  | { type: 'user.password_reset'; data: { username: string } }
  | { type: 'user.language_changed'; data: { language: string } }
  | { type: 'agency.created'; data: { name: string; kind: string } }
  | { type: 'agency.updated'; data: { changes: Record<string, unknown> } }
  | { type: 'unit.created'; data: { code: string; name: string } }
  | { type: 'unit.updated'; data: { changes: Record<string, unknown> } }
  | { type: 'settings.changed'; data: { key: string; value: unknown } }
  | { type: 'system.seeded'; data: { users: number; units: number } }
  | { type: 'consignments.imported'; data: { importId: string; accepted: number; amended: number; unchanged: number; documents: string[] } }
  | { type: 'import.created'; data: { importId: string; fileName: string; format: string; bytes: number } }
  | { type: 'risk_list.created'; data: { name: string; kind: string; items: number } }
  | { type: 'risk_list.updated'; data: { name: string; items: number } }
  | { type: 'risk_profile.created'; data: { name: string; version: number } }
  | { type: 'risk_profile.versioned'; data: { name: string; version: number } }
  | { type: 'risk_profile.state_changed'; data: { name: string; from: string; to: string } }
  | { type: 'targeting.decided'; data: { decision: string; lane: string; random: boolean; comment: string | null } }
  | { type: 'targeting.selection_run'; data: { unitId: string; day: string; selected: number; random: number; capacity: number } }
  | { type: 'inspection.recorded'; data: { inspectionId: string; method: string; outcome: string } }
  | { type: 'watchlist.created'; data: { name: string; kind: string } }
  | { type: 'watchlist.entries_added'; data: { watchlist: string; added: number; replaced: number } }
  | { type: 'watchlist.entry_removed'; data: { watchlist: string; entryId: string } }
  | { type: 'warning.created'; data: { warningId: string; state: string; tlp: string; distribution: string } }
  | { type: 'warning.approved'; data: { warningId: string } }
  | { type: 'warning.read'; data: { warningId: string; readerCountry: string | null } }
  | { type: 'warning.feedback'; data: { warningId: string; readerCountry: string | null; status: string; result: string } }
  | { type: 'warning.forwarded'; data: { warningId: string; forwardId: string; via: string | null; readerCountry: string | null; tlp: string; to: { country: string; unitId: string | null }[] } }
  | { type: 'warning.attachment_added'; data: { warningId: string; attachmentId: string; filename: string; contentType: string; size: number; sha256: string } }
  | { type: 'warning.attachment_read'; data: { warningId: string; attachmentId: string; readerCountry: string | null } }
  | { type: 'group.created'; data: { groupId: string; name: string; ownerUnitId: string } }
  | { type: 'group.member_added'; data: { groupId: string; country: string; unitId: string | null } }
  | { type: 'group.member_removed'; data: { groupId: string; country: string; unitId: string | null } }
  | { type: 'request.created'; data: { requestId: string; recipientCountry: string; recipientUnitId: string | null; tlp: string; hintKind: string | null } }
  | { type: 'request.read'; data: { requestId: string; readerCountry: string | null } }
  | { type: 'request.replied'; data: { requestId: string; replyId: string; readerCountry: string | null } }
  | { type: 'request.closed'; data: { requestId: string } };

// seizures (results)
export type SeizureAuditEvent =
  | { type: 'seizure.created'; data: { seizureId: string; reference: string; tlp: string; distribution: string; onSharedInformation: boolean; qualityScore: number } }
  | { type: 'seizure.updated'; data: { seizureId: string; reference: string; changes: string[] } }
  | { type: 'seizure.read'; data: { seizureId: string; readerCountry: string | null } }
  | { type: 'seizure.photo_added'; data: { seizureId: string; photoId: string; contentType: string; size: number } }
  | { type: 'seizure.photo_read'; data: { seizureId: string; photoId: string; readerCountry: string | null } }
  | { type: 'seizures.imported'; data: { accepted: number; existing: number; rejected: number; references: string[] } }
  | { type: 'seizures.exported'; data: { rows: number; format: 'csv' } };

// delivery (webhooks for national systems)
export type DeliveryAuditEvent =
  | { type: 'webhook.created'; data: { webhookId: string; url: string; events: string[] } }
  | { type: 'webhook.updated'; data: { webhookId: string; changes: Record<string, unknown> } }
  | { type: 'webhook.deleted'; data: { webhookId: string; url: string } }
  | { type: 'model.trained'; data: { modelId: string; country: string | null; version: number; rows: number; positives: number } }
  | { type: 'model.activated'; data: { modelId: string; country: string | null; version: number; previousVersion: number | null } }
  | { type: 'model.rolled_back'; data: { country: string | null; fromVersion: number; toVersion: number } };

// joint operations (results)
export type OperationAuditEvent =
  | { type: 'operation.created'; data: { operationId: string; code: string; groupId: string; participants: { country: string; unitId: string | null }[] } }
  | { type: 'operation.state_changed'; data: { operationId: string; from: string; to: string } }
  | { type: 'operation.participant_added'; data: { operationId: string; groupId: string; country: string; unitId: string | null } }
  | { type: 'operation.participant_removed'; data: { operationId: string; groupId: string; country: string; unitId: string | null } }
  | { type: 'operation.daily_report'; data: { operationId: string; reportId: string; reportDate: string; unitId: string; corrected: boolean; screened: number; selected: number; inspected: number } }
  | { type: 'operation.feed_read'; data: { operationId: string; readerCountry: string | null; items: number } }
  | { type: 'operation.report_exported'; data: { operationId: string; format: 'pdf' } };

// meetings and recommendations (results)
export type MeetingAuditEvent =
  | { type: 'meeting.created'; data: { meetingId: string; title: string; kind: string; operationId: string | null } }
  | { type: 'recommendation.created'; data: { recommendationId: string; meetingId: string; number: string; ownerCountry: string | null; dueDate: string | null } }
  | { type: 'recommendation.note_added'; data: { recommendationId: string; noteId: string; from: string; to: string } }
  | { type: 'meeting.updated'; data: { meetingId: string; changed: Record<string, { from: unknown; to: unknown }> } }
  | { type: 'recommendation.updated'; data: { recommendationId: string; meetingId: string; changed: Record<string, { from: unknown; to: unknown }> } };

export type AuditEventType = AuditEvent['type'];
