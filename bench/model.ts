/**
 * `npm run bench:model` — the learned risk model on the KCS customs declarations, with its baseline.
 *
 * Protocol of the dataset's paper: train on train.csv (2020), score every row of valid.csv (2021-01..03),
 * "inspect" the top n %, report precision@n %. Prints, from one run:
 *  - gradient boosting: P/R@1, 2, 5, 10 %, ROC AUC, recall of critical frauds, training time;
 *  - logistic regression on the same features (standardised), same figures, and the ratio;
 *  - training time on train.csv + valid.csv (45k rows);
 *  - scoring speed: features + trees (engine), and end to end from a CSV file (csv-parse included);
 *  - peak RSS.
 */
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { kcsFormat } from '../server/engine/model/formats/kcs.ts';
import { CRITICAL_OUTCOME, type KcsRecords } from '../server/engine/model/formats/kcs-records.ts';
import { predictProbabilities } from '../server/engine/model/forest.ts';
import { predictLogistic, trainLogistic } from '../server/engine/model/logistic.ts';
import { parseModel } from '../server/engine/model/model-file.ts';
import { evaluateScores, scoreRecords, trainModel, type Evaluation } from '../server/engine/model/pipeline.ts';
import { makeTempDir } from '../server/engine/model/test-fixtures.ts';

const DATA = resolve(process.cwd(), '../shared/data/risk/kcs-customs-declarations');
const TRAIN = join(DATA, 'train.csv');
const VALID = join(DATA, 'valid.csv');
const SPEED_ROWS = 100_000;

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

// Scoring speed. Engine: valid.csv repeated to ≥ 100k rows, features + trees.
const repeat = Math.ceil(SPEED_ROWS / valid.rowCount);
const big: KcsRecords = kcsFormat.select(
  valid,
  Uint32Array.from({ length: valid.rowCount * repeat }, (_, i) => i % valid.rowCount),
);
const encodings = kcsFormat.parseEncodings(loaded.model.encodings);
predictProbabilities(loaded.forest, kcsFormat.transform(valid, encodings)); // warm up the JIT
started = performance.now();
const bigMatrix = kcsFormat.transform(big, encodings);
const featureMs = performance.now() - started;
predictProbabilities(loaded.forest, bigMatrix);
const engineMs = performance.now() - started;
// End to end: the same rows from a CSV file (read with csv-parse, checked, encoded, scored).
const dir = await makeTempDir();
const bigCsv = join(dir, 'valid-repeated.csv');
const validText = (await import('node:fs/promises')).readFile(VALID, 'utf8');
const [header, ...lines] = (await validText).trimEnd().split('\n');
await writeFile(bigCsv, [header, ...Array.from({ length: repeat }, () => lines).flat()].join('\n') + '\n');
started = performance.now();
const fromFile = await kcsFormat.read([bigCsv], { labels: 'optional' });
const readMs = performance.now() - started;
scoreRecords(loaded, kcsFormat, fromFile);
const endToEndMs = performance.now() - started;
await rm(dir, { recursive: true, force: true });

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
console.log(`scoring ${big.rowCount} rows: engine ${rate(big.rowCount, engineMs)} ` +
  `(features ${seconds(featureMs)}, trees ${seconds(engineMs - featureMs)}); ` +
  `end to end from CSV ${rate(fromFile.rowCount, endToEndMs)} (of which CSV reading ${seconds(readMs)})`);
console.log(`peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
