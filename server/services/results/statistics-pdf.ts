/**
 * The statistics dashboard as a PDF (pdfkit, server side): filters, KPIs, then each table. Labels in English
 * or Russian; DejaVu Sans is used when the system has it (Cyrillic), else the built-in Helvetica (Latin only,
 * so the Russian report falls back to English labels).
 */
import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import { COMMODITIES, DETECTION_LABELS, type Label } from '../../engine/results/taxonomy.ts';
import type { Dashboard } from './statistics.service.ts';

const FONT_DIRS = ['/usr/share/fonts/truetype/dejavu', '/usr/share/fonts/dejavu', '/usr/local/share/fonts/dejavu'];

function findFonts(): { regular: string; bold: string } | null {
  for (const dir of FONT_DIRS) {
    const regular = `${dir}/DejaVuSans.ttf`;
    const bold = `${dir}/DejaVuSans-Bold.ttf`;
    if (fs.existsSync(regular) && fs.existsSync(bold)) return { regular, bold };
  }
  return null;
}

const TEXT = {
  en: {
    title: 'IREN network statistics',
    period: 'Period',
    all: 'all',
    country: 'Country',
    commodity: 'Commodity',
    generated: 'Generated',
    kpis: 'Key figures',
    seizures: 'Seizures',
    onShared: 'Made on information shared by another country',
    sharedShare: 'Share of seizures with partner warnings',
    countries: 'Countries with seizures',
    warningsSent: 'Warnings sent',
    warningsAnswered: 'Warnings answered',
    inspections: 'Inspections',
    hitRate: 'Inspection hit rate',
    monthly: 'Seizures by month',
    month: 'Month',
    byCountry: 'Seizures by country',
    byCommodity: 'Seizures by commodity',
    quantity: 'Quantity',
    unit: 'Unit',
    byDetection: 'Seizures by detection method',
    method: 'Detection method',
    routes: 'Routes (origin → destination)',
    origin: 'Origin',
    destination: 'Destination',
    shared: 'On shared information',
    note: 'Aggregates only: no names, no record identifiers, no free text. TLP:RED and TLP:AMBER+STRICT seizures are counted only for readers who may see them.',
  },
  ru: {
    title: 'Статистика сети IREN',
    period: 'Период',
    all: 'все',
    country: 'Страна',
    commodity: 'Товар',
    generated: 'Сформировано',
    kpis: 'Ключевые показатели',
    seizures: 'Изъятия',
    onShared: 'По информации другой страны',
    sharedShare: 'Доля изъятий по предупреждениям партнёров',
    countries: 'Стран с изъятиями',
    warningsSent: 'Отправлено предупреждений',
    warningsAnswered: 'Предупреждений с ответом',
    inspections: 'Досмотры',
    hitRate: 'Результативность досмотров',
    monthly: 'Изъятия по месяцам',
    month: 'Месяц',
    byCountry: 'Изъятия по странам',
    byCommodity: 'Изъятия по товарам',
    quantity: 'Количество',
    unit: 'Ед.',
    byDetection: 'Изъятия по способу выявления',
    method: 'Способ выявления',
    routes: 'Маршруты (откуда → куда)',
    origin: 'Откуда',
    destination: 'Куда',
    shared: 'По обмену информацией',
    note: 'Только агрегаты: без имён, идентификаторов записей и свободного текста. Изъятия TLP:RED и TLP:AMBER+STRICT учитываются только для тех, кому они доступны.',
  },
} as const;

export type ReportLanguage = keyof typeof TEXT;

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);
const num = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(2));

