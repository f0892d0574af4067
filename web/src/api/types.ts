/** Shapes of the iren REST API (/api/v1). Mirrors server/routes/** (the source of truth). */

export const ROLES = ['network_admin', 'national_coordinator', 'unit_head', 'officer', 'observer'] as const;
export type Role = (typeof ROLES)[number];

export const UNIT_KINDS = ['pcu', 'accu', 'land_border', 'headquarters'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const AGENCY_KINDS = ['customs', 'border_guard', 'police', 'drug_control', 'other'] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

export const LANGUAGES = ['en', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface PageInfo {
  total: number;
  limit: number;
  offset: number;
}

export interface Paged<T> {
  data: T[];
  page: PageInfo;
}

export type LoginStatus = 'ok' | 'totp_required' | 'totp_setup_required';

export interface LoginResult {
  status: LoginStatus;
  mustChangePassword: boolean;
  language: string;
}

export interface Me {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  country: string | null;
  unit: { id: string; code: string; name: string } | null;
  language: Language;
  totpEnabled: boolean;
  totpRequired: boolean;
  mfaPassed: boolean;
  mustChangePassword: boolean;
  can: {
    listUsers: boolean;
    manageUsers: boolean;
    assignableRoles: Role[];
    manageUnits: boolean;
    readAudit: boolean;
  };
}

export interface TotpSetup {
  secret: string;
  otpauthUrl: string;
  qrSvg: string;
}

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

export interface Country {
  iso2: string;
  iso3: string;
  nameEn: string;
  nameRu: string;
  member: boolean;
}

export interface Agency {
  id: string;
  country: string;
  name: string;
  nameRu: string | null;
  kind: AgencyKind;
  can: { update: boolean };
}

export interface Unit {
  id: string;
  code: string;
  name: string;
  nameRu: string | null;
  kind: UnitKind;
  country: string;
  agencyId: string;
  agencyName: string;
  locode: string;
  locationName: string;
  lat: number | null;
  lon: number | null;
  dailyCapacity: number;
  active: boolean;
  can: { update: boolean; relocate: boolean };
}

export interface UnitInput {
  code: string;
  name: string;
  nameRu?: string;
  kind: UnitKind;
  country: string;
  agencyId: string;
  locode: string;
  dailyCapacity?: number;
}

export interface UnitChanges {
  code?: string;
  name?: string;
  nameRu?: string | null;
  kind?: UnitKind;
  agencyId?: string;
  locode?: string;
  dailyCapacity?: number;
  active?: boolean;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  role: Role;
  country: string | null;
  unitId: string | null;
  unitCode: string | null;
  unitName: string | null;
  language: Language;
  totpEnabled: boolean;
  mustChangePassword: boolean;
  disabled: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  createdAt: string;
  can: { update: boolean; resetPassword: boolean };
}

export interface UserInput {
  username: string;
  displayName: string;
  email?: string | null;
  role: Role;
  unitId?: string | null;
  country?: string | null;
  language?: Language;
  password?: string;
}

export interface UserChanges {
  displayName?: string;
  email?: string | null;
  role?: Role;
  unitId?: string | null;
  country?: string | null;
  disabled?: boolean;
  language?: Language;
}

export interface AuditEvent {
  seq: number;
  at: string;
  type: string;
  actorUsername: string | null;
  actorTokenId: string | null;
  ip: string | null;
  requestId: string | null;
  country: string | null;
  entityType: string | null;
  entityId: string | null;
  data: Record<string, unknown>;
}

export interface AuditPage {
  data: AuditEvent[];
  nextBefore: number | null;
}

export interface Location {
  unlocode: string;
  country: string;
  name: string;
  subdivision: string | null;
  isPort: boolean;
  isAirport: boolean;
  isRail: boolean;
  isRoad: boolean;
  isBorderCrossing: boolean;
  lat: number | null;
  lon: number | null;
}

// ---------------------------------------------------------------- cargo intake

export const INTAKE_FORMATS = ['json', 'csv', 'cuscar'] as const;
export type IntakeFormat = (typeof INTAKE_FORMATS)[number];

export const IMPORT_STATES = ['queued', 'running', 'done', 'failed'] as const;
export type ImportState = (typeof IMPORT_STATES)[number];

export const TRANSPORT_MODES = ['sea', 'air', 'road', 'rail'] as const;
export type TransportMode = (typeof TRANSPORT_MODES)[number];

export const PARTY_ROLES = ['consignor', 'consignee', 'notifyParty', 'freightForwarder'] as const;

export const DOCUMENT_TYPES = ['BL_MASTER', 'BL_HOUSE', 'AWB_MASTER', 'AWB_HOUSE'] as const;

export type ProblemLevel = 'error' | 'warning';

/** A problem of an import's file or of one consignment (codes are listed in docs/intake.md; shown as they are). */
export interface IntakeProblem {
  level: ProblemLevel;
  code: string;
  message: string;
  field?: string;
  line?: number;
  segment?: number;
  column?: string;
  segmentTag?: string;
  element?: string;
  file?: string;
}

export interface CargoImport {
  id: string;
  unitId: string;
  fileName: string;
  format: string;
  state: ImportState;
  accepted: number;
  amended: number;
  unchanged: number;
  rejected: number;
  containers: number;
  goodsItems: number;
  bytesRead: number;
  bytesTotal: number | null;
  problemCount: number;
  problems: IntakeProblem[];
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/** Paging without a total: the server reads one row more to tell whether there is a next page. */
export interface MorePageInfo {
  limit: number;
  offset: number;
  hasMore: boolean;
}

export interface ConsignmentSummary {
  id: string;
  documentType: string;
  documentNumber: string;
  masterDocumentNumber: string | null;
  mode: string;
  carrierName: string | null;
  vesselName: string | null;
  imoNumber: string | null;
  voyageNumber: string | null;
  flightNumber: string | null;
  placeOfLoading: string | null;
  placeOfDischarge: string | null;
  transshipments: string[];
  estimatedArrivalDate: string | null;
  qualityScore: number;
  version: number;
  isCurrent: boolean;
  unitId: string;
  consignor: string | null;
  consignee: string | null;
  containerCount: number;
  goodsCount: number;
}

export interface QualityFlag {
  code: string;
  points: number;
  fields: string[];
  detail?: string;
}

export interface Consignment {
  id: string;
  country: string;
  unitId: string;
  importId: string | null;
  documentType: string;
  documentNumber: string;
  masterDocumentNumber: string | null;
  mode: string;
  carrierCode: string | null;
  carrierName: string | null;
  vesselName: string | null;
  imoNumber: string | null;
  voyageNumber: string | null;
  flightNumber: string | null;
  placeOfLoading: string | null;
  placeOfDischarge: string | null;
  transshipments: string[];
  placeOfDelivery: string | null;
  countryOfOrigin: string | null;
  countryOfDestination: string | null;
  departureDate: string | null;
  estimatedArrivalDate: string | null;
  qualityScore: number;
  qualityFlags: QualityFlag[];
  problems: IntakeProblem[];
  source: { file?: string; line?: number; segment?: number; format?: string } | null;
  version: number;
  isCurrent: boolean;
  createdAt: string;
}

export interface ConsignmentParty {
  role: string;
  name: string;
  address: string | null;
  city: string | null;
  postcode: string | null;
  country: string | null;
  identifiers: { scheme: string; value: string }[];
}

export interface GoodsItem {
  seq: number;
  hsCode: string | null;
  description: string | null;
  packageCount: number | null;
  packageType: string | null;
  grossMassKg: number | null;
  netMassKg: number | null;
  value: number | null;
  currency: string | null;
  unNumber: string | null;
  containerNumbers: string[];
}

export interface EquipmentItem {
  containerNumber: string;
  sizeType: string | null;
  seals: string[];
  fullEmpty: string | null;
}

export interface ConsignmentVersion {
  id: string;
  version: number;
  isCurrent: boolean;
  createdAt: string;
  importId: string | null;
}

export interface RoutePlace {
  code: string;
  name: string | null;
  country: string | null;
  lat: number | null;
  lon: number | null;
}

export interface ConsignmentDetail {
  consignment: Consignment;
  parties: ConsignmentParty[];
  goods: GoodsItem[];
  equipment: EquipmentItem[];
  versions: ConsignmentVersion[];
  route: RoutePlace[];
}

export interface ConsignmentFilter {
  container?: string;
  document?: string;
  party?: string;
  vessel?: string;
  hs?: string;
  place?: string;
  mode?: TransportMode;
  from?: string;
  to?: string;
  limit?: number;
  offset?: number;
}

// ---------------------------------------------------------------- risk and targeting

export const LANES = ['red', 'yellow', 'green', 'blue'] as const;
export type Lane = (typeof LANES)[number];

export const DECISIONS = ['target', 'release', 'refer'] as const;
export type Decision = (typeof DECISIONS)[number];

export const INSPECTION_METHODS = ['xray', 'physical', 'documentary', 'canine'] as const;
export type InspectionMethod = (typeof INSPECTION_METHODS)[number];

export const INSPECTION_OUTCOMES = ['no_find', 'irregularity', 'seizure'] as const;
export type InspectionOutcome = (typeof INSPECTION_OUTCOMES)[number];

export const OWNER_SCOPES = ['unit', 'country', 'network'] as const;
export type OwnerScope = (typeof OWNER_SCOPES)[number];

export const PROFILE_STATES = ['draft', 'active', 'retired'] as const;
export type ProfileState = (typeof PROFILE_STATES)[number];

export const LIST_KINDS = ['ports', 'countries', 'hs_prefixes', 'companies', 'other'] as const;
export type ListKind = (typeof LIST_KINDS)[number];

/** Why a consignment scored what it did (server/services/risk/scoring.service.ts). */
export type RiskReason =
  | { kind: 'profile'; profileId: string; version: number; name: string; weight: number; lane: Lane; reason: string; instruction: string; conditions: string[] }
  | {
      kind: 'watchlist';
      watchlistId: string;
      watchlistName: string;
      entryId: string;
      on: 'consignor' | 'consignee' | 'notify' | 'vessel' | 'container' | 'document';
      value: string;
      matchedName: string;
      matchScore: number;
      weight: number;
      lane: Lane;
    }
  | { kind: 'data_quality'; score: number; flags: string[]; weight: number }
  | ModelReason;

export interface QueueItem {
  id: string;
  documentNumber: string;
  mode: string;
  vesselName: string | null;
  placeOfLoading: string | null;
  placeOfDischarge: string | null;
  transshipments: string[];
  estimatedArrivalDate: string | null;
  score: number;
  suggestedLane: Lane;
  reasons: RiskReason[];
  decision: Decision | null;
  decisionLane: Lane | null;
  random: boolean | null;
  consignee: string | null;
}

export interface Queue {
  data: QueueItem[];
  unit: { id: string; country: string; dailyCapacity: number };
}

export interface TargetingDecision {
  consignmentId: string;
  unitId: string;
  decision: Decision;
  lane: Lane;
  random: boolean;
  comment: string | null;
  decidedBy: string | null;
  decidedAt: string;
}

export interface Inspection {
  id: string;
  consignmentId: string;
  unitId: string;
  country: string;
  method: InspectionMethod;
  outcome: InspectionOutcome;
  notes: string | null;
  inspectedBy: string | null;
  inspectedAt: string;
}

export interface ConsignmentRisk {
  score: number | null;
  suggestedLane: Lane | null;
  reasons: RiskReason[];
  assessedAt: string | null;
  decision: TargetingDecision | null;
  inspections: Inspection[];
  can: { decide: boolean };
}

export interface DecisionInput {
  decision: Decision;
  lane?: Lane;
  comment?: string;
}

export interface InspectionInput {
  method: InspectionMethod;
  outcome: InspectionOutcome;
  notes?: string;
}

export interface SelectionResult {
  candidates: number;
  selected: number;
  random: number;
  capacity: number;
}

export interface RiskProfile {
  id: string;
  name: string;
  ownerScope: OwnerScope;
  ownerCountry: string | null;
  ownerUnitId: string | null;
  state: ProfileState;
  currentVersion: number;
  validFrom: string | null;
  validTo: string | null;
  can: { update: boolean };
}

export interface ProfileVersion {
  profileId: string;
  version: number;
  rule: string;
  weight: number;
  lane: Lane;
  reason: string;
  instruction: string;
  createdBy: string | null;
  createdAt: string;
}

export interface ProfilePerformance {
  version: number;
  hits: number;
  selected: number;
  inspected: number;
  positive: number;
  hitRate: number | null;
  /** A PostgreSQL timestamp as text ("2026-11-28 05:51:47.935+00"): read with parseServerTime. */
  lastPositive: string | null;
}

export interface ProfileDetail extends RiskProfile {
  versions: ProfileVersion[];
  performance: ProfilePerformance[];
}

export interface ProfileVersionInput {
  rule: string;
  weight: number;
  lane: Lane;
  reason: string;
  instruction: string;
}

export interface ProfileInput extends ProfileVersionInput {
  ownerScope: OwnerScope;
  ownerUnitId?: string | null;
  name: string;
}

export interface RuleTestResult {
  consignments: number;
  hits: number;
  inspected: number;
  positive: number;
  hitRate: number | null;
  samples: { id: string; explain: string[] }[];
}

/** One entry of RULE_INVALID's details.errors. */
export interface RuleError {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  message: string;
  code?: string;
}

export interface RiskList {
  id: string;
  name: string;
  kind: ListKind;
  description: string | null;
  ownerScope: OwnerScope;
  ownerCountry: string | null;
  ownerUnitId: string | null;
  items: string[];
  can: { update: boolean };
}

export interface RiskListInput {
  ownerScope: OwnerScope;
  ownerUnitId?: string | null;
  name: string;
  kind: ListKind;
  description?: string;
  items: string[];
}

// ---------------------------------------------------------------- results: seizures and statistics
export interface LabelPair {
  en: string;
  ru: string;
}
export interface SeizureTaxonomy {
  commodities: { code: string; category: string; label: LabelPair; units: string[]; vague: boolean }[];
  units: { code: string; label: LabelPair }[];
  concealment: { code: string; label: LabelPair }[];
  detection: { code: string; label: LabelPair }[];
  transport: { code: string; label: LabelPair }[];
}
export type SeizureForm = 'minimal' | 'full';
export type Tlp = 'CLEAR' | 'GREEN' | 'AMBER' | 'AMBER+STRICT' | 'RED';
export type SeizureDistribution = 'own_unit' | 'own_country' | 'named' | 'group' | 'network';
export interface SeizureItem {
  commodity: string;
  description?: string;
  quantity: number;
  unit: string;
}
export interface SeizurePerson {
  kind: 'person' | 'company';
  name: string;
  role?: string;
  country?: string;
  identifier?: string;
  birthDate?: string;
}
export interface SeizureInput {
  form: SeizureForm;
  seizureDate: string;
  placeLocode?: string | null;
  consignmentId?: string | null;
  inspectionId?: string | null;
  containerNumber?: string | null;
  operationId?: string | null;
  warningIds?: string[];
  routeOrigin?: string | null;
  routeTransit?: string[];
  routeDestination?: string | null;
  transportMode?: string | null;
  concealment?: string | null;
  detectionMethod?: string | null;
  summary?: string;
  estimatedValue?: number | null;
  currency?: string | null;
  items: SeizureItem[];
  persons?: SeizurePerson[];
  tlp: Tlp;
  distribution: SeizureDistribution;
  groupId?: string | null;
  namedCountries?: string[];
}
export interface QualityIssue {
  code: 'missing_mandatory' | 'missing_recommended' | 'vague_commodity';
  field: string;
  penalty: number;
  message: string;
}
export interface SeizureQuality {
  score: number;
  issues: QualityIssue[];
}
export interface SeizureSummary {
  id: string;
  reference: string;
  seizureDate: string;
  country: string;
  unitCode: string;
  placeLocode: string | null;
  form: SeizureForm;
  detectionMethod: string | null;
  concealment: string | null;
  transportMode: string | null;
  routeOrigin: string | null;
  routeDestination: string | null;
  onSharedInformation: boolean;
  operationId: string | null;
  tlp: Tlp;
  distribution: SeizureDistribution;
  qualityScore: number;
  items: (SeizureItem & { description: string })[];
}
export interface SeizureFilter {
  from?: string;
  to?: string;
  country?: string;
  commodity?: string;
  detectionMethod?: string;
  onSharedInformation?: boolean;
  limit?: number;
  offset?: number;
}
export interface SeizureRecord extends Omit<SeizureSummary, 'items' | 'unitCode'> {
  unitId: string;
  consignmentId: string | null;
  inspectionId: string | null;
  containerNumber: string | null;
  routeTransit: string[];
  summary: string;
  estimatedValue: number | null;
  currency: string | null;
  qualityIssues: string[];
  namedCountries: string[];
  groupId: string | null;
  createdAt: string;
  updatedAt: string;
}
export interface SeizureDetail {
  seizure: SeizureRecord;
  unit: { code: string; name: string; nameRu: string | null };
  items: (SeizureItem & { id: string; description: string })[];
  persons: (SeizurePerson & { id: string })[];
  warnings: { id: string | null; senderCountry: string; senderUnitCode: string; senderUnitName: string; subject: string | null }[];
  sharedBy: { country: string; unitCode: string; unitName: string }[];
  photos: { id: string; filename: string; contentType: string; size: number; createdAt: string }[];
  can: { edit: boolean; addPhoto: boolean };
}
export interface SeizureImportReport {
  lines: number;
  accepted: { line: number; reference: string; qualityScore: number }[];
  existing: { line: number; reference: string }[];
  rejected: { line: number; reference: string | null; field: string; message: string }[];
}
export interface StatsFilter {
  from?: string;
  to?: string;
  country?: string;
  commodity?: string;
}
export interface StatsDashboard {
  filters: StatsFilter;
  kpis: {
    seizures: number;
    onSharedInformation: number;
    sharedShare: number | null;
    countries: number;
    warningsSent: number;
    warningsAnswered: number;
    answerRate: number | null;
    inspections: number;
    inspectionHits: number;
    hitRate: number | null;
  };
  monthly: { month: string; seizures: number; onSharedInformation: number }[];
  byCountry: { country: string; seizures: number; onSharedInformation: number }[];
  byCommodity: { commodity: string; unit: string; seizures: number; quantity: number }[];
  byDetection: { detectionMethod: string; seizures: number }[];
  routes: { origin: string; destination: string; seizures: number; onSharedInformation: number; originLat: number | null; originLon: number | null; destinationLat: number | null; destinationLon: number | null }[];
  points: { unitCode: string; unitName: string; country: string; locode: string; kind: string; lat: number | null; lon: number | null; seizures: number }[];
}

// ---------------------------------------------------------------- risk: watchlists and name screening
export const WATCHLIST_KINDS = ['entities', 'vessels', 'containers', 'documents'] as const;
export type WatchlistKind = (typeof WATCHLIST_KINDS)[number];

export interface Watchlist {
  id: string;
  name: string;
  kind: WatchlistKind;
  description: string | null;
  weight: number;
  lane: Lane;
  ownerScope: OwnerScope;
  ownerCountry: string | null;
  ownerUnitId: string | null;
  entries: number;
  can: { update: boolean };
}

export interface WatchlistEntry {
  id: string;
  schema: string;
  names: string[];
  countries: string[];
  birthDate: string | null;
  identifiers: { scheme: string; value: string }[];
  imoNumber: string | null;
  containerNumber: string | null;
  documentNumber: string | null;
  externalId: string | null;
  notes: string | null;
  createdAt: string;
}

export interface WatchlistDetail extends Omit<Watchlist, 'entries'> {
  entries: WatchlistEntry[];
  total: number;
}

export interface WatchlistInput {
  ownerScope: OwnerScope;
  ownerUnitId?: string | null;
  name: string;
  kind: WatchlistKind;
  description?: string;
  weight: number;
  lane: Lane;
}

export interface WatchlistEntryInput {
  schema: string;
  names?: string[];
  countries?: string[];
  birthDate?: string;
  imoNumber?: string;
  containerNumber?: string;
  documentNumber?: string;
  externalId?: string;
  notes?: string;
}

export interface WatchlistChange {
  added: number;
  replaced: number;
  rejected: number;
  problems: { line?: number; index?: number; field: string; message: string }[];
  retroHuntJobId: string | null;
}

export type TokenMatchKind = 'exact' | 'translit' | 'phonetic' | 'fuzzy' | 'initial' | 'merged' | 'acronym' | 'missing' | 'conflict';

export interface ScreenHit {
  entryId: string;
  watchlistId: string;
  watchlist: string;
  score: number;
  matchedName: string;
  schema: string;
  explanation: {
    tokensA: string[];
    tokensB: string[];
    matches: { a: string | null; b: string | null; kind: TokenMatchKind; similarity: number; distance?: number; weight: number }[];
    legalForms: { a: string[]; b: string[]; compatible: boolean | null };
    penalties: string[];
    summary: string;
  };
}

// ---------------------------------------------------------------- learned risk model (server/services/risk/model*.ts)
/** Sentence templates of model contributions (`model.explain.<key>` in the strings). */
export const MODEL_EXPLAIN_KEYS = [
  'history.shipper', 'new.shipper', 'history.consignee', 'new.consignee', 'history.pair', 'new.pair',
  'history.carrier', 'new.carrier', 'history.hs', 'new.hs', 'history.hs4_origin', 'new.hs4_origin',
  'history.loading', 'new.loading', 'history.loading_country', 'new.loading_country',
  'history.transshipment', 'new.transshipment', 'history.route', 'new.route', 'history.origin', 'new.origin',
  'history.unit', 'new.unit',
  'value_per_kg.farBelow', 'value_per_kg.below', 'value_per_kg.usual', 'value_per_kg.above', 'value_per_kg.farAbove', 'value_per_kg.noHistory', 'value_per_kg.missing',
  'gross_per_package.farBelow', 'gross_per_package.below', 'gross_per_package.usual', 'gross_per_package.above', 'gross_per_package.farAbove', 'gross_per_package.noHistory', 'gross_per_package.missing',
  'qualityScore', 'goodsItems', 'containers', 'transshipments', 'mode',
] as const;
export type ModelExplainKey = (typeof MODEL_EXPLAIN_KEYS)[number];

export interface ModelContribution {
  feature: string;
  key: string;
  params: Record<string, string | number>;
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

export interface ModelSample {
  rows: number;
  positives: number;
  baseRate: number | null;
  auc: number | null;
  top: { fraction: number; rows: number; hits: number; precision: number | null }[];
}

export interface ModelMetrics {
  training: { rows: number; positives: number; controlRows: number; controlPositives: number; from: string; to: string };
  validation: { from: string | null; to: string | null; inspected: ModelSample; control: ModelSample } | null;
  bestRounds: number;
  trees: number;
  importance: { feature: string; share: number }[];
}

export interface ModelVersion {
  id: string;
  country: string | null;
  version: number;
  state: 'candidate' | 'active' | 'retired';
  metrics: ModelMetrics;
  trainingFrom: string | null;
  trainingTo: string | null;
  rows: number;
  positives: number;
  trainedAt: string;
  trainedByName: string | null;
  activatedAt: string | null;
  activatedByName: string | null;
  minPositivesToActivate: number;
  can: { activate: boolean; rollback: boolean; train: boolean };
}

export interface ModelDrift {
  days: number;
  fraction: number;
  minRows: number;
  recentRows: number;
  recentPositives: number;
  recentPrecision: number | null;
  validationPrecision: number | null;
  status: 'ok' | 'drift' | 'insufficient';
}

export type ModelVersionDetail = ModelVersion & { drift: ModelDrift };

// ---------------------------------------------------------------- risk: form builder of rules
export interface RuleField {
  name: string;
  type: 'number' | 'string' | 'boolean' | 'date';
  array: boolean;
  description: string;
}
export type BuilderOperator =
  | '='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'in'
  | 'not in'
  | 'startsWith'
  | 'not startsWith'
  | 'endsWith'
  | 'not endsWith'
  | 'contains'
  | 'not contains'
  | 'matches'
  | 'not matches'
  | 'between'
  | 'not between'
  | 'is missing'
  | 'is present';
export type BuilderScalar = string | number | boolean;
export type BuilderValue = BuilderScalar | BuilderScalar[] | { list: string } | { from: BuilderScalar; to: BuilderScalar };
export interface BuilderCondition {
  field: string;
  operator: BuilderOperator;
  value?: BuilderValue;
}
export interface BuilderSpec {
  join: 'and' | 'or';
  conditions: BuilderCondition[];
}
