/**
 * Streaming UN/EDIFACT CUSCAR (customs cargo report) intake, directories D.95B to D.11A.
 *
 * Segments come from the streaming tokenizer (../edifact/tokenizer.ts). Each CNI group is one consignment
 * and is emitted as soon as the next CNI, UNT, UNH or the end of the file closes it, so memory holds one
 * consignment plus the message header (transport, places, and equipment declared at message level).
 * The segment → field mapping table is in docs/intake.md.
 */
import { EdifactTokenizer, type Segment, type TokenEvent, type TokenProblem } from '../edifact/tokenizer.ts';
import { problem, type Problem, type ProblemCode, type ProblemLevel } from '../validation/problems.ts';
import type { Consignment, Equipment, GoodsItem, IdentifierScheme, Party, PartyRole, TransportMode } from './model.ts';
import { cleanText, normalizeConsignment } from './normalize.ts';
import { byteChunks, type ByteSource } from './source.ts';
import { DEFAULT_MAX_ITEMS, type ParseOptions, type ParseResult } from './types.ts';

/** Segments read for the mapping. */
const MAPPED = new Set(['UNB', 'UNZ', 'UNG', 'UNE', 'UNH', 'UNT', 'BGM', 'DTM', 'TDT', 'LOC', 'RFF', 'CNI', 'NAD', 'GID', 'FTX', 'MEA', 'MOA', 'CUX', 'PIA', 'EQD', 'SEL', 'SGP', 'DGS']);
/** Segments of the CUSCAR directories that carry nothing the model needs: skipped silently. */
const TOLERATED = new Set([
  'CTA', 'COM', 'QTY', 'FII', 'DOC', 'TSR', 'TMD', 'HAN', 'DIM', 'PCI', 'GIN', 'TOD', 'TPL', 'CST', 'TCC',
  'GOR', 'CPI', 'TMP', 'RNG', 'NAT', 'PAC', 'EQA', 'EQN', 'CNT', 'GDS', 'ERP', 'ERC', 'ATT', 'ALI', 'IMD', 'SCC',
  'MKS', 'LIN', 'GEI', 'GIS', 'PAT', 'AUT', 'PRC', 'SPS', 'UNS', 'HYN', 'PNA', 'ADR', 'RCS', 'ICD', 'STS',
  'PAI', 'PCD', 'MEM', 'CCI', 'CAV', 'IDE', 'DLM', 'TRU', 'RTE', 'ARR', 'POC', 'SEQ', 'STG',
]);

/** TDT C220/8067 (UN/ECE Rec. 19): 1 maritime, 2 rail, 3 road, 4 air, 8 inland water (river-sea vessels: sea). */
const MODE_CODES: Record<string, TransportMode> = { '1': 'sea', '8': 'sea', '2': 'rail', '3': 'road', '4': 'air' };
/** Rec. 19 codes without a mode of the model (0 not specified, 5 mail, 6 multimodal, 7 fixed installation, 9 unknown). */
const OTHER_MODE_CODES = new Set(['0', '5', '6', '7', '9']);
const PARTY_ROLES: Record<string, PartyRole> = {
  CZ: 'consignor',
  SH: 'consignor',
  CN: 'consignee',
  N1: 'notifyParty',
  N2: 'notifyParty',
  NI: 'notifyParty',
  FW: 'freightForwarder',
};
/** MEA 6313 measured attribute: gross mass (G gross weight, AAD consignment gross weight, AAB unit gross weight), net mass. */
const GROSS = new Set(['G', 'AAD', 'AAB', '']);
const NET = new Set(['N', 'AAA', 'AAL']);
/** MEA 6313 codes that are not the goods mass (tare, volumes, dimensions, VGM, mutually defined): ignored. */
const OTHER_MEASURES = new Set(['T', 'AAW', 'AAX', 'ABJ', 'ABS', 'VGM', 'LN', 'WD', 'HT', 'AAF', 'AAO', 'ZZZ']);
/** MOA 5025 qualifiers read as the value of the goods, preferred first: 40 customs value, 44 declared value,
 * 39 invoice total, 38 invoice item amount, 66 goods item total, 203 line item amount, 77 invoice amount,
 * 128 total amount. */
const GOODS_VALUE = ['40', '44', '39', '38', '66', '203', '77', '128'];
/** MOA 5025 amounts that are not the goods value (charges, taxes, prices, message totals): ignored. */
const OTHER_AMOUNTS = new Set(['8', '9', '23', '64', '79', '86', '125', '146', '161', '176']);
/** Qualifier shapes: 3227/2005/5025 are numeric codes, 1153/3035/6313 up to 3 letters or digits. */
const NUMERIC_QUALIFIER = /^\d{1,3}$/;
const CODE_QUALIFIER = /^[A-Z0-9]{1,3}$/;
const MASS_UNITS: Record<string, number> = { KGM: 1, KG: 1, TNE: 1000, GRM: 0.001, LBR: 0.45359237, LB: 0.45359237 };
const EORI_RE = /^(AT|BE|BG|CY|CZ|DE|DK|EE|ES|FI|FR|GR|EL|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK|GB|XI)[A-Z0-9]{1,15}$/;

/** Transport and places, at message level (header) or overridden inside a CNI group. */
interface Transport {
  mode?: TransportMode;
  conveyanceRef?: string;
  vesselName?: string;
  imoNumber?: string;
  carrierCode?: string;
  carrierName?: string;
  placeOfLoading?: string;
  placeOfDeparture?: string;
  placeOfDischarge?: string;
  placeOfArrival?: string;
  placeOfDelivery?: string;
  placeOfDestination?: string;
  transshipments: string[];
  /** LOC+76 original port of loading, LOC+88 place of receipt. */
  originalPortOfLoading?: string;
  placeOfReceipt?: string;
  countryOfOrigin?: string;
  countryOfDestination?: string;
  departureActual?: string;
  departureEstimated?: string;
  arrivalEstimated?: string;
  arrivalActual?: string;
}