export async function statisticsPdf(d: Dashboard, lang: ReportLanguage, countryName: (iso: string) => string): Promise<Buffer> {
  const fonts = findFonts();
  const language: ReportLanguage = fonts ? lang : 'en';
  const t = TEXT[language];
  const label = (l: Label | undefined, fallback: string) => (l ? l[language] : fallback);
  const commodityLabel = (code: string) => label(COMMODITIES.find((c) => c.code === code)?.label, code);
  const detectionLabel = (code: string) => label(DETECTION_LABELS[code as keyof typeof DETECTION_LABELS], code);

  const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: t.title, Creator: 'iren' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  if (fonts) {
    doc.registerFont('body', fonts.regular);
    doc.registerFont('bold', fonts.bold);
  } else {
    doc.registerFont('body', 'Helvetica');
    doc.registerFont('bold', 'Helvetica-Bold');
  }
  const width = doc.page.width - 96;

  doc.font('bold').fontSize(18).text(t.title);
  doc.moveDown(0.3);
  const f = d.filters;
  doc.font('body').fontSize(10).fillColor('#444');
  doc.text(`${t.period}: ${f.from ?? '…'} – ${f.to ?? '…'}    ${t.country}: ${f.country ? countryName(f.country) : t.all}    ${t.commodity}: ${f.commodity ? commodityLabel(f.commodity) : t.all}`);
  doc.text(`${t.generated}: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`);
  doc.fillColor('#000');

  const heading = (text: string) => {
    if (doc.y > doc.page.height - 140) doc.addPage();
    doc.moveDown(0.8);
    doc.font('bold').fontSize(13).text(text);
    doc.moveDown(0.3);
  };
  const table = (head: string[], body: string[][], widths: number[]) => {
    const cols = widths.map((w) => (w * width) / widths.reduce((a, b) => a + b, 0));
    const row = (cells: string[], bold: boolean) => {
      if (doc.y > doc.page.height - 70) doc.addPage();
      const y = doc.y;
      let x = 48;
      doc.font(bold ? 'bold' : 'body').fontSize(9.5);
      let h = 0;
      cells.forEach((c, i) => {
        const align = i > 0 && /^[\d.,\s%—]+$/.test(c) ? 'right' : 'left';
        doc.text(c, x, y, { width: cols[i]! - 6, align });
        h = Math.max(h, doc.y - y);
        x += cols[i]!;
      });
      doc.x = 48;
      doc.y = y + h + 3;
    };
    row(head, true);
    doc.moveTo(48, doc.y - 1).lineTo(48 + width, doc.y - 1).strokeColor('#999').lineWidth(0.5).stroke();
    for (const r of body) row(r, false);
  };

  heading(t.kpis);
  const k = d.kpis;
  table(
    ['', ''],
    [
      [t.seizures, String(k.seizures)],
      [t.onShared, String(k.onSharedInformation)],
      [t.sharedShare, pct(k.sharedShare)],
      [t.countries, String(k.countries)],
      [t.warningsSent, String(k.warningsSent)],
      [t.warningsAnswered, `${k.warningsAnswered} (${pct(k.answerRate)})`],
      [t.inspections, String(k.inspections)],
      [t.hitRate, pct(k.hitRate)],
    ],
    [3, 1],
  );

  heading(t.monthly);
  table([t.month, t.seizures, t.shared], d.monthly.map((m) => [m.month, String(m.seizures), String(m.onSharedInformation)]), [2, 1, 1]);
  heading(t.byCountry);
  table([t.country, t.seizures, t.shared], d.byCountry.map((c) => [`${countryName(c.country)} (${c.country})`, String(c.seizures), String(c.onSharedInformation)]), [2, 1, 1]);
  heading(t.byCommodity);
  table([t.commodity, t.seizures, t.quantity, t.unit], d.byCommodity.map((c) => [commodityLabel(c.commodity), String(c.seizures), num(c.quantity), c.unit]), [3, 1, 1.4, 1]);
  heading(t.byDetection);
  table([t.method, t.seizures], d.byDetection.map((x) => [detectionLabel(x.detectionMethod), String(x.seizures)]), [3, 1]);
  heading(t.routes);
  table([t.origin, t.destination, t.seizures, t.shared], d.routes.map((r) => [countryName(r.origin), countryName(r.destination), String(r.seizures), String(r.onSharedInformation)]), [2, 2, 1, 1]);

  doc.moveDown(1);
  doc.font('body').fontSize(8).fillColor('#666').text(t.note, 48, doc.y, { width });
  doc.end();
  return done;
}
