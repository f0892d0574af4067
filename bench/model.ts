/**
 * `npm run bench:model` — the learned risk model on the KCS customs declarations, with its baseline.
 *
 * Protocol of the dataset's paper: train on train.csv (2020), score every row of valid.csv (2021-01..03),
 * "inspect" the top n %, report precision@n %. Prints, from one run:
 *  - gradient boosting: P/R@1, 2, 5, 10 %, ROC AUC, recall of critical frauds, training time;
 *  - logistic regression on the same features (standardised), same figures, and the ratio;
 *  - training time on train.csv + valid.csv (45k rows);
 *  - scoring speed ("score rows/s") on valid.csv repeated to ≥ 500k rows: end to end as `iren model score`
 *    runs it (CSV in, CSV out), then its parts — CSV reading, features, predict-only — with same-run
 *    baselines: csv-parse reading the same file, and the node-by-node tree walk;
 *  - peak RSS.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { runScore } from '../server/cli/model.command.ts';
import { kcsFormat } from '../server/engine/model/formats/kcs.ts';
import { CRITICAL_OUTCOME } from '../server/engine/model/formats/kcs-records.ts';
import { predictMargins, type CompiledForest } from '../server/engine/model/forest.ts';
import { predictLogistic, trainLogistic } from '../server/engine/model/logistic.ts';
import { parseModel, saveModelFile } from '../server/engine/model/model-file.ts';
import { evaluateScores, scoreRecords, trainModel, type Evaluation } from '../server/engine/model/pipeline.ts';
import { makeTempDir } from '../server/engine/model/test-fixtures.ts';

const DATA = resolve(process.cwd(), '../shared/data/risk/kcs-customs-declarations');
const TRAIN = join(DATA, 'train.csv');
const VALID = join(DATA, 'valid.csv');
const SPEED_ROWS = 500_000;

if (!existsSync(TRAIN) || !existsSync(VALID)) {
  console.error(`bench:model needs ${TRAIN} and ${VALID}`);
  process.exit(2);
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const row = (name: string, e: Evaluation): string =>
  `${name.padEnd(20)} ${e.top.map((t) => t.precision.toFixed(3).padStart(6)).join(' ')}  ` +
  `${e.top.map((t) => t.recall.toFixed(3).padStart(6)).join(' ')}  ${e.auc.toFixed(4)}  ` +
  `${(e.outcomes[CRITICAL_OUTCOME]?.top ?? []).map((t) => t.recall.toFixed(2)).join(' ')}`;

const train = await kcsFormat.read([TRAIN], { labels: 'required' });
const valid = await kcsFormat.read([VALID], { labels: 'required' });

// Gradient boosting, default parameters.
let started = performance.now();
const model = trainModel(kcsFormat, train, { seed: 1 });
const trainMs = performance.now() - started;
const loaded = parseModel(JSON.parse(JSON.stringify(model)));
const gbdt = evaluateScores(scoreRecords(loaded, kcsFormat, valid), valid);

// Logistic regression on the same features: same out-of-fold training matrix, same encodings for valid.
started = performance.now();
const fitted = kcsFormat.fit(train, { seed: 1 });
const logistic = trainLogistic(fitted.matrix, train.labels!, { iterations: 400 });
const lrMs = performance.now() - started;
const lrMargins = predictLogistic(logistic, kcsFormat.transform(valid, fitted.encodings));
const lr = evaluateScores(lrMargins, valid);

// Training time on everything there is (45k rows).
const all = await kcsFormat.read([TRAIN, VALID], { labels: 'required' });
started = performance.now();
const allModel = trainModel(kcsFormat, all, { seed: 1 });
const trainAllMs = performance.now() - started;

// Scoring speed on valid.csv repeated to ≥ 500k rows, one core.
const repeat = Math.ceil(SPEED_ROWS / valid.rowCount);
const dir = await makeTempDir();
const bigCsv = join(dir, 'valid-repeated.csv');
const modelFile = join(dir, 'model.json');
const scoresCsv = join(dir, 'scores.csv');
const [header, ...lines] = (await readFile(VALID, 'utf8')).trimEnd().split('\n');
await writeFile(bigCsv, [header, ...Array.from({ length: repeat }, () => lines).flat()].join('\n') + '\n');
await saveModelFile(modelFile, model);
const silent = { out: () => {}, err: (text: string) => void process.stderr.write(text) };
const scoreFile = async (): Promise<number> => {
  const at = performance.now();
  if ((await runScore({ model: modelFile, data: [bigCsv], out: scoresCsv }, silent)) !== 0) throw new Error('model score failed');
  return performance.now() - at;
};
// End to end as `iren model score` runs it (load the model, read and check the CSV, features, trees, write
// "Declaration ID,score"), best of 3 after a warm-up; the process start is not included.
await scoreFile();
const endToEndMs = Math.min(await scoreFile(), await scoreFile(), await scoreFile());
const scoredRows = (await readFile(scoresCsv, 'utf8')).split('\n').length - 2;
// The command itself in a fresh process (`node bin/iren.js model score`, start-up included), best of 2.
const cliRun = (): number => {
  const at = performance.now();
  const run = spawnSync(process.execPath, ['bin/iren.js', 'model', 'score', '--model', modelFile, '--data', bigCsv, '--out', scoresCsv]);
  if (run.status !== 0) throw new Error(`iren model score: ${run.stderr.toString()}`);
  return performance.now() - at;
};
const cliMs = Math.min(cliRun(), cliRun());
// The parts, and same-run baselines: csv-parse (the reader used before) reading the file without
// keeping anything; the node-by-node tree walk (forest.ts) instead of the binned forest.
const encodings = kcsFormat.parseEncodings(loaded.model.encodings);
started = performance.now();
const fromFile = await kcsFormat.read([bigCsv], { labels: 'optional' });
const readMs = performance.now() - started;
started = performance.now();
const csvParseRows = await countWithCsvParse(bigCsv);
const csvParseMs = performance.now() - started;
started = performance.now();
const bigMatrix = kcsFormat.transform(fromFile, encodings);
const featureMs = performance.now() - started;
const walk: CompiledForest = { ...loaded.forest, binned: null };
const best = (run: () => void): number => {
  let ms = Infinity;
  for (let k = 0; k < 3; k++) {
    const at = performance.now();
    run();
    ms = Math.min(ms, performance.now() - at);
  }
  return ms;
};
const treesMs = best(() => predictMargins(loaded.forest, bigMatrix));
const walkMs = best(() => predictMargins(walk, bigMatrix));
await rm(dir, { recursive: true, force: true });

async function countWithCsvParse(file: string): Promise<number> {
  let rows = -1;
  const parser = parse({ bom: true, skip_empty_lines: true });
  parser.on('data', () => rows++);
  createReadStream(file).pipe(parser);
  await finished(parser);
  return rows;
}

const ratio = (k: number): string => (gbdt.top[k]!.precision / lr.top[k]!.precision).toFixed(2);
const rate = (rows: number, ms: number): string => `${Math.round((rows / ms) * 1000).toLocaleString('en')} rows/s`;
console.log(`KCS customs declarations: train ${train.rowCount} rows (2020), score valid ${valid.rowCount} rows (2021-01..03)`);
console.log(`${''.padEnd(20)} ${'P@1%'.padStart(6)} ${'P@2%'.padStart(6)} ${'P@5%'.padStart(6)} ${'P@10%'.padStart(6)}  ` +
  `${'R@1%'.padStart(6)} ${'R@2%'.padStart(6)} ${'R@5%'.padStart(6)} ${'R@10%'.padStart(6)}  AUC     critical R@1/2/5/10%`);
console.log(row(`gbdt (${model.metrics.trees} trees)`, gbdt));
console.log(row('logistic regression', lr));
console.log(`ratio gbdt / logistic: P@5% ${ratio(2)}, P@10% ${ratio(3)}`);
console.log(`published (hidden test split): LightGBM P@5% 0.762 P@10% 0.641; XGBoost 0.675/0.579; logistic 0.258/0.248`);
console.log(`train time: gbdt ${seconds(trainMs)} on ${train.rowCount} rows (early-stopping fit + refit); ` +
  `logistic ${seconds(lrMs)}; gbdt on train+valid ${all.rowCount} rows ${seconds(trainAllMs)} (${allModel.metrics.trees} trees)`);
console.log(`score rows/s, ${scoredRows} rows (valid.csv × ${repeat}): end to end CSV → CSV ${rate(scoredRows, endToEndMs)} ` +
  `(${seconds(endToEndMs)}; \`node bin/iren.js model score\` with process start ${rate(scoredRows, cliMs)}, ${seconds(cliMs)}); parts: CSV reading ${rate(fromFile.rowCount, readMs)} (csv-parse alone, same file: ` +
  `${rate(csvParseRows, csvParseMs)}), features ${rate(fromFile.rowCount, featureMs)}, ` +
  `predict-only ${rate(fromFile.rowCount, treesMs)} (node-by-node walk: ${rate(fromFile.rowCount, walkMs)}, ` +
  `${(walkMs / treesMs).toFixed(2)}× slower)`);
console.log(`peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
