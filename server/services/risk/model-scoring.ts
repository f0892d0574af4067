/**
 * The learned model as one component of the risk score. A consignment is scored by its country's active
 * model, else by the active network model; the model's probability p weighs MODEL_WEIGHT·p in the score
 * (so it never outweighs a profile or a watchlist hit, but breaks ties among consignments nothing else
 * touches) and comes with its strongest contributions (Saabas) put in plain words: each feature maps to
 * a sentence template (i18n key `model.explain.<key>` with parameters), e.g.
 *   { key: 'history.consignee', params: { positives: 7, count: 9 } } → "consignee's earlier inspections: 7 of 9 positive".
 *
 * Active models are loaded once per process and kept until the set of active versions changes (one small
 * query per scoring batch compares the ids).
 */
import { sql } from 'drizzle-orm';
import { rows, type DbOrTx } from '../../db/client.ts';
import { explainRow, sigmoid } from '../../engine/model/forest.ts';
import { encodingsView, groupKey, IREN_KEY_GROUPS, logMeasure, usualMeasure, type IrenEncodings, type IrenKeyGroup, type IrenNorm } from '../../engine/model/formats/iren-features.ts';
import { irenFormat } from '../../engine/model/formats/iren.ts';
import { selectIrenRecords, type IrenRecords } from '../../engine/model/formats/iren-records.ts';
import { parseModel, type LoadedModel } from '../../engine/model/model-file.ts';
import { loadScoringRecords } from './model-data.ts';

/** Score weight of a model probability of 1. */
export const MODEL_WEIGHT = 30;
/** Contributions shown with a model reason. */
const SHOWN_CONTRIBUTIONS = 3;

export interface ModelContribution {
  /** What the sentence is about: a key group (consignee, hs4…) or a measure (value_per_kg…). */
  feature: string;
  /** Sentence template under `model.explain.` in the UI's strings. */
  key: string;
  params: Record<string, string | number>;
  /** Share of the log-odds (positive = raises the risk). */
  contribution: number;
}

export interface ModelReason {
  kind: 'model';
  modelId: string;
  version: number;
  country: string | null;
  probability: number;
  weight: number;
  contributions: ModelContribution[];
}

interface ActiveModel {
  id: string;
  country: string | null;
  version: number;
  loaded: LoadedModel;
  encodings: IrenEncodings;
}

let cache: { signature: string; models: ActiveModel[] } = { signature: '', models: [] };

/** Active model versions, loaded once and reloaded when another version becomes active. */
export async function activeModels(db: DbOrTx): Promise<ActiveModel[]> {
  const heads = await rows<{ id: string; country: string | null; version: number }>(db, sql`SELECT id, country, version FROM model_versions WHERE state = 'active' ORDER BY id`);
  const signature = heads.map((h) => h.id).join(',');
  if (signature === cache.signature) return cache.models;
  const models: ActiveModel[] = [];
  for (const h of heads) {
    const known = cache.models.find((m) => m.id === h.id);
    if (known) {
      models.push(known);
      continue;
    }
    const [row] = await rows<{ model: unknown }>(db, sql`SELECT model FROM model_versions WHERE id = ${h.id}`);
    try {
      const loaded = parseModel(row!.model, `model version ${h.version}`);
      models.push({ ...h, loaded, encodings: irenFormat.parseEncodings(loaded.model.encodings) });
    } catch {
      // A version that does not load (written by another build) cannot score; the others still do.
    }
  }
  cache = { signature, models };
  return models;
}

