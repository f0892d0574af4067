/**
 * Meetings and their recommendations are not intelligence: everyone signed in reads them (observers too).
 *  - Recording meetings and the recommendations they adopt: the network admin and national coordinators.
 *  - Progress notes (which change a recommendation's status): the network admin on any; a national
 *    coordinator on their own country's (owner country, or owner unit of their country).
 *  - Correcting a meeting after the fact (title, dates, place, participants…) and its recommendations (text,
 *    owner, due date, status): the network admin, and the national coordinators of the country that recorded
 *    the meeting (the recording user's country).
 */
import type { Actor } from '../auth/actor.ts';
import type { Role } from '../db/schema.ts';

export const RECORDS_MEETINGS = {
  network_admin: true,
  national_coordinator: true,
  unit_head: false,
  officer: false,
  observer: false,
} as const satisfies Record<Role, boolean>;

export function canRecordMeetings(actor: Actor): boolean {
  return RECORDS_MEETINGS[actor.role];
}

/** `ownerUnitCountry`: the country of the owner unit, when the owner is a unit. */
export function canAddProgressNote(actor: Actor, r: { ownerCountry: string | null; ownerUnitCountry: string | null }): boolean {
  switch (actor.role) {
    case 'network_admin':
      return true;
    case 'national_coordinator':
      return Boolean(actor.country) && (r.ownerCountry === actor.country || r.ownerUnitCountry === actor.country);
    case 'unit_head':
    case 'officer':
    case 'observer':
      return false;
  }
}

/** `recordedBy`: the country of the user who recorded the meeting (null when recorded by the network admin). */
export function canEditMeeting(actor: Actor, m: { recordedBy: string | null }): boolean {
  switch (actor.role) {
    case 'network_admin':
      return true;
    case 'national_coordinator':
      return Boolean(actor.country) && m.recordedBy === actor.country;
    case 'unit_head':
    case 'officer':
    case 'observer':
      return false;
  }
}
