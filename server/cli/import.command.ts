import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { eq } from 'drizzle-orm';
import { units } from '../db/schema.ts';
import { INTAKE_FORMATS, type IntakeFormat } from '../engine/intake/model.ts';
import { parseCsvMapping, type CsvMapping } from '../engine/intake/csv.ts';
import { importConsignments, type ImportProgress } from '../services/intake/import.service.ts';
import { hashingStream, readHead } from '../services/intake/import-file.ts';
import { detectFormat } from '../engine/intake/detect.ts';
import { decodeHead, parseEncoding, TEXT_ENCODINGS, type TextEncoding } from '../engine/intake/encoding.ts';
import { CliError, cliContext, printJson, withStore } from './util.ts';
import { assessImport } from '../services/risk/assess-import.ts';

function progressBar(p: ImportProgress): string {
  const total = p.bytesTotal ?? 0;
  const frac = total > 0 ? Math.min(1, p.bytesRead / total) : 0;
  const width = 30;
  const filled = Math.round(frac * width);
  return `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(frac * 100).toFixed(0).padStart(3)}%  accepted ${p.accepted}  amended ${p.amended}  unchanged ${p.unchanged}  rejected ${p.rejected}`;
}

function cliFail(message: string): never {
  throw new CliError(message);
}

export function registerImportCommand(program: Command) {
  program
    .command('import')
    .description('Import advance cargo data (JSON, CSV or UN/EDIFACT CUSCAR) for a unit')
    .argument('<file>', 'the file to import')
    .option('--format <format>', `one of ${INTAKE_FORMATS.join(', ')} (default: from the extension or content)`)
    .requiredOption('--unit <code>', 'receiving unit code, e.g. GE-PTI-PCU (owns the records)')
    .option('--mapping <file>', 'CSV column mapping (JSON), for other column layouts')
    .option('--encoding <encoding>', `character encoding: ${TEXT_ENCODINGS.join(', ')} (default auto: byte order mark, UTF-8, or Windows-1251 Cyrillic; CUSCAR by its UNB)`)
    .option('--dry-run', 'validate and report without storing anything')
    .option('--json', 'print the summary as JSON on stdout')
    .option('--progress <how>', 'bar (default on a terminal), lines (one JSON line per stored batch on stderr) or none')
    .action(async (file: string, opts: { format?: string; unit: string; mapping?: string; encoding?: string; dryRun?: boolean; json?: boolean; progress?: string }) => {
      if (opts.progress && !['bar', 'lines', 'none'].includes(opts.progress)) throw new CliError('--progress must be bar, lines or none');
      const encoding: TextEncoding = opts.encoding === undefined ? 'auto' : (parseEncoding(opts.encoding) ?? cliFail(`--encoding must be one of ${TEXT_ENCODINGS.join(', ')} (or windows-1251)`));
      if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new CliError(`<file>: cannot read "${file}"`);
      let format: IntakeFormat | null;
      if (opts.format) {
        if (!(INTAKE_FORMATS as readonly string[]).includes(opts.format)) throw new CliError(`--format must be one of ${INTAKE_FORMATS.join(', ')}`);
        format = opts.format as IntakeFormat;
      } else {
        format = detectFormat(decodeHead(readHead(file), encoding), file) ?? null;
        if (!format) throw new CliError(`cannot tell the format of "${file}": give --format ${INTAKE_FORMATS.join('|')}`);
      }
      let csvMapping: CsvMapping | undefined;
      if (opts.mapping) {
        let raw: unknown;
        try {
          raw = JSON.parse(fs.readFileSync(opts.mapping, 'utf8'));
        } catch (err) {
          throw new CliError(`--mapping: ${opts.mapping} is not valid JSON (${(err as Error).message})`);
        }
        const parsed = parseCsvMapping(raw);
        if (!parsed.mapping) throw new CliError(`--mapping: ${parsed.problems.map((p) => `${p.field ?? ''} ${p.message}`.trim()).join('; ')}`);
        csvMapping = parsed.mapping;
      }
      const bytesTotal = fs.statSync(file).size;
      const how = opts.progress ?? (process.stderr.isTTY && !opts.json ? 'bar' : 'none');
      const tty = how === 'bar';
      await withStore(async (store) => {
        const [unit] = await store.db.select({ id: units.id, country: units.country }).from(units).where(eq(units.code, opts.unit.toUpperCase()));
        if (!unit) throw new CliError(`--unit: no unit with code "${opts.unit}"`);
        const stream = hashingStream(fs.createReadStream(file));
        const summary = await importConsignments(store.db, {
          unit,
          format: format!,
          source: stream,
          fileName: path.basename(file),
          bytesTotal,
          dryRun: opts.dryRun,
          csvMapping,
          encoding,
          ctx: cliContext(),
          onProgress:
            how === 'bar' ? (p) => process.stderr.write(progressBar(p)) : how === 'lines' ? (p) => process.stderr.write(`${JSON.stringify(p)}\n`) : undefined,
        });
        if (tty) process.stderr.write('\n');
        const assessed = summary.importId ? await assessImport(store.db, summary.importId) : 0;
        if (opts.json) {
          printJson({
            consignments: summary.consignments,
            containers: summary.containers,
            goodsItems: summary.goodsItems,
            problems: summary.problems,
            problemCount: summary.problemCount,
            importId: summary.importId,
            dryRun: summary.dryRun,
            assessed,
            encoding: summary.encoding,
            fileSha256: stream.digest(),
          });
          return;
        }
        const c = summary.consignments;
        process.stdout.write(
          `${summary.dryRun ? 'dry run: ' : ''}consignments accepted ${c.accepted}, amended ${c.amended}, unchanged ${c.unchanged}, rejected ${c.rejected}; containers ${summary.containers}, goods items ${summary.goodsItems}; risk-scored ${assessed}\n`,
        );
        for (const p of summary.problems) {
          const where = [p.file, p.line !== undefined ? `line ${p.line}` : undefined, p.segment !== undefined ? `segment ${p.segment}` : undefined].filter(Boolean).join(' ');
          process.stdout.write(`  ${p.level.padEnd(7)} ${where}${p.field ? ` ${p.field}` : ''}: ${p.code} ${p.message}\n`);
        }
        if (summary.problemCount > summary.problems.length) process.stdout.write(`  … and ${summary.problemCount - summary.problems.length} more problems\n`);
      });
    });
}
