/**
 * Data-quality score of a seizure record (0–100) with the list of what lowers it, so the author sees it before
 * saving. The two forms follow the WCO practice: `minimal` (the simplified form) asks for when, where, what and
 * how it was found; `full` also for the route, the means of transport, the concealment, the value and a
 * summary. A record may be saved with gaps — the score says how usable it is for analysis.
 *
 *   seizureQuality({ form: 'minimal', seizureDate: '2026-03-02', placeLocode: 'PKKHI',
 *                    items: [{ commodity: 'heroin', quantity: 12, unit: 'kg' }] })
 *   → { score: 65, issues: [{ code: 'missing_mandatory', field: 'detectionMethod', … },
 *                           { code: 'missing_recommended', field: 'concealment', … }, …] }
 */
import { commodityByCode } from './taxonomy.ts';

export type SeizureForm = 'minimal' | 'full';

export interface SeizureDraft {
  form: SeizureForm;
  seizureDate?: string | null;
  placeLocode?: string | null;
  transportMode?: string | null;
  concealment?: string | null;
  detectionMethod?: string | null;
  routeOrigin?: string | null;
  routeDestination?: string | null;
  estimatedValue?: number | null;
  currency?: string | null;
  summary?: string | null;
  consignmentId?: string | null;
  containerNumber?: string | null;
  inspectionId?: string | null;
  items?: { commodity: string; description?: string | null; quantity: number; unit: string }[];
}

export type QualityIssueCode = 'missing_mandatory' | 'missing_recommended' | 'vague_commodity';

export interface QualityIssue {
  code: QualityIssueCode;
  /** The draft field concerned; items are `items.0`, `items.1`… */
  field: string;
  penalty: number;
  message: string;
}

export interface QualityResult {
  score: number;
  issues: QualityIssue[];
}

type Field = 'seizureDate' | 'placeLocode' | 'items' | 'detectionMethod' | 'concealment' | 'transportMode' | 'routeOrigin' | 'routeDestination' | 'estimatedValue' | 'summary' | 'cargoLink';

const FIELD_NAMES: Record<Field, string> = {
  seizureDate: 'date of the seizure',
  placeLocode: 'place (UN/LOCODE)',
  items: 'what was seized (at least one item)',
  detectionMethod: 'detection method',
  concealment: 'concealment method',
  transportMode: 'means of transport',
  routeOrigin: 'route origin',
  routeDestination: 'route destination',
  estimatedValue: 'estimated value with currency',
  summary: 'summary of the case',
  cargoLink: 'linked consignment, container or inspection',
};

/** Mandatory and recommended fields per form. */
export const FORM_FIELDS: Record<SeizureForm, { mandatory: readonly Field[]; recommended: readonly Field[] }> = {
  minimal: {
    mandatory: ['seizureDate', 'placeLocode', 'items', 'detectionMethod'],
    recommended: ['concealment', 'transportMode', 'routeOrigin', 'routeDestination'],
  },
  full: {
    mandatory: ['seizureDate', 'placeLocode', 'items', 'detectionMethod', 'concealment', 'transportMode', 'routeOrigin', 'routeDestination', 'estimatedValue', 'summary'],
    recommended: ['cargoLink'],
  },
};

export const PENALTY = { missing_mandatory: 15, missing_recommended: 5, vague_commodity: 10 } as const satisfies Record<QualityIssueCode, number>;

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

function present(d: SeizureDraft, f: Field): boolean {
  switch (f) {
    case 'items':
      return (d.items?.length ?? 0) > 0;
    case 'estimatedValue':
      return !blank(d.estimatedValue) && !blank(d.currency);
    case 'cargoLink':
      return !blank(d.consignmentId) || !blank(d.containerNumber) || !blank(d.inspectionId);
    case 'seizureDate':
    case 'placeLocode':
    case 'detectionMethod':
    case 'concealment':
    case 'transportMode':
    case 'routeOrigin':
    case 'routeDestination':
    case 'summary':
      return !blank(d[f]);
  }
}

export function seizureQuality(draft: SeizureDraft): QualityResult {
  const issues: QualityIssue[] = [];
  const fields = FORM_FIELDS[draft.form];
  for (const f of fields.mandatory) {
    if (!present(draft, f)) issues.push({ code: 'missing_mandatory', field: f, penalty: PENALTY.missing_mandatory, message: `Missing ${FIELD_NAMES[f]} (mandatory in the ${draft.form} form)` });
  }
  for (const f of fields.recommended) {
    if (!present(draft, f)) issues.push({ code: 'missing_recommended', field: f, penalty: PENALTY.missing_recommended, message: `No ${FIELD_NAMES[f]}` });
  }
  for (const [i, item] of (draft.items ?? []).entries()) {
    if (commodityByCode.get(item.commodity)?.vague && blank(item.description)) {
      issues.push({ code: 'vague_commodity', field: `items.${i}`, penalty: PENALTY.vague_commodity, message: `Item ${i + 1}: "${item.commodity}" needs a description of what it is` });
    }
  }
  const score = Math.max(0, 100 - issues.reduce((s, x) => s + x.penalty, 0));
  return { score, issues };
}

/** Issues as stored with the record (`code:field`). */
export function issueKeys(result: QualityResult): string[] {
  return result.issues.map((i) => `${i.code}:${i.field}`);
}