interface PendingGoods {
  hsCode?: string;
  description?: string;
  unNumber?: string;
}

interface ConsignmentDraft {
  cni: Segment;
  itemNumber?: string;
  cniDocument?: string;
  refs: Map<string, string>;
  transport: Transport;
  parties: Party[];
  goods: GoodsItem[];
  goodsSeen: Set<number>;
  equipment: Map<string, Equipment>;
  pending: PendingGoods;
  grossKg?: number;
  /** MOA at CNI level: value of a single-item consignment. */
  value?: { amount: number; currency?: string; rank: number };
  /** CUX at CNI level. */
  currency?: string;
  documentDate?: string;
  problems: Problem[];
  overflow: boolean;
}

interface MessageState {
  ref: string;
  unh: Segment;
  segments: number;
  skip: boolean;
  header: Transport;
  equipment: Map<string, Equipment>;
  /** CUX at message level. */
  currency?: string;
  documentDate?: string;
}

interface InterchangeState {
  ref: string;
  unb: Segment;
  messages: number;
  groups: number;
  group?: { ref: string; messages: number; ung: Segment };
  reportedUnknown: Set<string>;
}

type Context = 'header' | 'cni' | 'gid' | 'eqd';

function el(seg: Segment, e: number, c = 0): string | undefined {
  const v = seg.elements[e]?.[c];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

function emptyTransport(): Transport {
  return { transshipments: [] };
}

/** DTM 2379 format codes → ISO 8601. */
export function edifactDate(value: string, format: string | undefined): string | undefined {
  const v = value.trim();
  const f = format ?? ({ 6: '101', 8: '102', 10: '201', 12: '203', 14: '204' } as Record<number, string>)[v.length];
  const date = (y: string, mo: string, d: string) => {
    const iso = `${y}-${mo}-${d}`;
    const t = Date.UTC(Number(y), Number(mo) - 1, Number(d));
    const dt = new Date(t);
    return dt.getUTCFullYear() === Number(y) && dt.getUTCMonth() === Number(mo) - 1 && dt.getUTCDate() === Number(d) ? iso : undefined;
  };
  const century = (yy: string) => (Number(yy) < 70 ? `20${yy}` : `19${yy}`);
  let m: RegExpExecArray | null;
  switch (f) {
    case '102':
      m = /^(\d{4})(\d{2})(\d{2})$/.exec(v);
      return m ? date(m[1]!, m[2]!, m[3]!) : undefined;
    case '101':
      m = /^(\d{2})(\d{2})(\d{2})$/.exec(v);
      return m ? date(century(m[1]!), m[2]!, m[3]!) : undefined;
    case '201': {
      m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(v);
      if (!m || Number(m[4]) > 23 || Number(m[5]) > 59) return undefined;
      const d = date(century(m[1]!), m[2]!, m[3]!);
      return d && `${d}T${m[4]}:${m[5]}`;
    }
    case '203':
    case '303':
    case '205':
    case '204': {
      m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:([+-]\d{4})|(\w{1,3}))?$/.exec(v);
      if (!m || Number(m[4]) > 23 || Number(m[5]) > 59) return undefined;
      const d = date(m[1]!, m[2]!, m[3]!);
      if (!d) return undefined;
      const tz = m[7] ? `${m[7].slice(0, 3)}:${m[7].slice(3)}` : '';
      return `${d}T${m[4]}:${m[5]}${f === '204' && m[6] ? `:${m[6]}` : ''}${tz}`;
    }
    default:
      return undefined;
  }
}

function num(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const v = value.replace(',', '.');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(v)) return undefined;
  return Number(v);
}

function identifierScheme(id: string, codeList: string | undefined, agency: string | undefined): IdentifierScheme {
  const hint = `${codeList ?? ''} ${agency ?? ''}`.toUpperCase();
  if (hint.includes('EORI')) return 'EORI';
  if (hint.includes('TIN') || hint.includes('VAT')) return 'TIN';
  const v = id.toUpperCase().replace(/\s/g, '');
  if (EORI_RE.test(v) && /\d/.test(v)) return 'EORI';
  if (/^\d{8,15}$/.test(v)) return 'TIN';
  return 'OTHER';
}

function directoryYear(release: string | undefined): number | undefined {
  const m = /^(\d{2})([AB])$/.exec((release ?? '').toUpperCase());
  if (!m) return undefined;
  const y = Number(m[1]);
  return (y >= 90 ? 1900 + y : 2000 + y) * 2 + (m[2] === 'B' ? 1 : 0);
}
const MIN_DIR = directoryYear('95B')!;
const MAX_DIR = directoryYear('11A')!;

/** Maps tokenizer events to consignments. Exported for tests; use parseCuscar. */
export class CuscarMapper {
  private interchange: InterchangeState | undefined;
  private message: MessageState | undefined;
  private draft: ConsignmentDraft | undefined;
  private context: Context = 'header';
  private currentGoods: GoodsItem | undefined;
  private currentEquipment: Equipment | undefined;
  /** Rank of the MOA qualifier that set a goods item's value (lower wins), and CUX currency of the item. */
  private readonly valueRank = new WeakMap<GoodsItem, number>();
  private readonly goodsCurrency = new WeakMap<GoodsItem, string>();
  private noUnbWarned = false;
  private lastPosition = { segment: 0, line: 1, byteOffset: 0 };

  constructor(
    private readonly file: string | undefined,
    private readonly maxItems: number,
  ) {}

  private p(code: ProblemCode, seg: { index: number; line: number; tag?: string } | undefined, message: string, element?: string, level?: ProblemLevel, field?: string): Problem {
    return problem({
      code,
      message,
      ...(level ? { level } : {}),
      ...(field !== undefined ? { field } : {}),
      ...(seg ? { segment: seg.index, line: seg.line } : {}),
      ...(seg?.tag ? { segmentTag: seg.tag } : {}),
      ...(element !== undefined ? { element } : {}),
      ...(this.file !== undefined ? { file: this.file } : {}),
    });
  }

