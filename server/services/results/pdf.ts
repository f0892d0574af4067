/**
 * Small pdfkit helpers for the product's reports (after-action report, recommendation follow-up, statistics):
 * a title block, section headings, a row of key figures, paragraphs and tables that break across pages.
 * Generic on purpose — callers pass strings; nothing here knows about operations or meetings.
 *
 *   const pdf = startPdf({ title: 'After-action report', subtitle: 'IREN-CASPIAN-2026' });
 *   keyFigures(pdf, [{ label: 'Screened', value: '1,204' }, { label: 'Hit rate', value: '12.5 %' }]);
 *   table(pdf, { columns: [{ header: 'Country', width: 2 }, { header: 'Seizures', width: 1, align: 'right' }], rows: [['KZ', '3']] });
 *   const bytes = await finishPdf(pdf);
 *
 * Text is set in DejaVu Sans when the system has it (Latin and Cyrillic, so en/ru content prints); otherwise
 * in the built-in Helvetica, which covers Latin only. IREN_PDF_FONT (and IREN_PDF_FONT_BOLD) may name another
 * TrueType font file.
 */
import fs from 'node:fs';
import PDFDocument from 'pdfkit';

const FONT_CANDIDATES = ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/dejavu/DejaVuSans.ttf', '/usr/local/share/fonts/DejaVuSans.ttf'];
const BOLD_CANDIDATES = ['/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf', '/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf', '/usr/local/share/fonts/DejaVuSans-Bold.ttf'];

function firstExisting(paths: (string | undefined)[]): string | null {
  for (const p of paths) if (p && fs.existsSync(p)) return p;
  return null;
}

export interface Pdf {
  doc: PDFKit.PDFDocument;
  regular: string;
  bold: string;
}

const MARGIN = 48;
const GREY = '#555555';
const LINE = '#bbbbbb';

export function startPdf(opts: { title: string; subtitle?: string; meta?: string[]; author?: string }): Pdf {
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: opts.title, Author: opts.author ?? 'iren', Producer: 'iren' }, bufferPages: true });
  const regularFile = firstExisting([process.env.IREN_PDF_FONT, ...FONT_CANDIDATES]);
  const boldFile = firstExisting([process.env.IREN_PDF_FONT_BOLD, ...BOLD_CANDIDATES]) ?? regularFile;
  let regular = 'Helvetica';
  let bold = 'Helvetica-Bold';
  if (regularFile) {
    doc.registerFont('body', regularFile);
    doc.registerFont('body-bold', boldFile!);
    regular = 'body';
    bold = 'body-bold';
  }
  const pdf = { doc, regular, bold };
  doc.font(bold).fontSize(18).fillColor('black').text(opts.title);
  if (opts.subtitle) doc.font(regular).fontSize(12).text(opts.subtitle);
  if (opts.meta?.length) doc.moveDown(0.3).font(regular).fontSize(9).fillColor(GREY).text(opts.meta.join('   ·   ')).fillColor('black');
  doc.moveDown(0.8);
  return pdf;
}

export function heading(pdf: Pdf, text: string): void {
  ensureSpace(pdf, 60);
  pdf.doc.moveDown(0.6).font(pdf.bold).fontSize(13).fillColor('black').text(text, MARGIN);
  pdf.doc.moveDown(0.3);
}

export function paragraph(pdf: Pdf, text: string, opts: { muted?: boolean; size?: number } = {}): void {
  pdf.doc
    .font(pdf.regular)
    .fontSize(opts.size ?? 10)
    .fillColor(opts.muted ? GREY : 'black')
    .text(text, MARGIN, undefined, { width: contentWidth(pdf) });
  pdf.doc.fillColor('black');
}

