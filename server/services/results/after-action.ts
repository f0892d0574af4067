/**
 * The after-action report of a joint operation, computed in SQL from what the participants recorded:
 *  - screened: consignments of participating units (current versions) with a risk assessment, arriving within
 *    the period (arrival day; the assessment day when the record has none);
 *  - selected: those with a 'target' decision; inspected: those with at least one inspection;
 *    hit rate: inspected consignments with an irregularity or seizure ÷ inspected consignments;
 *  - warnings sent to the operation's group, answered (feedback from a receiving unit), response time from
 *    sending to the first feedback (median and maximum, hours);
 *  - the operation's seizures by commodity (quantities in base units) and by country, and those made on
 *    shared information — with the statistics rule: TLP:RED / AMBER+STRICT seizures count only for viewers
 *    who may see them (policies/seizure.policy.ts);
 *  - the participants' own daily report totals, beside the computed figures.
 * Only aggregates: observers of a participating country get the same figures.
 */
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../db/client.ts';
import type { Actor } from '../../auth/actor.ts';
import { record, type AuditContext } from '../../audit/audit.service.ts';
import { aggregatedSeizuresWhere } from '../../policies/seizure.policy.ts';
import { operationView, participatingUnitsSql } from '../../policies/operation.policy.ts';
import { BASE_QUANTITY_SQL, BASE_UNIT_SQL, commodityByCode } from '../../engine/results/taxonomy.ts';
import { loadOperation, participatingCountries } from './operations.service.ts';
import { finishPdf, fmtNumber, fmtPercent, heading, keyFigures, paragraph, startPdf, table } from './pdf.ts';

export interface AfterActionReport {
  operation: { id: string; code: string | null; name: string; coordinatingCountry: string; startsOn: string; endsOn: string; state: string; countries: string[]; coordinatingUnitCode: string | null };
  cargo: { screened: number; selected: number; inspected: number; positive: number; hitRate: number | null };
  warnings: { exchanged: number; answered: number; medianResponseHours: number | null; maxResponseHours: number | null };
  seizures: {
    total: number;
    onSharedInformation: number;
    byCommodity: { commodity: string; seizures: number; quantity: number; unit: string }[];
    byCountry: { country: string; seizures: number; onSharedInformation: number }[];
  };
  reported: { reports: number; screened: number; selected: number; inspected: number };
  generatedAt: string;
}

const hours = (seconds: number | null) => (seconds === null ? null : Math.round((seconds / 3600) * 10) / 10);