  /** Attach a problem to the open consignment, or emit it on its own. */
  private report(out: ParseResult[], pr: Problem, seg?: { index: number; line: number; byteOffset: number }): void {
    if (this.draft) this.draft.problems.push(pr);
    else out.push({ problems: [pr], position: seg ? { segment: seg.index, line: seg.line, byteOffset: seg.byteOffset } : { ...this.lastPosition } });
  }

  private standalone(out: ParseResult[], pr: Problem, seg: { index: number; line: number; byteOffset: number }): void {
    out.push({ problems: [pr], position: { segment: seg.index, line: seg.line, byteOffset: seg.byteOffset } });
  }

  onEvent(ev: TokenEvent, out: ParseResult[]): void {
    if (ev.kind === 'problem') {
      this.report(out, this.tokenProblem(ev.problem), { index: ev.problem.index ?? this.lastPosition.segment, line: ev.problem.line, byteOffset: ev.problem.byteOffset });
      return;
    }
    if (ev.kind === 'malformed') {
      if (this.message) this.message.segments++;
      this.report(out, this.tokenProblem(ev.problem), { index: ev.index, line: ev.problem.line, byteOffset: ev.problem.byteOffset });
      return;
    }
    const seg = ev.segment;
    // Updated in place (one per segment; it is only ever copied out).
    const last = this.lastPosition;
    last.segment = seg.index;
    last.line = seg.line;
    last.byteOffset = seg.byteOffset;
    try {
      this.onSegment(seg, out);
    } catch (err) {
      this.report(out, this.p('INTERNAL_ERROR', seg, `segment ${seg.index} (${seg.tag}) could not be mapped: ${err instanceof Error ? err.message : String(err)}`), seg);
    }
  }

  private tokenProblem(tp: TokenProblem): Problem {
    return this.p(tp.code, tp.index !== undefined ? { index: tp.index, line: tp.line, ...(tp.tag ? { tag: tp.tag } : {}) } : undefined, tp.message, undefined, undefined);
  }

  end(out: ParseResult[]): void {
    const pos = this.lastPosition;
    if (this.message) {
      this.finishDraft(out);
      out.push({
        problems: [this.p('EDI_MISSING_TRAILER', { index: pos.segment, line: pos.line }, `message ${this.message.ref} (UNH at segment ${this.message.unh.index}) has no UNT; it may be truncated`)],
        position: { ...pos },
      });
      this.message = undefined;
    }
    if (this.interchange) {
      out.push({
        problems: [this.p('EDI_MISSING_TRAILER', { index: pos.segment, line: pos.line }, `interchange ${this.interchange.ref} has no UNZ; the file may be truncated`)],
        position: { ...pos },
      });
      this.interchange = undefined;
    }
  }

  private onSegment(seg: Segment, out: ParseResult[]): void {
    const tag = seg.tag;
    if (this.message) this.message.segments++;
    switch (tag) {
      case 'UNB':
        return this.onUnb(seg, out);
      case 'UNZ':
        return this.onUnz(seg, out);
      case 'UNG':
        if (this.interchange) {
          this.interchange.groups++;
          this.interchange.group = { ref: el(seg, 4) ?? '', messages: 0, ung: seg };
        }
        return;
      case 'UNE':
        return this.onUne(seg, out);
      case 'UNH':
        return this.onUnh(seg, out);
      case 'UNT':
        return this.onUnt(seg, out);
      default:
        break;
    }
    if (!this.message) {
      this.standalone(out, this.p('EDI_UNEXPECTED_SEGMENT', seg, `segment ${seg.index} (${tag}) is outside a message (UNH…UNT); skipped`), seg);
      return;
    }
    if (this.message.skip) return;
    if (!MAPPED.has(tag)) {
      if (!TOLERATED.has(tag)) {
        const reported = this.interchange?.reportedUnknown ?? new Set<string>();
        if (!reported.has(tag)) {
          reported.add(tag);
          this.report(out, this.p('EDI_UNKNOWN_SEGMENT', seg, `segment ${seg.index}: unknown segment ${tag} skipped (reported once per interchange)`), seg);
        }
      }
      return;
    }
    switch (tag) {
      case 'BGM':
        return;
      case 'CNI':
        return this.onCni(seg, out);
      case 'DTM':
        return this.onDtm(seg, out);
      case 'TDT':
        return this.onTdt(seg, out);
      case 'LOC':
        return this.onLoc(seg, out);
      case 'RFF':
        return this.onRff(seg, out);
      case 'NAD':
        return this.onNad(seg, out);
      case 'GID':
        return this.onGid(seg, out);
      case 'FTX':
        return this.onFtx(seg);
      case 'MEA':
        return this.onMea(seg);
      case 'MOA':
        return this.onMoa(seg);
      case 'CUX':
        return this.onCux(seg);
      case 'PIA':
        return this.onPia(seg);
      case 'SGP':
        return this.onSgp(seg, out);
      case 'DGS':
        return this.onDgs(seg);
      case 'EQD':
        return this.onEqd(seg, out);
      case 'SEL':
        return this.onSel(seg, out);
      default:
        return;
    }
  }

  // --- envelope -------------------------------------------------------------------------------

  private onUnb(seg: Segment, out: ParseResult[]): void {
    if (this.message) this.closeMessageWithoutUnt(seg, out);
    if (this.interchange) {
      this.standalone(out, this.p('EDI_MISSING_TRAILER', seg, `interchange ${this.interchange.ref} is not closed by UNZ before the next UNB`), seg);
    }
    this.interchange = { ref: el(seg, 4) ?? '', unb: seg, messages: 0, groups: 0, reportedUnknown: new Set() };
  }