/** A row of boxed figures (label above, value large), wrapping onto further rows of `perRow`. */
export function keyFigures(pdf: Pdf, figures: { label: string; value: string }[], perRow = 4): void {
  const { doc } = pdf;
  const gap = 8;
  const width = (contentWidth(pdf) - gap * (perRow - 1)) / perRow;
  const height = 48;
  for (let i = 0; i < figures.length; i += perRow) {
    ensureSpace(pdf, height + 8);
    const y = doc.y;
    figures.slice(i, i + perRow).forEach((f, j) => {
      const x = MARGIN + j * (width + gap);
      doc.lineWidth(0.5).strokeColor(LINE).rect(x, y, width, height).stroke();
      doc.font(pdf.regular).fontSize(8).fillColor(GREY).text(f.label, x + 6, y + 6, { width: width - 12, lineBreak: false, ellipsis: true });
      doc.font(pdf.bold).fontSize(16).fillColor('black').text(f.value, x + 6, y + 20, { width: width - 12, lineBreak: false, ellipsis: true });
    });
    doc.x = MARGIN;
    doc.y = y + height + 8;
  }
}

export interface TableColumn {
  header: string;
  /** Relative width. */
  width?: number;
  align?: 'left' | 'right' | 'center';
}

/** A table with a header row, repeated on each new page; cells wrap. An empty table prints `empty`. */
export function table(pdf: Pdf, t: { columns: TableColumn[]; rows: string[][]; empty?: string }): void {
  const { doc } = pdf;
  if (!t.rows.length) {
    paragraph(pdf, t.empty ?? '—', { muted: true });
    return;
  }
  const total = t.columns.reduce((a, c) => a + (c.width ?? 1), 0);
  const widths = t.columns.map((c) => ((c.width ?? 1) / total) * contentWidth(pdf));
  const pad = 4;
  const drawRow = (cells: string[], header: boolean) => {
    doc.font(header ? pdf.bold : pdf.regular).fontSize(9);
    const height = Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: widths[i]! - 2 * pad }))) + 2 * pad;
    if (doc.y + height > doc.page.height - MARGIN) {
      doc.addPage();
      if (!header) drawRow(t.columns.map((c) => c.header), true);
    }
    const y = doc.y;
    let x = MARGIN;
    cells.forEach((c, i) => {
      doc.fillColor('black').text(c, x + pad, y + pad, { width: widths[i]! - 2 * pad, align: t.columns[i]?.align ?? 'left' });
      x += widths[i]!;
    });
    doc.lineWidth(header ? 0.8 : 0.3).strokeColor(LINE).moveTo(MARGIN, y + height).lineTo(MARGIN + contentWidth(pdf), y + height).stroke();
    doc.x = MARGIN;
    doc.y = y + height;
  };
  ensureSpace(pdf, 40);
  drawRow(t.columns.map((c) => c.header), true);
  for (const r of t.rows) drawRow(r, false);
  doc.moveDown(0.5);
}

/** Page numbers in the footer, then the finished document as bytes. */
export async function finishPdf(pdf: Pdf, footer?: string): Promise<Buffer> {
  const { doc } = pdf;
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font(pdf.regular)
      .fontSize(8)
      .fillColor(GREY)
      .text(`${footer ? `${footer}   ·   ` : ''}${i + 1} / ${range.count}`, MARGIN, doc.page.height - 30, { width: contentWidth(pdf), align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

function contentWidth(pdf: Pdf): number {
  return pdf.doc.page.width - 2 * MARGIN;
}

function ensureSpace(pdf: Pdf, needed: number): void {
  if (pdf.doc.y + needed > pdf.doc.page.height - MARGIN) pdf.doc.addPage();
}

/** Number formatting shared by reports: thousands separators, fixed decimals, '—' for missing. */
export function fmtNumber(n: number | null | undefined, decimals = 0): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '—';
  return n.toLocaleString('en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

export function fmtPercent(ratio: number | null | undefined, decimals = 1): string {
  return ratio === null || ratio === undefined ? '—' : `${fmtNumber(ratio * 100, decimals)} %`;
}
