/**
 * Company legal forms in the languages met at the target customs posts,
 * mapped to a canonical code and a family. They are removed from the name
 * tokens and kept as a feature: two names with incompatible families
 * ("… LLC" vs "… JSC") get a small penalty, a missing form gets none.
 */

export type LegalFamily = 'limited' | 'stock' | 'partnership' | 'sole' | 'state' | 'coop' | 'generic';

export interface LegalFormDef {
  code: string;
  family: LegalFamily;
  /** Phrases, lower case, words separated by one space, punctuation removed, dots of abbreviations joined. */
  forms: string[];
  /** Short forms only recognised at the start or end of a name (they may be name words elsewhere). */
  edgeOnly?: string[];
}

export const LEGAL_FORMS: LegalFormDef[] = [
  {
    code: 'LLC',
    family: 'limited',
    forms: [
      'llc', 'limited liability company', 'limited liability co', 'ooo', 'ооо', 'общество с ограниченной ответственностью',
      'тов', 'tov', 'товариство з обмеженою відповідальністю', 'tovarystvo z obmezhenoiu vidpovidalnistiu',
      'mchj', 'мчж', 'masuliyati cheklangan jamiyat', 'масъулияти чекланган жамият', 'mas uliyati cheklangan jamiyati',
      'mmc', 'ммс', 'məhdud məsuliyyətli cəmiyyət', 'mehdud mesuliyyetli cemiyyet', 'mahdud masuliyyatli camiyyat',
      'жчк', 'жоопкерчилиги чектелген коом', 'ҷдмм', 'шпс', 'შპს', 'შეზღუდული პასუხისმგებლობის საზოგადოება',
      'shps', 'սպը', 'ذمم', 'شمم', 'با مسئولیت محدود', 'ذات مسؤولية محدودة', 'fzllc', 'fz llc',
    ],
    edgeOnly: ['ооо'],
  },
  {
    code: 'LLP',
    family: 'limited',
    forms: [
      'llp', 'limited liability partnership', 'тоо', 'too', 'товарищество с ограниченной ответственностью', 'жшс',
      'zhshs', 'жауапкершілігі шектеулі серіктестік',
    ],
  },
  { code: 'LTD', family: 'limited', forms: ['ltd', 'limited', 'ltda', 'limitada'] },
  {
    code: 'PVT',
    family: 'limited',
    forms: ['pvt ltd', 'private limited', 'pvt limited', 'private ltd', 'smc private limited', 'smc pvt ltd', 'pvt'],
  },
  { code: 'PTE', family: 'limited', forms: ['pte ltd', 'pte limited', 'pte'] },
  {
    code: 'GMBH',
    family: 'limited',
    forms: [
      'gmbh', 'gesellschaft mit beschrankter haftung', 'mit beschrankter haftung', 'mit beschr haftung', 'gesmbh', 'mbh',
    ],
  },
  { code: 'SARL', family: 'limited', forms: ['sarl', 'societe a responsabilite limitee'] },
  { code: 'SRL', family: 'limited', forms: ['srl', 'societa a responsabilita limitata', 'sro', 'spol sro'] },
  { code: 'SPZOO', family: 'limited', forms: ['sp z oo', 'spzoo', 'spolka z ograniczona odpowiedzialnoscia'] },
  { code: 'BV', family: 'limited', forms: ['bv', 'besloten vennootschap'], edgeOnly: ['bv'] },
  { code: 'DOO', family: 'limited', forms: ['doo', 'дoo'] },
  { code: 'FZE', family: 'limited', forms: ['fze', 'fzco', 'fzc'] },
  {
    code: 'OJSC',
    family: 'stock',
    forms: ['ojsc', 'oao', 'оао', 'open joint stock company', 'открытое акционерное общество', 'բբը', 'asc', 'açıq səhmdar cəmiyyəti', 'aciq sehmdar cemiyyeti'],
  },
  {
    code: 'CJSC',
    family: 'stock',
    forms: ['cjsc', 'zao', 'зао', 'closed joint stock company', 'закрытое акционерное общество', 'փբը', 'qsc', 'qapalı səhmdar cəmiyyəti', 'qapali sehmdar cemiyyeti'],
  },
  {
    code: 'PJSC',
    family: 'stock',
    forms: ['pjsc', 'pao', 'пао', 'public joint stock company', 'публичное акционерное общество', 'пат', 'публічне акціонерне товариство'],
  },
  {
    code: 'PRJSC',
    family: 'stock',
    forms: ['prjsc', 'прат', 'prat', 'private joint stock company', 'приватне акціонерне товариство'],
  },
  {
    code: 'JSC',
    family: 'stock',
    forms: [
      'jsc', 'joint stock company', 'jointstock company', 'акционерное общество', 'акціонерне товариство', 'акционерлік қоғам',
      'aksiyadorlik jamiyati', 'акциядорлик жамияти', 'სს', 'სააქციო საზოგადოება', 'ао', 'ao', 'ат', 'аҚ', 'ақ', 'aj', 'аж',
      'sehmdar cemiyyeti', 'səhmdar cəmiyyəti', 'سهامی خاص', 'سهامی عام', 'شمع',
    ],
    edgeOnly: ['ao', 'ао', 'ат', 'aj', 'аж', 'სს', 'ақ'],
  },
  { code: 'AG', family: 'stock', forms: ['ag', 'aktiengesellschaft'], edgeOnly: ['ag'] },
  {
    code: 'SA',
    family: 'stock',
    forms: ['sa', 'sa de cv', 'sab de cv', 'societe anonyme', 'sociedad anonima', 'spa', 'societa per azioni', 'sas', 'saa'],
    edgeOnly: ['sa', 'spa', 'sas', 'saa'],
  },
  { code: 'NV', family: 'stock', forms: ['nv', 'naamloze vennootschap'], edgeOnly: ['nv'] },
  { code: 'PLC', family: 'stock', forms: ['plc', 'public limited company', 'public limited co', 'psc'] },
  { code: 'AB', family: 'stock', forms: ['ab', 'aktiebolag', 'publ'], edgeOnly: ['ab', 'publ'] },
  { code: 'AS', family: 'stock', forms: ['as', 'asa', 'aktieselskab', 'aksjeselskap', 'oy', 'oyj', 'osakeyhtio'], edgeOnly: ['as', 'asa', 'oy', 'oyj'] },
  { code: 'SE', family: 'stock', forms: ['se', 'societas europaea'], edgeOnly: ['se'] },
  { code: 'INC', family: 'stock', forms: ['inc', 'incorporated'] },
  { code: 'CORP', family: 'stock', forms: ['corp', 'corporation'] },
  { code: 'LP', family: 'partnership', forms: ['lp', 'limited partnership', 'kg', 'kommanditgesellschaft', 'gbr', 'ohg', 'partnership'], edgeOnly: ['lp', 'kg'] },
  {
    code: 'IE',
    family: 'sole',
    forms: [
      'ип', 'ip', 'индивидуальный предприниматель', 'individual entrepreneur', 'sole proprietor', 'sole proprietorship',
      'фоп', 'fop', 'фізична особа підприємець', 'чп', 'частное предприятие', 'xk', 'хк', 'xususiy korxona', 'хусусий корхона', 'yatt', 'ятт',
      'yakka tartibdagi tadbirkor',
    ],
    edgeOnly: ['ип', 'ip', 'чп', 'xk', 'хк', 'yatt'],
  },
  {
    code: 'SOE',
    family: 'state',
    forms: [
      'гуп', 'фгуп', 'state unitary enterprise', 'federal state unitary enterprise', 'государственное унитарное предприятие',
      'дп', 'державне підприємство', 'state enterprise', 'rspe', 'ргп', 'республиканское государственное предприятие',
    ],
    edgeOnly: ['дп'],
  },
  { code: 'COOP', family: 'coop', forms: ['cooperative', 'coop', 'кооператив', 'sps', 'spk'], edgeOnly: ['sps', 'spk'] },
  { code: 'CO', family: 'generic', forms: ['co', 'company', 'компания', 'kompaniya', 'شرکت', 'شركة', 'ширкат', 'shirkat'] },
];