  private onUnz(seg: Segment, out: ParseResult[]): void {
    if (this.message) this.closeMessageWithoutUnt(seg, out);
    const ic = this.interchange;
    if (!ic) {
      this.standalone(out, this.p('EDI_UNEXPECTED_SEGMENT', seg, `UNZ at segment ${seg.index} without UNB`), seg);
      return;
    }
    const declared = el(seg, 0);
    const counted = ic.groups > 0 ? ic.groups : ic.messages;
    if (declared === undefined || Number(declared) !== counted) {
      this.standalone(
        out,
        this.p('EDI_MESSAGE_COUNT', { ...seg }, `UNZ declares ${declared ?? 'no'} ${ic.groups > 0 ? 'groups' : 'messages'}, counted ${counted}`, 'UNZ+1'),
        seg,
      );
    }
    const ref = el(seg, 1);
    if (ref !== ic.ref) {
      this.standalone(out, this.p('EDI_CONTROL_REFERENCE', seg, `UNZ reference "${ref ?? ''}" differs from UNB reference "${ic.ref}"`, 'UNZ+2'), seg);
    }
    this.interchange = undefined;
  }

  private onUne(seg: Segment, out: ParseResult[]): void {
    if (this.message) this.closeMessageWithoutUnt(seg, out);
    const g = this.interchange?.group;
    if (!g) {
      this.standalone(out, this.p('EDI_UNEXPECTED_SEGMENT', seg, `UNE at segment ${seg.index} without UNG`), seg);
      return;
    }
    const declared = el(seg, 0);
    if (declared === undefined || Number(declared) !== g.messages) {
      this.standalone(out, this.p('EDI_MESSAGE_COUNT', seg, `UNE declares ${declared ?? 'no'} messages, counted ${g.messages}`, 'UNE+1'), seg);
    }
    if (this.interchange) delete this.interchange.group;
  }

  private onUnh(seg: Segment, out: ParseResult[]): void {
    if (this.message) this.closeMessageWithoutUnt(seg, out);
    if (!this.interchange && !this.noUnbWarned) {
      this.noUnbWarned = true;
      this.standalone(out, this.p('EDI_UNEXPECTED_SEGMENT', seg, `UNH at segment ${seg.index} without UNB; message read anyway`, undefined, 'warning'), seg);
    }
    if (this.interchange) {
      this.interchange.messages++;
      if (this.interchange.group) this.interchange.group.messages++;
    }
    const type = el(seg, 1, 0);
    const version = el(seg, 1, 1);
    const release = el(seg, 1, 2);
    const ref = el(seg, 0) ?? '';
    this.message = { ref, unh: seg, segments: 1, skip: false, header: emptyTransport(), equipment: new Map() };
    this.context = 'header';
    if (type !== 'CUSCAR') {
      this.message.skip = true;
      this.standalone(out, this.p('EDI_UNSUPPORTED_MESSAGE', seg, `message ${ref} is ${type ?? 'untyped'}, not CUSCAR; skipped`, 'UNH+2:1'), seg);
      return;
    }
    const dir = directoryYear(release);
    if (version !== 'D' || dir === undefined || dir < MIN_DIR || dir > MAX_DIR) {
      this.standalone(out, this.p('EDI_UNSUPPORTED_MESSAGE', seg, `CUSCAR directory ${version ?? '?'}:${release ?? '?'} is outside D.95B–D.11A; read anyway`, 'UNH+2:2'), seg);
    }
  }

  private closeMessageWithoutUnt(seg: Segment, out: ParseResult[]): void {
    this.finishDraft(out);
    const m = this.message!;
    this.standalone(out, this.p('EDI_MISSING_TRAILER', seg, `message ${m.ref} (UNH at segment ${m.unh.index}) has no UNT before segment ${seg.index} (${seg.tag})`), seg);
    this.message = undefined;
    this.context = 'header';
  }

  private onUnt(seg: Segment, out: ParseResult[]): void {
    const m = this.message;
    if (!m) {
      this.standalone(out, this.p('EDI_UNEXPECTED_SEGMENT', seg, `UNT at segment ${seg.index} without UNH`), seg);
      return;
    }
    this.finishDraft(out);
    const declared = el(seg, 0);
    if (declared === undefined || Number(declared) !== m.segments) {
      this.standalone(out, this.p('EDI_SEGMENT_COUNT', seg, `UNT declares ${declared ?? 'no'} segments, counted ${m.segments} (UNH…UNT) in message ${m.ref}`, 'UNT+1'), seg);
    }
    const ref = el(seg, 1);
    if (ref !== m.ref) {
      this.standalone(out, this.p('EDI_CONTROL_REFERENCE', seg, `UNT reference "${ref ?? ''}" differs from UNH reference "${m.ref}"`, 'UNT+2'), seg);
    }
    this.message = undefined;
    this.context = 'header';
  }

  // --- consignment ------------------------------------------------------------------------------

  private transport(): Transport {
    return this.draft && this.context !== 'header' ? this.draft.transport : this.message!.header;
  }

  private onCni(seg: Segment, out: ParseResult[]): void {
    this.finishDraft(out);
    this.draft = {
      cni: seg,
      ...(el(seg, 0) !== undefined ? { itemNumber: el(seg, 0)! } : {}),
      ...(el(seg, 1) !== undefined ? { cniDocument: el(seg, 1)! } : {}),
      refs: new Map(),
      transport: emptyTransport(),
      parties: [],
      goods: [],
      goodsSeen: new Set(),
      equipment: new Map(),
      pending: {},
      problems: [],
      overflow: false,
    };
    this.context = 'cni';
    this.currentGoods = undefined;
    this.currentEquipment = undefined;
  }

  /** A qualifier that is not of the shape of its code list: one warning naming the segment. */
  private badQualifier(out: ParseResult[], seg: Segment, list: string, q: string | undefined, element: string): void {
    this.report(out, this.p('EDI_QUALIFIER', seg, `segment ${seg.index} ${seg.tag}: ${q === undefined ? 'no qualifier' : `qualifier "${q}"`} is not a ${list} code; segment not used`, element), seg);
  }

