/**
 * Consignments → UN/EDIFACT CUSCAR (directory D.99B) interchange text, for the ingest benchmark and tests.
 *
 * One interchange (UNA, UNB … UNZ, syntax identifier UNOW = UTF-8, so Cyrillic and Georgian names travel as is)
 * holding several messages (UNH … UNT) of `perMessage` consignments each. Per message, the transport data that
 * every consignment of the message shares (vessel, voyage, carrier, dates, places) is written once in the header
 * (TDT, DTM, LOC before the first CNI); what differs is written inside each CNI group, where it overrides the
 * header (see docs/intake.md, "Segment mapping"). Per consignment: CNI, RFF (B/L or AWB numbers), LOC, NAD,
 * then per goods item GID, FTX+AAA, MEA (gross/net kg), MOA+39 (value:currency), PIA (HS), DGS (UN number), SGP (containers), then per
 * container EQD and SEL.
 *
 * Data separators `'` `+` `:` and the release character `?` inside values are escaped with `?`; line breaks
 * inside values become spaces (EDIFACT has no line break in data). Only the first identifier of a party is written
 * (C082 holds one).
 */
import type { Consignment, Equipment, GoodsItem, Party, PartyRole, TransportMode } from '../server/engine/intake/model.ts';

export interface CuscarWriterOptions {
  /** Consignments (CNI groups) per message. Default 50. */
  perMessage?: number;
  sender?: string;
  recipient?: string;
  /** Interchange control reference (UNB 0020), at most 14 characters. */
  interchangeRef?: string;
  preparedAt?: Date;
  /** Segment terminator suffix for readability (the parser ignores line breaks between segments). Default `\n`. */
  newline?: string;
}

const ROLE_CODES: Record<PartyRole, string> = { consignor: 'CZ', consignee: 'CN', notifyParty: 'N1', freightForwarder: 'FW' };
const MODE_CODES: Record<TransportMode, string> = { sea: '1', rail: '2', road: '3', air: '4' };

/** Escape the service characters of the default UNA `:+.? '` (the decimal mark and space need no release). */
export function edifactEscape(value: string): string {
  let s = value;
  if (/[\r\n\t]/.test(s)) s = s.replace(/\s*[\r\n\t]+\s*/g, ' ');
  return /[?:+']/.test(s) ? s.replace(/[?:+']/g, '?$&') : s;
}

const e = edifactEscape;

/** A segment from already escaped elements; empty trailing elements are left out. */
function seg(tag: string, ...elements: string[]): string {
  let n = elements.length;
  while (n > 0 && elements[n - 1] === '') n--;
  return n === 0 ? tag : `${tag}+${elements.slice(0, n).join('+')}`;
}

/** A number without exponent, `.` as decimal mark. */
function numberText(n: number): string {
  const s = String(n);
  if (!/e/i.test(s)) return s;
  return n.toFixed(6).replace(/\.?0+$/, '');
}

/** Split text on spaces into components of at most `max` characters (joined back with one space by the parser). */
function components(text: string, max: number, count: number): string[] {
  const words = text.split(' ').filter((w) => w !== '');
  const out: string[] = [];
  let cur = '';
  for (const w of words) {
    if (cur === '') cur = w;
    else if (cur.length + 1 + w.length <= max) cur += ` ${w}`;
    else {
      out.push(cur);
      cur = w;
    }
  }
  if (cur !== '') out.push(cur);
  if (out.length <= count) return out;
  // More than the segment can hold: the last component takes the rest.
  return [...out.slice(0, count - 1), out.slice(count - 1).join(' ')];
}

/** DTM C507: ISO 8601 → value and format code (102 date, 203 date+time, 204 with seconds). */
function dtm(qualifier: string, iso: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?([+-]\d{2}:\d{2})?)?$/.exec(iso);
  if (!m) return undefined;
  const date = `${m[1]}${m[2]}${m[3]}`;
  if (m[4] === undefined) return `DTM+${qualifier}:${date}:102`;
  const tz = m[7] ? m[7].replace(':', '') : '';
  // A time zone offset starts with + or -: `+` is released like any data character.
  if (m[6] !== undefined) return `DTM+${qualifier}:${e(`${date}${m[4]}${m[5]}${m[6]}${tz}`)}:204`;
  return `DTM+${qualifier}:${e(`${date}${m[4]}${m[5]}${tz}`)}:203`;
}