export async function afterActionReport(db: Db, actor: Actor, id: string): Promise<AfterActionReport> {
  const op = await loadOperation(db, actor, id);
  const full = operationView(actor) === 'full';
  const [cargo] = await rows<{ screened: number; selected: number; inspected: number; positive: number }>(
    db,
    sql`WITH pop AS (
          SELECT c.id FROM consignments c JOIN risk_assessments ra ON ra.consignment_id = c.id
          WHERE c.is_current AND c.unit_id IN ${participatingUnitsSql(op.id)}
            AND coalesce(c.arrival_day, to_char(ra.assessed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')) BETWEEN ${op.startsOn} AND ${op.endsOn})
        SELECT (SELECT count(*) FROM pop)::int AS screened,
               (SELECT count(*) FROM targeting_decisions d JOIN pop ON pop.id = d.consignment_id WHERE d.decision = 'target')::int AS selected,
               (SELECT count(DISTINCT i.consignment_id) FROM inspections i JOIN pop ON pop.id = i.consignment_id)::int AS inspected,
               (SELECT count(DISTINCT i.consignment_id) FROM inspections i JOIN pop ON pop.id = i.consignment_id
                 WHERE i.outcome IN ('irregularity', 'seizure'))::int AS positive`,
  );
  const [warnings] = await rows<{ exchanged: number; answered: number; median: number | null; max: number | null }>(
    db,
    sql`WITH gw AS (SELECT w.id, w.sent_at, w.sender_unit_id FROM warnings w WHERE w.group_id = ${op.groupId} AND w.state = 'sent' AND w.sent_at IS NOT NULL),
             answered AS (
               SELECT gw.id, extract(epoch FROM min(f.created_at) - gw.sent_at)::float8 AS seconds
               FROM gw JOIN warning_feedback f ON f.warning_id = gw.id AND f.unit_id <> gw.sender_unit_id
               GROUP BY gw.id, gw.sent_at)
        SELECT (SELECT count(*) FROM gw)::int AS exchanged, (SELECT count(*) FROM answered)::int AS answered,
               (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) FROM answered)::float8 AS median,
               (SELECT max(seconds) FROM answered)::float8 AS max`,
  );
  const counted = sql`s.operation_id = ${op.id} AND ${aggregatedSeizuresWhere(actor, 's')}`;
  const [seizureTotals] = await rows<{ total: number; shared: number }>(
    db,
    sql`SELECT count(*)::int AS total, (count(*) FILTER (WHERE s.on_shared_information))::int AS shared FROM seizures s WHERE ${counted}`,
  );
  const byCommodity = await rows<{ commodity: string; seizures: number; quantity: number; unit: string }>(
    db,
    sql`SELECT i.commodity, count(DISTINCT s.id)::int AS seizures, sum(${sql.raw(BASE_QUANTITY_SQL)})::float8 AS quantity, ${sql.raw(BASE_UNIT_SQL)} AS unit
        FROM seizures s JOIN seizure_items i ON i.seizure_id = s.id WHERE ${counted}
        GROUP BY i.commodity, ${sql.raw(BASE_UNIT_SQL)} ORDER BY 2 DESC, 1, 4`,
  );
  const byCountry = await rows<{ country: string; seizures: number; onSharedInformation: number }>(
    db,
    sql`SELECT s.country, count(*)::int AS seizures, (count(*) FILTER (WHERE s.on_shared_information))::int AS "onSharedInformation"
        FROM seizures s WHERE ${counted} GROUP BY s.country ORDER BY 2 DESC, 1`,
  );
  const [reported] = await rows<{ reports: number; screened: number; selected: number; inspected: number }>(
    db,
    sql`SELECT count(*)::int AS reports, coalesce(sum(screened), 0)::int AS screened, coalesce(sum(selected), 0)::int AS selected, coalesce(sum(inspected), 0)::int AS inspected
        FROM operation_reports WHERE operation_id = ${op.id}`,
  );
  const [coordinating] = full ? await rows<{ code: string }>(db, sql`SELECT code FROM units WHERE id = ${op.coordinatingUnitId}`) : [];
  const c = cargo!;
  return {
    operation: { id: op.id, code: full ? op.code : null, name: op.name, coordinatingCountry: op.coordinatingCountry, startsOn: op.startsOn, endsOn: op.endsOn, state: op.state, countries: await participatingCountries(db, op), coordinatingUnitCode: coordinating?.code ?? null },
    cargo: { ...c, hitRate: c.inspected ? Math.round((c.positive / c.inspected) * 10_000) / 10_000 : null },
    warnings: { exchanged: warnings!.exchanged, answered: warnings!.answered, medianResponseHours: hours(warnings!.median), maxResponseHours: hours(warnings!.max) },
    seizures: { total: seizureTotals!.total, onSharedInformation: seizureTotals!.shared, byCommodity: byCommodity.map((r) => ({ ...r, quantity: Math.round(r.quantity * 1000) / 1000 })), byCountry },
    reported: reported!,
    generatedAt: new Date().toISOString(),
  };
}

export type ReportLanguage = 'en' | 'ru';

const LABELS = {
  en: {
    title: 'After-action report',
    period: 'Period',
    coordinating: 'Coordinating unit',
    countries: 'Participating countries',
    state: 'State',
    generated: 'Generated',
    cargo: 'Cargo',
    screened: 'Consignments screened',
    selected: 'Selected',
    inspected: 'Inspected',
    hitRate: 'Hit rate',
    positive: 'With irregularity or seizure',
    warnings: 'Warnings exchanged in the group',
    exchanged: 'Warnings exchanged',
    answered: 'Answered',
    median: 'Median response (h)',
    max: 'Longest response (h)',
    seizures: 'Seizures',
    total: 'Seizures',
    shared: 'On shared information',
    byCommodity: 'Seizures by commodity',
    byCountry: 'Seizures by country',
    commodity: 'Commodity',
    quantity: 'Quantity',
    country: 'Country',
    none: 'No seizures recorded for the operation.',
    reported: 'Daily reports by participants',
    reports: 'Reports filed',
    note: 'Figures are computed from the records of participating units; daily report totals are what the participants reported.',
  },
  ru: {
    title: 'Итоговый отчёт операции',
    period: 'Период',
    coordinating: 'Координирующее подразделение',
    countries: 'Страны-участницы',
    state: 'Состояние',
    generated: 'Сформирован',
    cargo: 'Грузы',
    screened: 'Проверено партий',
    selected: 'Отобрано',
    inspected: 'Досмотрено',
    hitRate: 'Результативность',
    positive: 'С нарушением или изъятием',
    warnings: 'Предупреждения в группе',
    exchanged: 'Направлено предупреждений',
    answered: 'С ответом',
    median: 'Медиана ответа (ч)',
    max: 'Самый долгий ответ (ч)',
    seizures: 'Изъятия',
    total: 'Изъятий',
    shared: 'По переданной информации',
    byCommodity: 'Изъятия по товарам',
    byCountry: 'Изъятия по странам',
    commodity: 'Товар',
    quantity: 'Количество',
    country: 'Страна',
    none: 'Изъятий по операции не зарегистрировано.',
    reported: 'Ежедневные отчёты участников',
    reports: 'Отчётов подано',
    note: 'Показатели рассчитаны по записям подразделений-участников; итоги ежедневных отчётов — данные самих участников.',
  },
} satisfies Record<ReportLanguage, Record<string, string>>;