  private onDtm(seg: Segment, out: ParseResult[]): void {
    const q = el(seg, 0, 0);
    if (q === undefined || !NUMERIC_QUALIFIER.test(q)) return this.badQualifier(out, seg, '2005 date/time qualifier', q, 'DTM+1:1');
    const key = ({ '132': 'arrivalEstimated', '178': 'arrivalActual', '133': 'departureEstimated', '136': 'departureActual', '137': 'documentDate' } as const)[q];
    if (!key) return;
    const value = el(seg, 0, 1);
    if (value === undefined) return;
    const iso = edifactDate(value, el(seg, 0, 2));
    if (iso === undefined) {
      this.report(out, this.p('INVALID_DATE', seg, `segment ${seg.index} DTM+${q}: "${value}" is not a date in format ${el(seg, 0, 2) ?? '(none)'}; dropped`, 'DTM+1:2'), seg);
      return;
    }
    if (key === 'documentDate') {
      if (this.draft && this.context !== 'header') this.draft.documentDate ??= iso;
      else this.message!.documentDate ??= iso;
      return;
    }
    this.transport()[key] = iso;
  }

  private onTdt(seg: Segment, out: ParseResult[]): void {
    const stage = el(seg, 0);
    if (stage !== undefined && stage !== '20') return;
    const t = this.transport();
    const modeCode = el(seg, 2, 0);
    const mode = MODE_CODES[modeCode ?? ''];
    if (mode) t.mode = mode;
    else if (modeCode !== undefined && !OTHER_MODE_CODES.has(modeCode)) {
      this.report(out, this.p('EDI_QUALIFIER', seg, `segment ${seg.index} TDT: mode "${modeCode}" is not a UN/ECE Rec. 19 code (1 sea, 2 rail, 3 road, 4 air, 8 inland water); mode not set`, 'TDT+3:1'), seg);
    }
    const ref = el(seg, 1);
    if (ref) t.conveyanceRef = ref;
    const carrierCode = el(seg, 4, 0);
    const carrierName = el(seg, 4, 3);
    if (carrierCode) t.carrierCode = carrierCode;
    if (carrierName) t.carrierName = carrierName;
    const id = el(seg, 7, 0);
    if (id) {
      const imo = /^(?:IMO)?\s*(\d{7})$/i.exec(id);
      if (imo) t.imoNumber = imo[1]!;
    }
    const name = el(seg, 7, 3);
    if (name) t.vesselName = name;
  }

  private onLoc(seg: Segment, out: ParseResult[]): void {
    const q = el(seg, 0);
    const code = el(seg, 1, 0);
    if (q === undefined || !NUMERIC_QUALIFIER.test(q)) return this.badQualifier(out, seg, '3227 location function', q, 'LOC+1');
    if (code === undefined) return;
    const t = this.transport();
    switch (q) {
      case '76':
        t.originalPortOfLoading ??= code;
        return;
      case '88':
        t.placeOfReceipt ??= code;
        return;
      case '9':
        t.placeOfLoading ??= code;
        return;
      case '5':
        t.placeOfDeparture ??= code;
        return;
      case '11':
        t.placeOfDischarge ??= code;
        return;
      case '60':
        t.placeOfArrival ??= code;
        return;
      case '13':
        t.transshipments.push(code);
        return;
      case '7':
        t.placeOfDelivery ??= code;
        return;
      case '8':
        t.placeOfDestination ??= code;
        return;
      case '27':
        (this.draft?.transport ?? t).countryOfOrigin ??= code;
        return;
      case '28':
        (this.draft?.transport ?? t).countryOfDestination ??= code;
        return;
      default:
        return;
    }
  }

  private onRff(seg: Segment, out: ParseResult[]): void {
    const q = el(seg, 0, 0)?.toUpperCase();
    const v = el(seg, 0, 1);
    if (q === undefined || !CODE_QUALIFIER.test(q)) return this.badQualifier(out, seg, '1153 reference', q, 'RFF+1:1');
    const d = this.draft;
    if (!d || q === undefined || v === undefined) return;
    if (q === 'HS') {
      const target = this.context === 'gid' && this.currentGoods ? this.currentGoods : d.pending;
      target.hsCode ??= v;
      return;
    }
    if (this.context === 'gid' && this.currentGoods && /^[A-Z]{4}\d{7}$/.test(v.replace(/\s/g, '').toUpperCase())) {
      this.addContainerToGoods(this.currentGoods, v.replace(/\s/g, '').toUpperCase());
      return;
    }
    if (['BM', 'BH', 'MB', 'AWB', 'MWB', 'HWB'].includes(q) && !d.refs.has(q)) d.refs.set(q, v);
  }

  private onNad(seg: Segment, out: ParseResult[]): void {
    const q = el(seg, 0);
    if (q === undefined || !CODE_QUALIFIER.test(q)) return this.badQualifier(out, seg, '3035 party function', q, 'NAD+1');
    if (q === 'CA') {
      const t = this.transport();
      const code = el(seg, 1, 0);
      const name = [0, 1, 2, 3, 4].map((k) => el(seg, 3, k)).filter(Boolean).join(' ') || el(seg, 2, 0);
      if (code) t.carrierCode ??= code;
      if (name) t.carrierName ??= name;
      return;
    }
    const role = PARTY_ROLES[q ?? ''];
    if (!role || !this.draft) return;
    const c058 = [0, 1, 2, 3, 4].map((k) => el(seg, 2, k)).filter((v): v is string => v !== undefined);
    const c080 = [0, 1, 2, 3, 4].map((k) => el(seg, 3, k)).filter((v): v is string => v !== undefined);
    const street = [0, 1, 2, 3].map((k) => el(seg, 4, k)).filter((v): v is string => v !== undefined);
    let name = c080.join(' ');
    let addressLines = street;
    if (!name && c058.length > 0) {
      name = c058[0]!;
      if (addressLines.length === 0) addressLines = c058.slice(1);
    } else if (addressLines.length === 0) {
      addressLines = c058;
    }
    if (!name) {
      this.draft.problems.push(this.p('REQUIRED_FIELD', seg, `NAD+${q} has no party name (C080 or C058)`, 'NAD+4', 'warning'));
    }
    const party: Party = { role, name: name ?? '', addressLines, identifiers: [] };
    const id = el(seg, 1, 0);
    if (id) party.identifiers.push({ scheme: identifierScheme(id, el(seg, 1, 1), el(seg, 1, 2)), value: id });
    const city = el(seg, 5);
    const postcode = el(seg, 7);
    const country = el(seg, 8);
    if (city) party.city = city;
    if (postcode) party.postcode = postcode;
    if (country) party.country = country;
    this.draft.parties.push(party);
  }