/** Model reasons for these consignments (none when no model is active). */
export async function modelReasons(db: DbOrTx, ids: string[]): Promise<Map<string, ModelReason>> {
  const out = new Map<string, ModelReason>();
  const models = await activeModels(db);
  if (models.length === 0 || ids.length === 0) return out;
  const records = await loadScoringRecords(db, ids);
  const byModel = new Map<ActiveModel, number[]>();
  for (let i = 0; i < records.rowCount; i++) {
    const model = models.find((m) => m.country === records.text.country[i]) ?? models.find((m) => m.country === null);
    if (!model) continue;
    let list = byModel.get(model);
    if (!list) byModel.set(model, (list = []));
    list.push(i);
  }
  const places = await placeNames(db, records);
  for (const [model, rowsOf] of byModel) {
    const part = selectIrenRecords(records, rowsOf);
    const matrix = irenFormat.transform(part, model.encodings);
    for (let i = 0; i < part.rowCount; i++) {
      const { contributions, margin } = explainRow(model.loaded.forest, matrix, i);
      const probability = sigmoid(margin);
      out.set(part.ids[i]!, {
        kind: 'model',
        modelId: model.id,
        version: model.version,
        country: model.country,
        probability: Math.round(probability * 10_000) / 10_000,
        weight: Math.round(MODEL_WEIGHT * probability * 100) / 100,
        contributions: describe(part, i, model.encodings, matrix.features.map((f) => f.name), contributions, places),
      });
    }
  }
  return out;
}

/** The feature a column belongs to, for the sentence: consignee_rate → consignee, log_value_per_kg → value_per_kg. */
export function featureSource(column: string): string {
  for (const g of IREN_KEY_GROUPS) {
    if (column === `${g.name}_count` || column === `${g.name}_rate` || column === `${g.name}_days_known` || column === `${g.name}_code`) return g.name;
  }
  const m = /^(?:log_)?(value_per_kg|gross_per_package)(?:_deviation)?$/.exec(column);
  return m ? m[1]! : column;
}

const PLACE_GROUPS: Partial<Record<IrenKeyGroup, 'loading' | 'transshipment'>> = { loading: 'loading', transshipment: 'transshipment' };

function describe(records: IrenRecords, i: number, encodings: IrenEncodings, columns: string[], contributions: Float64Array, places: Map<string, string>): ModelContribution[] {
  const bySource = new Map<string, number>();
  columns.forEach((c, f) => bySource.set(featureSource(c), (bySource.get(featureSource(c)) ?? 0) + contributions[f]!));
  const view = encodingsView(encodings);
  const place = (code: string) => places.get(code) ?? code;
  const top = [...bySource.entries()].filter(([, v]) => Math.abs(v) > 1e-6).sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]));
  const out: ModelContribution[] = [];
  for (const [source, contribution] of top) {
    const sentence = sentenceFor(source);
    if (sentence) out.push({ feature: source, ...sentence, contribution: Math.round(contribution * 1000) / 1000 });
    if (out.length === SHOWN_CONTRIBUTIONS) break;
  }
  return out;

  function sentenceFor(source: string): { key: string; params: Record<string, string | number> } | null {
    const group = IREN_KEY_GROUPS.find((g) => g.name === source);
    if (group) {
      const key = groupKey(records, group.parts, i);
      if (key === null) return null;
      const s = view.group(group.name, key);
      const t = records.text;
      const params: Record<string, string | number> = { positives: s?.positives ?? 0, count: s?.count ?? 0 };
      const placeGroup = PLACE_GROUPS[group.name];
      if (placeGroup) Object.assign(params, { code: t[placeGroup][i]!, place: place(t[placeGroup][i]!) });
      if (group.name === 'hs2') params.hs = t.hs2[i]!;
      if (group.name === 'hs4' || group.name === 'hs4_origin') params.hs = t.hs4[i]!;
      if (group.name === 'hs4_origin' || group.name === 'origin') params.country = t.origin[i]!;
      if (group.name === 'loading_country') params.country = t.loadingCountry[i]!;
      if (group.name === 'carrier') params.carrier = t.carrier[i]!;
      if (group.name === 'route') params.route = [t.loading[i], t.transshipment[i], t.discharge[i]].filter(Boolean).join(' → ');
      const name = group.name === 'hs2' ? 'hs' : group.name === 'hs4' ? 'hs' : group.name;
      return { key: `${s && s.count > 0 ? 'history' : 'new'}.${name}`, params };
    }
    if (source === 'value_per_kg' || source === 'gross_per_package') {
      const m = source as IrenNorm;
      const x = logMeasure(records, m, i);
      if (Number.isNaN(x)) return { key: `${m}.missing`, params: {} };
      const usual = usualMeasure(view, records, m, i);
      const value = round2(Math.exp(x));
      if (!usual) return { key: `${m}.noHistory`, params: { value } };
      const z = (x - usual.mean) / usual.scale;
      const level = z <= -2 ? 'farBelow' : z <= -1 ? 'below' : z >= 2 ? 'farAbove' : z >= 1 ? 'above' : 'usual';
      return { key: `${m}.${level}`, params: { value, usual: round2(Math.exp(usual.mean)), hs: usual.level === 'all' ? '' : usual.key, rows: usual.count } };
    }
    const n = records.numbers;
    switch (source) {
      case 'quality_score':
        return { key: 'qualityScore', params: { score: n.qualityScore[i]! } };
      case 'goods_items':
        return { key: 'goodsItems', params: { count: n.goodsItems[i]! } };
      case 'containers':
        return { key: 'containers', params: { count: n.containers[i]! } };
      case 'transshipments':
        return { key: 'transshipments', params: { count: n.transshipments[i]! } };
      case 'mode':
        return { key: 'mode', params: { mode: records.text.mode[i]! } };
      default:
        return null;
    }
  }
}