interface TransportFields {
  mode: string;
  conveyance: string;
  carrierCode: string;
  carrierName: string;
  imo: string;
  vessel: string;
  loading: string;
  discharge: string;
  delivery: string;
  transshipments: string;
  origin: string;
  destination: string;
  departure: string;
  arrival: string;
}
type TransportKey = keyof TransportFields;
const TRANSPORT_KEYS: TransportKey[] = ['mode', 'conveyance', 'carrierCode', 'carrierName', 'imo', 'vessel', 'loading', 'discharge', 'delivery', 'transshipments', 'origin', 'destination', 'departure', 'arrival'];

function transportOf(c: Consignment): TransportFields {
  return {
    mode: c.mode,
    conveyance: (c.mode === 'air' ? c.flightNumber : c.voyageNumber) ?? '',
    carrierCode: c.carrier?.code ?? '',
    carrierName: c.carrier?.name ?? '',
    imo: c.mode === 'air' ? '' : (c.imoNumber ?? ''),
    vessel: c.mode === 'air' ? '' : (c.vesselName ?? ''),
    loading: c.placeOfLoading ?? '',
    discharge: c.placeOfDischarge ?? '',
    delivery: c.placeOfDelivery ?? '',
    transshipments: c.transshipments.join(' '),
    origin: c.countryOfOrigin ?? '',
    destination: c.countryOfDestination ?? '',
    departure: c.departureDate ?? '',
    arrival: c.estimatedArrivalDate ?? '',
  };
}

/** TDT, DTM and LOC segments for the given (possibly partial) transport fields. */
function transportSegments(t: Partial<TransportFields>): string[] {
  const out: string[] = [];
  if (t.mode !== undefined || t.conveyance || t.carrierCode || t.carrierName || t.imo || t.vessel) {
    const mode = t.mode ? MODE_CODES[t.mode as TransportMode] : '';
    const carrier = t.carrierCode || t.carrierName ? `${e(t.carrierCode ?? '')}:172:20${t.carrierName ? `:${e(t.carrierName)}` : ''}` : '';
    const means = t.imo || t.vessel ? `${e(t.imo ?? '')}:146:11${t.vessel ? `:${e(t.vessel)}` : ''}` : '';
    out.push(seg('TDT', '20', e(t.conveyance ?? ''), mode, '', carrier, '', '', means));
  }
  if (t.departure) {
    const s = dtm('133', t.departure);
    if (s) out.push(s);
  }
  if (t.arrival) {
    const s = dtm('132', t.arrival);
    if (s) out.push(s);
  }
  if (t.loading) out.push(`LOC+9+${e(t.loading)}:139:6`);
  if (t.discharge) out.push(`LOC+11+${e(t.discharge)}:139:6`);
  if (t.transshipments) for (const via of t.transshipments.split(' ')) out.push(`LOC+13+${e(via)}:139:6`);
  if (t.delivery) out.push(`LOC+7+${e(t.delivery)}:139:6`);
  if (t.origin) out.push(`LOC+27+${e(t.origin)}`);
  if (t.destination) out.push(`LOC+28+${e(t.destination)}`);
  return out;
}

function referenceSegments(c: Consignment): string[] {
  const n = e(c.documentNumber);
  const m = c.masterDocumentNumber !== undefined ? e(c.masterDocumentNumber) : undefined;
  switch (c.documentType) {
    case 'BL_MASTER':
      return [`RFF+BM:${n}`];
    case 'BL_HOUSE':
      return m ? [`RFF+BH:${n}`, `RFF+MB:${m}`] : [`RFF+BH:${n}`];
    case 'AWB_MASTER':
      return [`RFF+AWB:${n}`];
    case 'AWB_HOUSE':
      return m ? [`RFF+HWB:${n}`, `RFF+MWB:${m}`] : [`RFF+HWB:${n}`];
  }
}

function nadSegment(p: Party): string {
  const id = p.identifiers[0];
  const c082 = id ? `${e(id.value)}::${id.scheme === 'OTHER' ? 'ZZZ' : id.scheme}` : '';
  const name = components(p.name.replace(/\s+/g, ' '), 35, 5).map(e).join(':');
  const lines = p.addressLines.map((l) => l.replace(/\s+/g, ' ').trim()).filter((l) => l !== '');
  const street = (lines.length <= 4 ? lines : [...lines.slice(0, 3), lines.slice(3).join(' ')]).map(e).join(':');
  return seg('NAD', ROLE_CODES[p.role], c082, '', name, street, e(p.city ?? ''), '', e(p.postcode ?? ''), e(p.country ?? ''));
}