  private requireDraft(seg: Segment, out: ParseResult[]): ConsignmentDraft | undefined {
    if (this.draft) return this.draft;
    this.standalone(out, this.p('EDI_UNEXPECTED_SEGMENT', seg, `segment ${seg.index} (${seg.tag}) before any CNI; skipped`), seg);
    return undefined;
  }

  private onGid(seg: Segment, out: ParseResult[]): void {
    const d = this.requireDraft(seg, out);
    if (!d) return;
    this.context = 'gid';
    this.currentEquipment = undefined;
    if (d.goods.length >= this.maxItems) {
      d.overflow = true;
      this.currentGoods = undefined;
      return;
    }
    const n = num(el(seg, 0));
    const seq = n !== undefined && Number.isInteger(n) && n > 0 ? n : d.goods.length + 1;
    const g: GoodsItem = { seq, containerNumbers: [] };
    const count = num(el(seg, 1, 0));
    if (count !== undefined) g.packageCount = count;
    const type = el(seg, 1, 1);
    if (type) g.packageType = type;
    if (d.goods.length === 0) Object.assign(g, d.pending);
    d.goods.push(g);
    this.currentGoods = g;
  }

  private onFtx(seg: Segment): void {
    if (el(seg, 0) !== 'AAA' || !this.draft) return;
    const text = cleanText([0, 1, 2, 3, 4].map((k) => el(seg, 3, k)).filter(Boolean).join(' '));
    if (!text) return;
    const target = this.context === 'gid' && this.currentGoods ? this.currentGoods : this.draft.pending;
    target.description = target.description ? `${target.description} ${text}` : text;
  }

  private onMea(seg: Segment): void {
    if (!this.draft || this.context === 'eqd') return;
    const property = (el(seg, 1, 0) ?? '').toUpperCase();
    const isGross = GROSS.has(property);
    const isNet = NET.has(property);
    if (!isGross && !isNet) {
      if (!OTHER_MEASURES.has(property)) {
        this.draft.problems.push(this.p('EDI_QUALIFIER', seg, `segment ${seg.index} MEA: measured attribute "${property}" is not a 6313 code read here (G, AAD, AAB gross; N, AAA, AAL net); not used`, 'MEA+2'));
      }
      return;
    }
    const unit = (el(seg, 2, 0) ?? 'KGM').toUpperCase();
    const raw = el(seg, 2, 1);
    const value = num(raw);
    const factor = MASS_UNITS[unit];
    if (value === undefined || factor === undefined) {
      if (raw !== undefined || factor === undefined) {
        this.draft.problems.push(this.p('INVALID_VALUE', seg, `segment ${seg.index} MEA+${property}: "${raw ?? ''}" ${unit} is not a mass in a known unit (KGM, TNE, GRM, LBR); dropped`, 'MEA+3', 'warning'));
      }
      return;
    }
    const kg = Math.round(value * factor * 1000) / 1000;
    if (this.context === 'gid' && this.currentGoods) {
      if (isGross) this.currentGoods.grossMassKg ??= kg;
      else this.currentGoods.netMassKg ??= kg;
    } else if (isGross) {
      this.draft.grossKg ??= kg;
    }
  }

  /** MOA C516: 5025 qualifier : 5004 amount : 6345 currency. In a goods item its value; at CNI level the value of a single-item consignment. */
  private onMoa(seg: Segment): void {
    const d = this.draft;
    if (!d || this.context === 'eqd' || this.context === 'header') return;
    const q = el(seg, 0, 0);
    const rank = q === undefined ? -1 : GOODS_VALUE.indexOf(q);
    if (rank < 0) {
      if (q === undefined || !OTHER_AMOUNTS.has(q)) {
        d.problems.push(this.p('EDI_QUALIFIER', seg, `segment ${seg.index} MOA: ${q === undefined ? 'no qualifier' : `qualifier "${q}"`} is not a 5025 goods value code read here (${GOODS_VALUE.join(', ')}); not used`, 'MOA+1:1'));
      }
      return;
    }
    const raw = el(seg, 0, 1);
    const amount = num(raw);
    if (amount === undefined) {
      d.problems.push(this.p('INVALID_VALUE', seg, `segment ${seg.index} MOA+${q}: amount "${raw ?? ''}" is not a number; dropped`, 'MOA+1:2', 'warning', this.currentGoods ? `goodsItems[${d.goods.length - 1}].value` : 'value'));
      return;
    }
    const currency = this.currencyCode(seg, el(seg, 0, 2), 'MOA+1:3');
    const g = this.context === 'gid' ? this.currentGoods : undefined;
    if (g) {
      if ((this.valueRank.get(g) ?? Infinity) <= rank) return;
      this.valueRank.set(g, rank);
      g.value = amount;
      if (currency) g.currency = currency;
      else delete g.currency;
      return;
    }
    if (d.value && d.value.rank <= rank) return;
    d.value = { amount, rank, ...(currency ? { currency } : {}) };
  }

  /** CUX C504: 6347 usage (2 reference currency) : 6345 currency — the currency of amounts without their own. */
  private onCux(seg: Segment): void {
    const currency = this.currencyCode(seg, el(seg, 0, 1), 'CUX+1:2');
    if (!currency) return;
    if (this.context === 'gid' && this.currentGoods) this.goodsCurrency.set(this.currentGoods, currency);
    else if (this.draft && this.context !== 'header') this.draft.currency ??= currency;
    else if (this.message) this.message.currency ??= currency;
  }