function round2(x: number): number {
  return x >= 100 ? Math.round(x) : Math.round(x * 100) / 100;
}

async function placeNames(db: DbOrTx, records: IrenRecords): Promise<Map<string, string>> {
  const codes = [...new Set([...records.text.loading, ...records.text.transshipment].filter((c) => c.length === 5))];
  if (codes.length === 0) return new Map();
  const found = await rows<{ unlocode: string; name: string }>(db, sql`SELECT unlocode, name FROM locations WHERE unlocode IN (SELECT jsonb_array_elements_text(${JSON.stringify(codes)}::jsonb))`);
  return new Map(found.map((r) => [r.unlocode, r.name]));
}

/**
 * Replaces only the model component of stored assessments (after a model is activated, when nothing
 * else changed): the score is a noisy-or, so the old model weight is divided out and the new one
 * multiplied in. The full re-score (risk.rescore) gives the same result, slower.
 */
export async function refreshModelReasons(db: DbOrTx, ids: string[]): Promise<number> {
  let updated = 0;
  for (let start = 0; start < ids.length; start += 500) {
    const chunk = ids.slice(start, start + 500);
    const learned = await modelReasons(db, chunk);
    const current = await rows<{ consignment_id: string; score: number; reasons: { kind: string; weight: number }[] }>(
      db,
      sql`SELECT consignment_id, score, reasons FROM risk_assessments WHERE consignment_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(chunk)}::jsonb)::uuid)`,
    );
    const changes = current.map((a) => {
      const others = a.reasons.filter((r) => r.kind !== 'model');
      const previous = a.reasons.find((r) => r.kind === 'model')?.weight ?? 0;
      const fresh = learned.get(a.consignment_id);
      const miss = ((1 - a.score / 100) / (1 - previous / 100)) * (1 - (fresh?.weight ?? 0) / 100);
      const reasons = [...others, ...(fresh ? [fresh] : [])].sort((x, y) => y.weight - x.weight);
      return { id: a.consignment_id, score: Math.round(100 * (1 - miss) * 1000) / 1000, reasons };
    });
    if (changes.length) {
      await db.execute(sql`UPDATE risk_assessments a SET score = u.score, reasons = u.reasons, assessed_at = now()
        FROM jsonb_to_recordset(${JSON.stringify(changes)}::jsonb) AS u(id uuid, score float8, reasons jsonb)
        WHERE a.consignment_id = u.id`);
    }
    updated += changes.length;
  }
  return updated;
}
