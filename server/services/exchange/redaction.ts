/**
 * Redaction of personal data in a warning marked redact_personal: party names (people and companies named in
 * it) are shown only to the sender's country; every other reader gets "[redacted]" with the party's role and
 * country kept, so the warning stays actionable (a consignee from KZ) without naming anyone.
 *
 *   redactFacts({ parties: [{ name: 'Ivan Petrov', role: 'consignee', country: 'KZ' }], … })
 *     → { parties: [{ name: '[redacted]', role: 'consignee', country: 'KZ' }], … }
 */
import type { Actor } from '../../auth/actor.ts';
import type { WarningFacts } from '../../db/schema.ts';

export const REDACTED = '[redacted]';

export function redactFacts(facts: WarningFacts): WarningFacts {
  return { ...facts, parties: facts.parties.map((p) => ({ ...p, name: REDACTED })) };
}

/** Does this reader get the redacted facts? */
export function redactsFor(actor: Pick<Actor, 'country'>, w: { redactPersonal: boolean; senderCountry: string }): boolean {
  return w.redactPersonal && actor.country !== w.senderCountry;
}

/** The facts as this reader may see them. Applied where the response is built, never left to the UI. */
export function factsFor(actor: Pick<Actor, 'country'>, w: { redactPersonal: boolean; senderCountry: string; facts: WarningFacts }): WarningFacts {
  return redactsFor(actor, w) ? redactFacts(w.facts) : w.facts;
}