export async function afterActionPdf(db: Db, actor: Actor, ctx: AuditContext, id: string, lang: ReportLanguage = 'en'): Promise<{ report: AfterActionReport; pdf: Buffer }> {
  const report = await afterActionReport(db, actor, id);
  const L = LABELS[lang];
  const o = report.operation;
  const pdf = startPdf({
    title: `${L.title}: ${o.name}`,
    subtitle: o.code ?? undefined,
    meta: [`${L.period}: ${o.startsOn} – ${o.endsOn}`, ...(o.coordinatingUnitCode ? [`${L.coordinating}: ${o.coordinatingUnitCode}`] : []), `${L.countries}: ${o.countries.join(', ')}`, `${L.generated}: ${report.generatedAt.slice(0, 16).replace('T', ' ')} UTC`],
  });
  heading(pdf, L.cargo);
  keyFigures(pdf, [
    { label: L.screened, value: fmtNumber(report.cargo.screened) },
    { label: L.selected, value: fmtNumber(report.cargo.selected) },
    { label: L.inspected, value: fmtNumber(report.cargo.inspected) },
    { label: L.hitRate, value: fmtPercent(report.cargo.hitRate) },
  ]);
  paragraph(pdf, `${L.positive}: ${fmtNumber(report.cargo.positive)}`, { muted: true, size: 9 });
  heading(pdf, L.warnings);
  keyFigures(pdf, [
    { label: L.exchanged, value: fmtNumber(report.warnings.exchanged) },
    { label: L.answered, value: fmtNumber(report.warnings.answered) },
    { label: L.median, value: fmtNumber(report.warnings.medianResponseHours, 1) },
    { label: L.max, value: fmtNumber(report.warnings.maxResponseHours, 1) },
  ]);
  heading(pdf, L.seizures);
  keyFigures(pdf, [
    { label: L.total, value: fmtNumber(report.seizures.total) },
    { label: L.shared, value: fmtNumber(report.seizures.onSharedInformation) },
  ]);
  heading(pdf, L.byCommodity);
  table(pdf, {
    columns: [{ header: L.commodity, width: 3 }, { header: L.total, width: 1, align: 'right' }, { header: L.quantity, width: 2, align: 'right' }],
    rows: report.seizures.byCommodity.map((r) => [commodityByCode.get(r.commodity)?.label[lang] ?? r.commodity, fmtNumber(r.seizures), `${fmtNumber(r.quantity, r.quantity % 1 ? 3 : 0)} ${r.unit}`]),
    empty: L.none,
  });
  heading(pdf, L.byCountry);
  table(pdf, {
    columns: [{ header: L.country, width: 3 }, { header: L.total, width: 1, align: 'right' }, { header: L.shared, width: 2, align: 'right' }],
    rows: report.seizures.byCountry.map((r) => [r.country, fmtNumber(r.seizures), fmtNumber(r.onSharedInformation)]),
    empty: L.none,
  });
  heading(pdf, L.reported);
  keyFigures(pdf, [
    { label: L.reports, value: fmtNumber(report.reported.reports) },
    { label: L.screened, value: fmtNumber(report.reported.screened) },
    { label: L.selected, value: fmtNumber(report.reported.selected) },
    { label: L.inspected, value: fmtNumber(report.reported.inspected) },
  ]);
  paragraph(pdf, L.note, { muted: true, size: 8 });
  const bytes = await finishPdf(pdf, o.code ?? o.name);
  await db.transaction(async (tx) => {
    await record(tx, ctx, { type: 'operation.report_exported', data: { operationId: id, format: 'pdf' } }, { country: o.coordinatingCountry, entityType: 'operation', entityId: id });
  });
  return { report, pdf: bytes };
}
