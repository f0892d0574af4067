/**
 * Demo meeting: an IREN expert meeting in Tashkent three months ago with the recommendations and actions it
 * adopted, in varied states (done, in progress, late, not started) with progress notes, so the follow-up view
 * shows something on first start. Dates are relative to `today`; notes are dated in the past.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { units, users } from '../db/schema.ts';
import type { AuditContext } from '../audit/audit.service.ts';
import { actorOf } from '../services/auth.service.ts';
import { addProgressNote, addRecommendation, createMeeting, type RecommendationStatus } from '../services/results/meetings.service.ts';

const day = (today: Date, offset: number) => new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);

async function actorFor(db: Db, username: string) {
  const [u] = await db.select().from(users).where(eq(users.username, username));
  return actorOf(u!);
}

interface DemoRecommendation {
  number: string;
  kind: 'recommendation' | 'action';
  text: string;
  owner: { country?: string; unit?: string; organisation?: string };
  due: number;
  notes: { by: string; daysAgo: number; status: RecommendationStatus; note: string }[];
}

const RECOMMENDATIONS: DemoRecommendation[] = [
  {
    number: '1',
    kind: 'recommendation',
    text: 'Send pre-arrival warnings on Caspian Ro-Ro traffic at least 24 hours before the ferry arrives.',
    owner: { country: 'KZ' },
    due: -45,
    notes: [
      { by: 'kz.national_coordinator', daysAgo: 70, status: 'in_progress', note: 'Ferry schedules from Aktau and Kuryk shared with Alat and Turkmenbashi.' },
      { by: 'kz.national_coordinator', daysAgo: 50, status: 'done', note: 'Standing instruction issued to the Aktau PCU; warnings now go out on manifest receipt.' },
    ],
  },
  {
    number: '2',
    kind: 'recommendation',
    text: 'Add acetic anhydride and other heroin precursors to the national risk profiles for inbound chemicals.',
    owner: { country: 'UZ' },
    due: -20,
    notes: [{ by: 'uz.national_coordinator', daysAgo: 40, status: 'in_progress', note: 'Draft profile written; waiting for the laboratory list of HS codes.' }],
  },
  {
    number: '3',
    kind: 'action',
    text: 'Run a joint operation on the Caspian corridor with the participating PCUs.',
    owner: { unit: 'KZ-AAU-PCU' },
    due: -25,
    notes: [{ by: 'kz.national_coordinator', daysAgo: 21, status: 'done', note: 'Operation IREN-CASPIAN-2026 launched with six PCUs.' }],
  },
  {
    number: '4',
    kind: 'recommendation',
    text: 'Give feedback on every received warning within 72 hours, including when nothing was found.',
    owner: { organisation: 'All PCUs' },
    due: 30,
    notes: [{ by: 'admin', daysAgo: 30, status: 'in_progress', note: 'Response times now shown to senders; median fell to under two days.' }],
  },
  {
    number: '5',
    kind: 'action',
    text: 'Train officers of the Turkmenbashi PCU on container X-ray image analysis.',
    owner: { country: 'TM', organisation: 'UNODC' },
    due: -10,
    notes: [],
  },
  {
    number: '6',
    kind: 'recommendation',
    text: 'Agree a template for sharing seizure photographs and laboratory results between PCUs.',
    owner: { country: 'GE' },
    due: 60,
    notes: [],
  },
  {
    number: '7',
    kind: 'action',
    text: 'Connect the Odesa PCU targeting system to the network by API for automatic manifest upload.',
    owner: { unit: 'UA-ODS-PCU' },
    due: 45,
    notes: [{ by: 'ua.national_coordinator', daysAgo: 15, status: 'in_progress', note: 'API token issued; test uploads of the CUSCAR feed running.' }],
  },
  {
    number: '8',
    kind: 'recommendation',
    text: 'Hold the next expert meeting online to save travel costs.',
    owner: { organisation: 'IREN secretariat' },
    due: -60,
    notes: [{ by: 'admin', daysAgo: 60, status: 'cancelled', note: 'Participants preferred meeting in person; dropped.' }],
  },
];

export async function seedDemoMeetings(db: Db, ctx: AuditContext, today = new Date()): Promise<{ meetingId: string; recommendations: number }> {
  const admin = await actorFor(db, 'admin');
  const meeting = await createMeeting(db, admin, ctx, {
    title: 'IREN expert meeting, Tashkent',
    kind: 'expert_meeting',
    startsOn: day(today, -92),
    endsOn: day(today, -90),
    place: 'Tashkent, Uzbekistan',
    participants: [
      { country: 'AF', agency: 'Customs Department', count: 2 },
      { country: 'AZ', agency: 'State Customs Committee', count: 2 },
      { country: 'GE', agency: 'Revenue Service', count: 2 },
      { country: 'KZ', agency: 'State Revenue Committee', count: 3 },
      { country: 'KG', agency: 'State Customs Service', count: 1 },
      { country: 'PK', agency: 'Anti-Narcotics Force', count: 2 },
      { country: 'TJ', agency: 'Drug Control Agency', count: 2 },
      { country: 'TM', agency: 'State Customs Service', count: 1 },
      { country: 'UA', agency: 'State Customs Service', count: 2 },
      { country: 'UZ', agency: 'Customs Committee', count: 5 },
    ],
    summary:
      'Experts of the IREN PCUs reviewed seizures of the last half-year on the Caspian and Black Sea routes, the use of pre-arrival warnings and the feedback given on them. The meeting adopted the recommendations and actions below; their follow-up is reviewed at the next meeting.',
  });
  for (const r of RECOMMENDATIONS) {
    const [unit] = r.owner.unit ? await db.select({ id: units.id }).from(units).where(eq(units.code, r.owner.unit)) : [];
    const rec = await addRecommendation(db, admin, ctx, meeting.id, {
      number: r.number,
      kind: r.kind,
      text: r.text,
      ownerCountry: r.owner.country,
      ownerUnitId: unit?.id,
      ownerOrganisation: r.owner.organisation,
      dueDate: day(today, r.due),
    });
    for (const n of r.notes) {
      const note = await addProgressNote(db, await actorFor(db, n.by), ctx, rec.id, { note: n.note, status: n.status });
      // Demo notes are dated when they would have been written.
      await db.execute(sql`UPDATE recommendation_notes SET created_at = ${new Date(today.getTime() - n.daysAgo * 86_400_000).toISOString()} WHERE id = ${note.id}`);
    }
  }
  return { meetingId: meeting.id, recommendations: RECOMMENDATIONS.length };
}
