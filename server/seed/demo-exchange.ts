/**
 * Demo information exchange between IREN units, written through the same services the API uses (four eyes,
 * audit, matching): Poti warns Aktau and Tashkent about a container of the demo cargo routed via Poti (an
 * officer's warning, approved by the unit head, matched in Kazakhstan, answered with a seizure); Odesa warns
 * Georgia with personal data redacted, Georgia forwards it to Azerbaijan; Karachi warns Kabul and Dushanbe; a
 * closed sharing group for a Caspian corridor operation; a request for information with its reply, and one
 * still open. Deterministic: consignments are picked in document-number order.
 */
import PDFDocument from 'pdfkit';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { consignments, equipment, units, users } from '../db/schema.ts';
import type { AuditContext } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { actorOf } from '../services/auth.service.ts';
import { addFeedback, approveWarning, createWarning } from '../services/exchange/warnings.service.ts';
import { forwardWarning } from '../services/exchange/forward.service.ts';
import { addAttachment } from '../services/exchange/attachments.service.ts';
import { createGroup } from '../services/exchange/groups.service.ts';
import { createRequest, replyToRequest } from '../services/exchange/requests.service.ts';

async function actorFor(db: Db, username: string): Promise<Actor> {
  const [u] = await db.select().from(users).where(eq(users.username, username));
  return actorOf(u!);
}

async function unitId(db: Db, code: string): Promise<string> {
  const [u] = await db.select({ id: units.id }).from(units).where(eq(units.code, code));
  return u!.id;
}

const day = (d: Date, plus: number) => new Date(d.getTime() + plus * 86_400_000).toISOString().slice(0, 10);

/** A one-page PDF "X-ray image report" to attach. */
function xrayReport(container: string, today: Date): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', info: { Title: `X-ray report ${container}`, Producer: 'iren demo', CreationDate: today } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.fontSize(16).text('Poti PCU — non-intrusive inspection report');
    doc.moveDown().fontSize(11).text(`Container ${container}: anomalies in the front third of the load (density inconsistent with declared textiles).`);
    doc.end();
  });
}