  private currencyCode(seg: Segment, raw: string | undefined, element: string): string | undefined {
    if (raw === undefined) return undefined;
    const code = raw.toUpperCase();
    if (/^[A-Z]{3}$/.test(code)) return code;
    const pr = this.p('INVALID_VALUE', seg, `segment ${seg.index} ${seg.tag}: currency "${raw}" is not an ISO 4217 code; dropped`, element, 'warning');
    if (this.draft) this.draft.problems.push(pr);
    return undefined;
  }

  private onPia(seg: Segment): void {
    if (!this.draft) return;
    for (let e = 1; e < seg.elements.length; e++) {
      const code = el(seg, e, 0);
      const type = (el(seg, e, 1) ?? '').toUpperCase();
      if (!code) continue;
      const digits = code.replace(/[\s.]/g, '');
      if (['HS', 'CG', 'CN', 'CT', 'TSN', 'HSN'].includes(type) || (type === '' && /^\d{6,10}$/.test(digits))) {
        const target = this.context === 'gid' && this.currentGoods ? this.currentGoods : this.draft.pending;
        target.hsCode ??= code;
        return;
      }
    }
  }

  private addContainerToGoods(g: GoodsItem, cn: string): void {
    if (!g.containerNumbers.includes(cn)) g.containerNumbers.push(cn);
  }

  private onSgp(seg: Segment, out: ParseResult[]): void {
    const d = this.requireDraft(seg, out);
    if (!d) return;
    const cn = el(seg, 0, 0);
    if (!cn) {
      d.problems.push(this.p('EDI_SYNTAX', seg, 'SGP without equipment identification', 'SGP+1', 'warning'));
      return;
    }
    if (!this.currentGoods) {
      d.problems.push(this.p('EDI_UNEXPECTED_SEGMENT', seg, `SGP ${cn} outside a goods item (GID); skipped`));
      return;
    }
    this.addContainerToGoods(this.currentGoods, cn.replace(/\s/g, '').toUpperCase());
  }

  private onDgs(seg: Segment): void {
    const un = el(seg, 2, 0);
    if (un && this.currentGoods && this.context === 'gid') this.currentGoods.unNumber ??= un;
    else if (un && this.draft && !this.currentGoods) this.draft.pending.unNumber ??= un;
  }

  private onEqd(seg: Segment, out: ParseResult[]): void {
    const q = el(seg, 0);
    const id = el(seg, 1, 0);
    this.currentGoods = undefined;
    if (this.draft) this.context = 'eqd';
    if (q !== undefined && q !== 'CN') {
      this.currentEquipment = undefined;
      return;
    }
    if (!id) {
      this.report(out, this.p('EDI_SYNTAX', seg, 'EQD+CN without container number', 'EQD+2', 'warning'), seg);
      this.currentEquipment = undefined;
      return;
    }
    const map = this.draft ? this.draft.equipment : this.message!.equipment;
    const cn = id.replace(/\s/g, '').toUpperCase();
    if (map.size >= this.maxItems * (this.draft ? 1 : 10)) {
      if (this.draft) this.draft.overflow = true;
      this.currentEquipment = undefined;
      return;
    }
    const e: Equipment = map.get(cn) ?? { containerNumber: cn, seals: [] };
    const sizeType = el(seg, 2, 0);
    if (sizeType) e.sizeType = sizeType;
    const fe = el(seg, 5);
    if (fe === '5') e.fullEmpty = 'FULL';
    else if (fe === '4') e.fullEmpty = 'EMPTY';
    map.set(cn, e);
    this.currentEquipment = e;
  }

  private onSel(seg: Segment, out: ParseResult[]): void {
    const seal = el(seg, 0);
    if (!seal) return;
    if (!this.currentEquipment) {
      this.report(out, this.p('EDI_UNEXPECTED_SEGMENT', seg, `SEL ${seal} not after an EQD+CN; skipped`), seg);
      return;
    }
    if (!this.currentEquipment.seals.includes(seal)) this.currentEquipment.seals.push(seal);
  }

  // --- building ---------------------------------------------------------------------------------

  private finishDraft(out: ParseResult[]): void {
    const d = this.draft;
    this.draft = undefined;
    this.currentGoods = undefined;
    this.currentEquipment = undefined;
    this.context = 'header';
    if (!d) return;
    const seg = d.cni;
    const position = { segment: seg.index, line: seg.line, byteOffset: seg.byteOffset };
    try {
      out.push(this.build(d, position));
    } catch (err) {
      out.push({
        problems: [...d.problems, this.p('INTERNAL_ERROR', seg, `consignment at segment ${seg.index} skipped: ${err instanceof Error ? err.message : String(err)}`)],
        position,
      });
    }
  }

