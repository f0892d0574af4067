/**
 * `iren model train|score|evaluate` — the learned risk model from the command line.
 *
 *   iren model train --format kcs --data train.csv --data valid.csv --out model.json [--seed 7]
 *   iren model score --model model.json --data new.csv --out scores.csv     # "Declaration ID,score"
 *   iren model evaluate --model model.json --data valid.csv [--json]
 *   iren model train --format iren [--country GE] --out model.json          # from the configured database
 *   iren model evaluate --format iren --model model.json [--from 2026-11-01] # all inspected vs control sample
 *
 * Bad input (missing file or column, a value that is not a number, a broken model file, an unknown or
 * unavailable format) prints one line `error: …` naming the file, line and column, and exits with code 2.
 * The commands are thin: the work is in server/engine/model/pipeline.ts.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { ModelInputError } from '../engine/model/errors.ts';
import { getModelDataFormat } from '../engine/model/formats/index.ts';
import { CRITICAL_OUTCOME } from '../engine/model/formats/kcs-records.ts';
import { loadModelFile, saveModelFile } from '../engine/model/model-file.ts';
import { evaluateScores, scoreRecords, trainModel, type Evaluation } from '../engine/model/pipeline.ts';
import { writeScoresCsv } from '../engine/model/score-csv.ts';

export const EXIT_BAD_INPUT = 2;

export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
}

const processIo: CommandIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};

export interface TrainCommandOptions {
  format: string;
  data: string[];
  out: string;
  seed?: number;
  quiet?: boolean;
  /** Format iren: train the country's model (default: the network's). */
  country?: string;
}

export interface ScoreCommandOptions {
  model: string;
  data: string[];
  out: string;
}

export interface EvaluateCommandOptions {
  model: string;
  data: string[];
  json?: boolean;
  /** If given, must match the model's format. */
  format?: string;
  /** Format iren: inspected consignments of this country / arriving from this day (default: after training). */
  country?: string;
  from?: string;
}

export function registerModelCommands(program: Command): void {
  const model = program
    .command('model')
    .description('learned risk model: train on labelled declarations, score new ones, measure a model');

  withBadInputExitCode(
    model
      .command('train')
      .description('train a gradient-boosted risk model (label: Fraud for --format kcs)')
      .requiredOption('--format <name>', 'data format: kcs (KCS declaration CSV) or iren (inspection results in the configured database)')
      .option('--data <csv>', 'training data (kcs); repeat to train on the union of several files', collect, [])
      .requiredOption('--out <model.json>', 'where to write the model')
      .option('--seed <n>', 'random seed (same seed and data give the same model)', parseSeed)
      .option('--country <XX>', 'format iren: train on this country\'s inspections (default: the whole network)')
      .option('--quiet', 'print only the summary'),
  ).action(async (options: TrainCommandOptions) => {
    process.exitCode = await runTrain(options);
  });

  withBadInputExitCode(
    model
      .command('score')
      .description('score declarations; writes "<id>,score" per row, higher = riskier')
      .requiredOption('--model <model.json>', 'model file from `iren model train`')
      .requiredOption('--data <csv>', 'data to score; repeatable', collect, [])
      .requiredOption('--out <csv>', 'where to write the scores'),
  ).action(async (options: ScoreCommandOptions) => {
    process.exitCode = await runScore(options);
  });

  withBadInputExitCode(
    model
      .command('evaluate')
      .description('precision and recall when inspecting the top 1, 2, 5, 10 % of labelled data, and ROC AUC')
      .requiredOption('--model <model.json>', 'model file from `iren model train`')
      .option('--data <csv>', 'labelled data (kcs); repeatable', collect, [])
      .option('--format <name>', 'check that the model is of this format (iren reads the configured database)')
      .option('--country <XX>', 'format iren: inspections of this country only')
      .option('--from <YYYY-MM-DD>', 'format iren: consignments arriving from this day (default: the day after the training data)')
      .option('--json', 'machine-readable output'),
  ).action(async (options: EvaluateCommandOptions) => {
    process.exitCode = await runEvaluate(options);
  });
}

/** Usage errors (missing option, bad --seed) are bad input too: exit code 2 instead of commander's 1. */
function withBadInputExitCode(command: Command): Command {
  return command.exitOverride((error) => {
    process.exit(error.exitCode === 0 ? 0 : EXIT_BAD_INPUT);
  });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseSeed(value: string): number {
  const seed = Number(value);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new InvalidArgumentError('expected an integer from 0 to 4294967295');
  }
  return seed;
}