export interface LegalFormHit {
  code: string;
  family: LegalFamily;
  /** The words as written in the name. */
  text: string;
}

interface Entry {
  def: LegalFormDef;
  words: string[];
  edgeOnly: boolean;
}

/** Phrases grouped by first word, longest first. */
const BY_FIRST = new Map<string, Entry[]>();
for (const def of LEGAL_FORMS) {
  const edge = new Set(def.edgeOnly ?? []);
  for (const form of def.forms) {
    const words = form.normalize('NFKC').toLowerCase().split(' ');
    const first = words[0] as string;
    const list = BY_FIRST.get(first) ?? [];
    list.push({ def, words, edgeOnly: edge.has(form) });
    BY_FIRST.set(first, list);
  }
}
for (const list of BY_FIRST.values()) list.sort((a, b) => b.words.length - a.words.length);

/** A word can be looked up by its original lower-case form or its ASCII romanisation. */
export interface FormWord {
  raw: string;
  text: string;
}

function wordIs(w: FormWord | undefined, s: string): boolean {
  return w !== undefined && (w.raw === s || w.text === s);
}

/** Longest legal form phrase starting at `i`, or null. */
export function matchLegalFormAt(words: FormWord[], i: number, atEdge: boolean): { def: LegalFormDef; length: number } | null {
  const w = words[i];
  if (!w) return null;
  const candidates = [...(BY_FIRST.get(w.raw) ?? []), ...(w.text !== w.raw ? (BY_FIRST.get(w.text) ?? []) : [])];
  let best: { def: LegalFormDef; length: number } | null = null;
  for (const e of candidates) {
    if (e.edgeOnly && !atEdge) continue;
    if (best && best.length >= e.words.length) continue;
    let ok = true;
    for (let k = 0; k < e.words.length; k++) {
      if (!wordIs(words[i + k], e.words[k] as string)) {
        ok = false;
        break;
      }
    }
    if (ok) best = { def: e.def, length: e.words.length };
  }
  return best;
}

export function legalFamiliesCompatible(a: LegalFamily, b: LegalFamily): boolean {
  return a === b || a === 'generic' || b === 'generic';
}

export function legalFormByCode(code: string): LegalFormDef | undefined {
  return LEGAL_FORMS.find((d) => d.code === code);
}