  private build(d: ConsignmentDraft, position: ParseResult['position']): ParseResult {
    const problems = d.problems;
    const seg = d.cni;
    if (d.overflow) {
      problems.push(this.p('TOO_MANY_ITEMS', seg, `consignment at segment ${seg.index} has more than ${this.maxItems} goods items or containers; rejected`));
      return { problems, position };
    }
    const h = this.message!.header;
    const t = d.transport;
    const pick = <K extends keyof Transport>(k: K): Transport[K] => t[k] ?? h[k];
    const refs = d.refs;
    const mode: TransportMode = pick('mode') ?? (refs.has('AWB') || refs.has('MWB') || refs.has('HWB') ? 'air' : 'sea');
    let documentNumber: string | undefined;
    let master: string | undefined;
    // The references decide the document kind; the transport mode only when there is none.
    const awbRefs = refs.has('AWB') || refs.has('HWB') || refs.has('MWB');
    const blRefs = refs.has('BM') || refs.has('BH') || refs.has('MB');
    const air = awbRefs || (!blRefs && mode === 'air');
    if (air) {
      documentNumber = refs.get('HWB') ?? refs.get('AWB') ?? d.cniDocument;
      master = refs.get('MWB') ?? (refs.has('HWB') && refs.get('AWB') !== documentNumber ? refs.get('AWB') : undefined);
    } else {
      documentNumber = refs.get('BH') ?? refs.get('BM') ?? d.cniDocument;
      master = refs.get('MB') ?? (refs.has('BH') && refs.get('BM') !== documentNumber ? refs.get('BM') : undefined);
    }
    if (!documentNumber) {
      problems.push(this.p('REQUIRED_FIELD', seg, `consignment ${d.itemNumber ?? ''} at segment ${seg.index} has no document number (CNI+2, RFF+BM/BH/AWB/HWB)`, 'CNI+2', 'error', 'documentNumber'));
      return { problems, position };
    }
    const documentType = air ? (master ? 'AWB_HOUSE' : 'AWB_MASTER') : master ? 'BL_HOUSE' : 'BL_MASTER';

    const goods = d.goods;
    if (goods.length === 0 && Object.keys(d.pending).length > 0) goods.push({ seq: 1, containerNumbers: [], ...d.pending });
    const withoutMass = goods.filter((g) => g.grossMassKg === undefined);
    if (d.grossKg !== undefined && goods.length === 1 && withoutMass.length === 1) withoutMass[0]!.grossMassKg = d.grossKg;
    if (d.value && goods.length === 1 && goods[0]!.value === undefined) {
      goods[0]!.value = d.value.amount;
      if (d.value.currency) goods[0]!.currency = d.value.currency;
    }
    // An amount without its own currency is in the CUX currency of its goods item, consignment or message.
    for (const g of goods) {
      if (g.value === undefined || g.currency !== undefined) continue;
      const currency = this.goodsCurrency.get(g) ?? d.currency ?? this.message!.currency;
      if (currency) g.currency = currency;
    }

    const equipment = new Map(d.equipment);
    for (const g of goods) {
      for (const cn of g.containerNumbers) {
        const fromHeader = this.message!.equipment.get(cn);
        if (!equipment.has(cn) && fromHeader) equipment.set(cn, { ...fromHeader, seals: [...fromHeader.seals] });
      }
    }

    const c: Consignment = {
      documentType,
      documentNumber,
      mode,
      transshipments: t.transshipments.length > 0 ? t.transshipments : h.transshipments,
      parties: d.parties,
      goodsItems: goods,
      equipment: [...equipment.values()],
    };
    if (master) c.masterDocumentNumber = master;
    const carrierCode = pick('carrierCode');
    const carrierName = pick('carrierName');
    if (carrierCode || carrierName) c.carrier = { ...(carrierCode ? { code: carrierCode } : {}), ...(carrierName ? { name: carrierName } : {}) };
    const conveyance = pick('conveyanceRef');
    if (mode === 'air') {
      if (conveyance) c.flightNumber = conveyance;
    } else {
      if (conveyance) c.voyageNumber = conveyance;
      const vessel = pick('vesselName');
      if (vessel) c.vesselName = vessel;
      const imo = pick('imoNumber');
      if (imo) c.imoNumber = imo;
    }
    // LOC+76 (original port of loading) starts the route; the port of loading of this carriage (LOC+9) is then
    // a transshipment. LOC+88 (place of receipt) is the start only when nothing else names one.
    const portOfLoading = pick('placeOfLoading') ?? pick('placeOfDeparture');
    const original = pick('originalPortOfLoading');
    const loading = original ?? portOfLoading ?? pick('placeOfReceipt');
    if (loading) c.placeOfLoading = loading;
    if (original && portOfLoading && portOfLoading !== original && !c.transshipments.includes(portOfLoading)) c.transshipments = [portOfLoading, ...c.transshipments];
    const discharge = pick('placeOfDischarge') ?? pick('placeOfArrival');
    if (discharge) c.placeOfDischarge = discharge;
    const delivery = pick('placeOfDelivery') ?? pick('placeOfDestination');
    if (delivery) c.placeOfDelivery = delivery;
    const origin = pick('countryOfOrigin');
    if (origin) c.countryOfOrigin = origin;
    const destination = pick('countryOfDestination');
    if (destination) c.countryOfDestination = destination;
    const departure = pick('departureActual') ?? pick('departureEstimated');
    if (departure) c.departureDate = departure;
    const arrival = pick('arrivalEstimated') ?? pick('arrivalActual');
    if (arrival) c.estimatedArrivalDate = arrival;
    c.source = {
      format: 'cuscar',
      ...(this.file !== undefined ? { file: this.file } : {}),
      segment: seg.index,
      line: seg.line,
      byteOffset: seg.byteOffset,
      ...(this.interchange ? { interchangeRef: this.interchange.ref } : {}),
      messageRef: this.message!.ref,
      ...((d.documentDate ?? this.message!.documentDate) ? { documentDate: (d.documentDate ?? this.message!.documentDate)! } : {}),
    };
    return { consignment: normalizeConsignment(c), problems, position };
  }
}

export interface CuscarParseOptions extends ParseOptions {
  /** Longest accepted segment in bytes (default 1 MiB). */
  maxSegmentBytes?: number;
}

/** Parse a UN/EDIFACT CUSCAR stream, one result per CNI consignment (plus envelope problems). Never throws. */
export async function* parseCuscar(source: ByteSource, options: CuscarParseOptions = {}): AsyncGenerator<ParseResult> {
  const tokenizer = new EdifactTokenizer(options.maxSegmentBytes ?? 1024 * 1024);
  const mapper = new CuscarMapper(options.file, options.maxItems ?? DEFAULT_MAX_ITEMS);
  const out: ParseResult[] = [];
  const emit = (e: TokenEvent) => mapper.onEvent(e, out);
  let offset = 0;
  try {
    for await (const chunk of byteChunks(source)) {
      tokenizer.write(chunk, emit);
      offset += chunk.length;
      if (out.length > 0) {
        const batch = out.splice(0, out.length);
        for (const r of batch) yield r;
      }
    }
  } catch (err) {
    out.push({
      problems: [problem({ code: 'READ_ERROR', message: `reading the input failed: ${err instanceof Error ? err.message : String(err)}`, ...(options.file !== undefined ? { file: options.file } : {}) })],
      position: { byteOffset: offset },
    });
  }
  tokenizer.end(emit);
  mapper.end(out);
  for (const r of out) yield r;
}