/** Runs a command body; input errors become one line on stderr and exit code 2. */
async function guarded(io: CommandIo, body: () => Promise<void>): Promise<number> {
  try {
    await body();
    return 0;
  } catch (error) {
    if (error instanceof ModelInputError) {
      io.err(`error: ${error.message}\n`);
      return EXIT_BAD_INPUT;
    }
    // A bug, not bad input: keep the details, but only one line unless asked for more.
    const e = error instanceof Error ? error : new Error(String(error));
    io.err(`internal error: ${e.message}\n${process.env.IREN_DEBUG ? `${e.stack ?? ''}\n` : ''}`);
    return 1;
  }
}

export function runTrain(options: TrainCommandOptions, io: CommandIo = processIo): Promise<number> {
  return guarded(io, async () => {
    const format = getModelDataFormat(options.format);
    if (format.id === 'iren') {
      const { runIrenTrain } = await import('./model-iren.ts');
      return runIrenTrain(options, io);
    }
    const started = performance.now();
    const records = await format.read(options.data, { labels: 'required' });
    const log = options.quiet ? undefined : (line: string) => io.err(`${line}\n`);
    log?.(`read ${records.rowCount} rows in ${seconds(started)}`);
    const model = trainModel(format, records, { seed: options.seed, log });
    await saveModelFile(options.out, model);
    const { trainingRange, metrics } = model;
    const lines = [
      `trained ${metrics.trees} trees on ${trainingRange.rows} rows (${trainingRange.from} .. ${trainingRange.to}, ` +
        `${trainingRange.positives} positive) in ${seconds(started)}`,
    ];
    if (metrics.holdout) {
      const h = metrics.holdout;
      lines.push(
        `hold-out ${h.from} .. ${h.to} (${h.rows} rows, model without them): AUC ${h.auc.toFixed(4)}, ` +
          h.top.map((t) => `P@${percent(t.fraction)} ${t.precision.toFixed(3)}`).join(', '),
      );
    }
    lines.push(`top features: ${model.importance.slice(0, 5).map((f) => f.feature).join(', ')}`);
    lines.push(`model written to ${options.out}`);
    io.out(lines.join('\n') + '\n');
  });
}

export function runScore(options: ScoreCommandOptions, io: CommandIo = processIo): Promise<number> {
  return guarded(io, async () => {
    const loaded = await loadModelFile(options.model);
    const format = getModelDataFormat(loaded.model.format);
    const started = performance.now();
    const records = await format.read(options.data, { labels: 'optional' });
    const scores = scoreRecords(loaded, format, records);
    await writeScoresCsv(options.out, records.idName, records.ids, scores);
    io.out(`scored ${records.rowCount} rows in ${seconds(started)}; written to ${options.out}\n`);
  });
}

export function runEvaluate(options: EvaluateCommandOptions, io: CommandIo = processIo): Promise<number> {
  return guarded(io, async () => {
    const loaded = await loadModelFile(options.model);
    const format = getModelDataFormat(loaded.model.format);
    if (options.format !== undefined && getModelDataFormat(options.format).id !== format.id) {
      throw new ModelInputError(`${options.model}: the model was trained on format '${format.id}', not '${options.format}'`);
    }
    if (format.id === 'iren') {
      const { runIrenEvaluate } = await import('./model-iren.ts');
      return runIrenEvaluate(loaded, options, io);
    }
    const records = await format.read(options.data, { labels: 'required' });
    const scores = scoreRecords(loaded, format, records);
    const evaluation = evaluateScores(scores, records, format.labelName);
    io.out(options.json ? JSON.stringify(evaluation, null, 2) + '\n' : formatEvaluation(evaluation, format.labelName));
  });
}

export function formatEvaluation(evaluation: Evaluation, labelName: string): string {
  const critical = evaluation.outcomes[CRITICAL_OUTCOME];
  const share = evaluation.rows ? (100 * evaluation.positives) / evaluation.rows : 0;
  const lines = [
    `rows ${evaluation.rows}, ${labelName} ${evaluation.positives} (${share.toFixed(1)} %)` +
      (critical ? `, critical ${critical.positives}` : ''),
    `ROC AUC ${evaluation.auc.toFixed(4)}`,
    `inspect top  rows  precision  recall${critical ? '  critical recall' : ''}`,
  ];
  evaluation.top.forEach((t, i) => {
    const c = critical?.top[i];
    lines.push(
      `${percent(t.fraction).padStart(8)}  ${String(t.rows).padStart(6)}  ${t.precision.toFixed(3).padStart(9)}  ` +
        `${t.recall.toFixed(3).padStart(6)}${c ? c.recall.toFixed(3).padStart(17) : ''}`,
    );
  });
  return lines.join('\n') + '\n';
}

function percent(fraction: number): string {
  return `${Math.round(fraction * 100)} %`;
}

function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}
