/**
 * A model data format turns one kind of source data into feature matrices. The trainer, the model file
 * and the CLI only know this interface; `kcs` (the Korea Customs Service declaration CSVs) is one
 * implementation, `iren` (consignments and inspection results in iren's database) will be another.
 *
 * The life of a format's data:
 *   read(sources)                 → records (ids, dates, labels + the format's own columns)
 *   fit(trainingRecords, seed)    → encodings (training statistics, saved in the model file)
 *                                   + the training matrix, with out-of-fold target statistics
 *   transform(records, encodings) → matrix for new records, from training statistics only
 *
 *   const format = getModelDataFormat('kcs');
 *   const records = await format.read(['train.csv'], { labels: 'required' });
 *   const { encodings, matrix } = format.fit(records, { seed: 1 });
 */
import type { FeatureMatrix } from '../feature-matrix.ts';

export interface ModelRecords {
  rowCount: number;
  /** Header of the identifier column in score output, e.g. 'Declaration ID'. */
  idName: string;
  /** Row identifiers, echoed by `model score`. */
  ids: string[];
  /** Day of each row (days since 1970-01-01, UTC), for time splits and the training range. */
  days: Int32Array;
  /** Main label (1 = positive, e.g. fraud found at inspection); null when the sources have none. */
  labels: Uint8Array | null;
  /** Further 0/1 outcomes reported by `model evaluate` (e.g. critical fraud), by name. */
  outcomes: Record<string, Uint8Array>;
}

export interface FittedFeatures<Encodings> {
  encodings: Encodings;
  matrix: FeatureMatrix;
}

export interface ReadOptions {
  /** 'required': a missing label column is an error; 'optional': labels are read when present. */
  labels: 'required' | 'optional';
}

export interface FitOptions {
  seed: number;
}

// Method syntax (not arrow properties) on purpose: it lets a format with concrete record and encoding
// types be used where ModelDataFormat<ModelRecords, unknown> is expected.
export interface ModelDataFormat<Records extends ModelRecords = ModelRecords, Encodings = unknown> {
  /** Name used on the command line (`--format kcs`) and stored in model files. */
  readonly id: string;
  /** Name of the main label, for messages (e.g. 'Fraud'). */
  readonly labelName: string;
  read(sources: readonly string[], options: ReadOptions): Promise<Records>;
  /** The given rows of `records`, in that order. */
  select(records: Records, rows: ArrayLike<number>): Records;
  /** Learns encodings from labelled records and builds their (leak-free) training matrix. */
  fit(records: Records, options: FitOptions): FittedFeatures<Encodings>;
  /** Builds features of any records with encodings from `fit`. */
  transform(records: Records, encodings: Encodings): FeatureMatrix;
  /** Checks encodings read back from a model file; throws ModelInputError when malformed. */
  parseEncodings(value: unknown): Encodings;
}
