/**
 * `iren model train|evaluate` for format `iren`: the records come from the configured store (DATA_DIR or
 * DATABASE_URL) instead of files. Loaded on demand by model.command.ts, so the file-based commands do
 * not open a database.
 *
 *   iren model train --format iren [--country GE] --out model.json
 *   iren model evaluate --format iren --model model.json [--country GE] [--from 2026-11-01]
 */
import { ModelInputError } from '../engine/model/errors.ts';
import { irenFormat } from '../engine/model/formats/iren.ts';
import { saveModelFile, type LoadedModel } from '../engine/model/model-file.ts';
import { evaluateScores, scoreRecords, type Evaluation } from '../engine/model/pipeline.ts';
import { loadTrainingRecords } from '../services/risk/model-data.ts';
import { trainIrenModel, type SampleMetrics } from '../services/risk/model-training.ts';
import { formatEvaluation, type CommandIo } from './model.command.ts';
import { withStore } from './util.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const COUNTRY = /^[A-Z]{2}$/;

function checkScope(options: { country?: string; from?: string }): void {
  if (options.country !== undefined && !COUNTRY.test(options.country)) throw new ModelInputError(`--country: expected an ISO country code like GE, got '${options.country}'`);
  if (options.from !== undefined && !DAY.test(options.from)) throw new ModelInputError(`--from: expected a day YYYY-MM-DD, got '${options.from}'`);
}

function percent(fraction: number): string {
  return `${Math.round(fraction * 100)} %`;
}

function sampleLine(name: string, s: SampleMetrics): string {
  if (s.rows === 0) return `${name}: no rows in the hold-out`;
  const top = s.top.map((t) => `P@${percent(t.fraction)} ${t.precision === null ? '–' : t.precision.toFixed(3)} (${t.hits}/${t.rows})`).join(', ');
  return `${name}: ${s.rows} rows, ${s.positives} positive (${((100 * s.positives) / s.rows).toFixed(1)} %), AUC ${s.auc === null ? '–' : s.auc.toFixed(3)}, ${top}`;
}

export async function runIrenTrain(options: { data: string[]; out: string; seed?: number; quiet?: boolean; country?: string }, io: CommandIo): Promise<void> {
  if (options.data.length) throw new ModelInputError('format iren reads consignments and inspection results from the database, not files: leave out --data');
  checkScope(options);
  const started = performance.now();
  const log = options.quiet ? undefined : (line: string) => io.err(`${line}\n`);
  await withStore(async (store) => {
    const { model, metrics } = await trainIrenModel(store.db, { country: options.country ?? null }, { seed: options.seed, log });
    await saveModelFile(options.out, model);
    const t = metrics.training;
    const lines = [
      `trained ${metrics.trees} trees on ${t.rows} inspected consignments of ${options.country ?? 'the network'} (${t.from} .. ${t.to}, ` +
        `${t.positives} positive; random control sample ${t.controlRows}, ${t.controlPositives} positive) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    ];
    if (metrics.validation) {
      lines.push(`hold-out ${metrics.validation.from} .. ${metrics.validation.to} (model without it):`);
      lines.push(`  ${sampleLine('all inspected (biased by selection)', metrics.validation.inspected)}`);
      lines.push(`  ${sampleLine('random control sample (unbiased)', metrics.validation.control)}`);
    }
    lines.push(`top features: ${metrics.importance.slice(0, 5).map((f) => f.feature).join(', ')}`);
    lines.push(`model written to ${options.out}`);
    io.out(lines.join('\n') + '\n');
  });
}

export async function runIrenEvaluate(loaded: LoadedModel, options: { json?: boolean; country?: string; from?: string }, io: CommandIo): Promise<void> {
  checkScope(options);
  const trainedTo = loaded.model.trainingRange.to;
  const from = options.from ?? new Date(Date.parse(`${trainedTo}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  await withStore(async (store) => {
    const records = await loadTrainingRecords(store.db, { country: options.country ?? null, from });
    if (records.rowCount === 0) {
      throw new ModelInputError(`no inspected consignments arriving from ${from}${options.country ? ` in ${options.country}` : ''} (the model was trained on data up to ${trainedTo}); pass --from to choose the period`);
    }
    let positives = 0;
    for (let i = 0; i < records.rowCount; i++) positives += records.labels![i]!;
    if (positives === 0 || positives === records.rowCount) throw new ModelInputError(`the ${records.rowCount} inspected consignments from ${from} all have the same result; precision cannot be measured`);
    const scores = scoreRecords(loaded, irenFormat, records);
    const inspected = evaluateScores(scores, records, irenFormat.labelName);
    const controlRows: number[] = [];
    for (let i = 0; i < records.rowCount; i++) if (records.control[i]) controlRows.push(i);
    const control: Evaluation | null = controlRows.length ? evaluateScores(Float64Array.from(controlRows, (i) => scores[i]!), irenFormat.select(records, controlRows), irenFormat.labelName) : null;
    const inSample = from <= trainedTo;
    if (options.json) {
      io.out(JSON.stringify({ from, inSample, inspected, control }, null, 2) + '\n');
      return;
    }
    io.out(
      [
        `inspected consignments arriving from ${from}${inSample ? ` — WARNING: the model was trained on data up to ${trainedTo}, so these figures are in-sample` : ''}`,
        'all inspected (biased: most were selected because something pointed at them):',
        formatEvaluation(inspected, irenFormat.labelName).trimEnd(),
        control ? 'random control sample (unbiased):' : 'random control sample: none in this period',
        ...(control ? [formatEvaluation(control, irenFormat.labelName).trimEnd()] : []),
      ].join('\n') + '\n',
    );
  });
}
