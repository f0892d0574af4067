/**
 * Typed audit events. Every change, login, failed login and token use writes one of these in the same
 * transaction as the change (see record() in audit.service.ts).
 */
export type AuditEvent =
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
  | { type: 'warning.feedback'; data: { warningId: string; readerCountry: string | null; status: string; result: string } };

export type AuditEventType = AuditEvent['type'];