export async function seedDemoExchange(db: Db, ctx: AuditContext, today = new Date()): Promise<void> {
  const geOfficer = await actorFor(db, 'ge.officer');
  const geHead = await actorFor(db, 'ge.unit_head');
  const kzOfficer = await actorFor(db, 'kz.officer');

  // 1. Poti → Aktau and Tashkent: a container bound for Aktau that was transshipped in Poti.
  const [target] = await db
    .select({ id: consignments.id, doc: consignments.documentNumber, voyage: consignments.voyageNumber, eta: consignments.estimatedArrivalDate })
    .from(consignments)
    .where(and(eq(consignments.country, 'KZ'), eq(consignments.isCurrent, true), eq(consignments.mode, 'sea')))
    .orderBy(sql`('GEPTI' = ANY(${consignments.transshipments})) DESC`, asc(consignments.documentNumber))
    .limit(1);
  if (!target) return; // no demo cargo
  const [box] = await db.select({ n: equipment.containerNumber }).from(equipment).where(eq(equipment.consignmentId, target.id)).orderBy(asc(equipment.containerNumber)).limit(1);
  const container = box?.n ?? 'MSKU7654325';
  const poti = await createWarning(db, geOfficer, ctx, {
    subject: `Suspected heroin in container ${container} bound for Aktau`,
    facts: {
      containers: [container],
      documents: [target.doc],
      voyage: target.voyage ?? undefined,
      // The shipper, not the consignee: demo consignees recur on many Aktau consignments.
      parties: [{ name: 'Rustavi Textile Export LLC', role: 'shipper', country: 'GE' }],
      route: ['GEPTI', 'KZAAU'],
      goods: 'Cotton textiles (HS 5208), 18 t',
    },
    reasons: 'X-ray at Poti during transshipment showed density anomalies behind the textile load; the shipper was named in a heroin seizure in Poti in 2025.',
    requestedAction: 'Physical examination on arrival at Aktau; inform Poti PCU of the result.',
    deadline: target.eta?.slice(0, 10) ?? day(today, 5),
    tlp: 'AMBER',
    distribution: 'named',
    recipients: [{ country: 'KZ', unitId: await unitId(db, 'KZ-AAU-PCU') }, { country: 'UZ' }],
  });
  await addAttachment(db, geOfficer, ctx, poti.id, { filename: `xray-${container}.pdf`, declaredType: 'application/pdf', content: await xrayReport(container, today) });
  await approveWarning(db, geHead, ctx, poti.id);
  await addFeedback(db, kzOfficer, ctx, poti.id, { status: 'acknowledged', notes: 'Received; the vessel is due at Aktau.' });
  await addFeedback(db, kzOfficer, ctx, poti.id, { status: 'actioned', action: 'physical', result: 'seizure', notes: '23.4 kg of heroin in a false floor; consignee representative detained.' });

  // 2. Odesa → Georgia, personal data redacted outside Ukraine; Georgia forwards it (GREEN) to Azerbaijan.
  const odesa = await createWarning(db, await actorFor(db, 'ua.unit_head'), ctx, {
    subject: 'Counterfeit cigarettes re-labelled as furniture parts via Batumi',
    facts: {
      containers: ['TCNU8461107'],
      documents: ['ODS2611IREN01'],
      parties: [
        { name: 'Oleksandr Hrytsenko', role: 'consignor', country: 'UA' },
        { name: 'Black Sea Trading LLC', role: 'consignee', country: 'GE' },
      ],
      route: ['UAODS', 'GEBUS'],
      goods: 'Declared: furniture fittings (HS 8302)',
    },
    reasons: 'Same consignor as two Odesa seizures of cigarettes this year; freight paid in cash; consignee registered three weeks ago.',
    requestedAction: 'Documentary check and X-ray at Batumi.',
    deadline: day(today, 7),
    tlp: 'GREEN',
    distribution: 'named',
    recipients: [{ country: 'GE' }],
    redactPersonal: true,
  });
  await addFeedback(db, geHead, ctx, odesa.id, { status: 'actioned', action: 'xray', result: 'no_find', notes: 'Image consistent with the declaration; released.' });
  await forwardWarning(db, geHead, ctx, odesa.id, { recipients: [{ country: 'AZ' }], note: 'Similar consignments continue by ferry to Alat.' });

  // 3. Karachi → Kabul and Dushanbe, an officer's warning approved by the unit head.
  const pkOfficer = await actorFor(db, 'pk.officer');
  const karachi = await createWarning(db, pkOfficer, ctx, {
    subject: 'Acetic anhydride declared as industrial solvent, transit to Afghanistan',
    facts: { containers: ['SEGU5512340'], documents: ['KHI26IREN0042'], parties: [{ name: 'Al-Noor Chemical Traders', role: 'consignee', country: 'AF' }], route: ['PKKHI', 'AFKBL', 'TJDYU'] },
    reasons: 'Heroin precursor; consignee unknown to the Afghan chemical registry; route continues by road to Dushanbe.',
    requestedAction: 'Sample for laboratory analysis at the border; check the end-user certificate.',
    deadline: day(today, 10),
    tlp: 'AMBER',
    distribution: 'named',
    recipients: [{ country: 'AF' }, { country: 'TJ' }],
  });
  await approveWarning(db, await actorFor(db, 'pk.unit_head'), ctx, karachi.id);
  await addFeedback(db, await actorFor(db, 'tj.officer'), ctx, karachi.id, { status: 'actioned', action: 'documentary', result: 'irregularity', notes: 'End-user certificate forged; consignment held.' });
  await addFeedback(db, await actorFor(db, 'af.officer'), ctx, karachi.id, { status: 'acknowledged' });

  // 4. A closed sharing group for the Caspian corridor and a warning to it.
  const group = await createGroup(db, geHead, ctx, {
    name: 'Caspian corridor (Poti–Alat–Aktau–Turkmenbashi)',
    description: 'Closed user group of the PCUs on the trans-Caspian route.',
    members: [{ country: 'AZ' }, { country: 'KZ', unitId: await unitId(db, 'KZ-AAU-PCU') }, { country: 'TM' }],
  });
  await createWarning(db, geHead, ctx, {
    subject: 'Concealment method: false floors in 40-foot high-cube containers',
    facts: { containers: [], documents: [], parties: [{ name: 'Trans-Caspian Logistic Partners', role: 'consignee' }], goods: 'Various; false floor 12 cm' },
    reasons: 'Three finds on this corridor in two months used the same welded false floor; see the Aktau seizure.',
    requestedAction: 'Measure inner height of 45G1 containers on this route.',
    tlp: 'GREEN',
    distribution: 'group',
    groupId: group.id,
  });

  // 5. Requests for information: one answered, one open and due soon.
  const ask = await createRequest(db, kzOfficer, ctx, {
    recipientCountry: 'GE',
    subject: `History of the consignee of ${container}`,
    body: 'Please share earlier consignments and contacts of this consignee seen in Poti (shipper, forwarders, phone numbers).',
    tlp: 'AMBER',
    warningId: poti.id,
    consignmentId: target.id,
    deadline: day(today, 3),
  });
  await replyToRequest(db, geOfficer, ctx, ask.id, { body: 'Four consignments since March, all transshipped at Poti, same forwarder in Tbilisi. Details follow under TLP:AMBER.' });
  await createRequest(db, await actorFor(db, 'uz.officer'), ctx, {
    recipientCountry: 'PK',
    recipientUnitId: await unitId(db, 'PK-KHI-PCU'),
    subject: 'Exporter of acetic anhydride shipments',
    body: 'Do you hold export declarations of this exporter to Central Asia in the last six months?',
    tlp: 'GREEN',
    deadline: day(today, 2),
  });
}