function goodsSegments(g: GoodsItem): string[] {
  const out: string[] = [];
  const pkgs = `${g.packageCount !== undefined ? numberText(g.packageCount) : ''}${g.packageType ? `:${e(g.packageType)}` : ''}`;
  out.push(seg('GID', String(g.seq), pkgs));
  if (g.description) out.push(`FTX+AAA+++${components(g.description.replace(/\s+/g, ' '), 512, 5).map(e).join(':')}`);
  if (g.grossMassKg !== undefined) out.push(`MEA+AAE+G+KGM:${numberText(g.grossMassKg)}`);
  if (g.netMassKg !== undefined) out.push(`MEA+AAE+N+KGM:${numberText(g.netMassKg)}`);
  if (g.value !== undefined) out.push(`MOA+39:${numberText(g.value)}${g.currency ? `:${e(g.currency)}` : ''}`);
  if (g.hsCode) out.push(`PIA+5+${e(g.hsCode)}:HS`);
  if (g.unNumber) out.push(`DGS+IMD++${e(g.unNumber)}`);
  for (const cn of g.containerNumbers) out.push(`SGP+${e(cn)}`);
  return out;
}

function equipmentSegments(q: Equipment): string[] {
  const fe = q.fullEmpty === 'FULL' ? '5' : q.fullEmpty === 'EMPTY' ? '4' : '';
  const out = [seg('EQD', 'CN', e(q.containerNumber), e(q.sizeType ?? ''), '', '2', fe)];
  for (const s of q.seals) out.push(`SEL+${e(s)}+CA`);
  return out;
}

function yymmdd(d: Date): string {
  return d.toISOString().slice(2, 10).replace(/-/g, '');
}

function hhmm(d: Date): string {
  return d.toISOString().slice(11, 16).replace(':', '');
}

/**
 * Streams a CUSCAR interchange for the consignments, one string per message (the first also carries UNA and
 * UNB, the last UNZ). Memory holds one message.
 */
export function* cuscarChunks(consignments: Iterable<Consignment>, opts: CuscarWriterOptions = {}): Generator<string> {
  const perMessage = Math.max(1, opts.perMessage ?? 50);
  const nl = opts.newline ?? '\n';
  const at = opts.preparedAt ?? new Date();
  const ref = (opts.interchangeRef ?? `IREN${yymmdd(at)}${hhmm(at)}`).slice(0, 14);
  const header = `UNA:+.? '${nl}UNB+UNOW:4+${e(opts.sender ?? 'IRENBENCH')}:ZZZ+${e(opts.recipient ?? 'CUSTOMS')}:ZZZ+${yymmdd(at)}:${hhmm(at)}+${e(ref)}++CUSCAR'${nl}`;
  let messages = 0;
  let group: Consignment[] = [];
  let first = true;

  const message = (cs: Consignment[]): string => {
    messages++;
    const msgRef = String(messages);
    const segs: string[] = [`UNH+${msgRef}+CUSCAR:D:99B:UN`, `BGM+785+${e(`${ref}-${msgRef}`)}+9`];
    // Header: the transport fields equal in every consignment of the message.
    const ts = cs.map(transportOf);
    const shared: Partial<TransportFields> = {};
    const own = new Set<TransportKey>();
    for (const k of TRANSPORT_KEYS) {
      const v = ts[0]![k];
      if (ts.every((t) => t[k] === v)) {
        if (v !== '') shared[k] = v;
      } else {
        own.add(k);
      }
    }
    segs.push(...transportSegments(shared));
    cs.forEach((c, i) => {
      segs.push(`CNI+${i + 1}+${e(c.documentNumber)}`, ...referenceSegments(c));
      const t = ts[i]!;
      const mine: Partial<TransportFields> = {};
      for (const k of own) if (t[k] !== '') mine[k] = t[k];
      segs.push(...transportSegments(mine));
      for (const p of c.parties) segs.push(nadSegment(p));
      for (const g of c.goodsItems) segs.push(...goodsSegments(g));
      for (const q of c.equipment) segs.push(...equipmentSegments(q));
    });
    segs.push(`UNT+${segs.length + 1}+${msgRef}`);
    return `${segs.join(`'${nl}`)}'${nl}`;
  };

  for (const c of consignments) {
    group.push(c);
    if (group.length >= perMessage) {
      const text = message(group);
      group = [];
      yield first ? header + text : text;
      first = false;
    }
  }
  let tail = group.length > 0 ? message(group) : '';
  if (first) tail = header + tail;
  yield `${tail}UNZ+${messages}+${e(ref)}'${nl}`;
}

/** The whole interchange as one string (small inputs and tests). */
export function writeCuscar(consignments: Iterable<Consignment>, opts: CuscarWriterOptions = {}): string {
  return [...cuscarChunks(consignments, opts)].join('');
}
