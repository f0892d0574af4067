/** Shapes of the information-exchange API (warnings, feedback, requests, sharing groups, correlations). Mirrors server/routes/exchange/** and docs/exchange.md. */

export const TLP_LEVELS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;
export type Tlp = (typeof TLP_LEVELS)[number];
export const DISTRIBUTIONS = ['own_unit', 'own_country', 'named', 'group', 'network'] as const;
export type Distribution = (typeof DISTRIBUTIONS)[number];
export const WARNING_STATES = ['pending_approval', 'sent', 'withdrawn'] as const;
export type WarningState = (typeof WARNING_STATES)[number];
export const WARNING_BOXES = ['inbox', 'outbox', 'all'] as const;
export type WarningBox = (typeof WARNING_BOXES)[number];
export const FEEDBACK_STATUSES = ['acknowledged', 'actioned'] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];
export const FEEDBACK_ACTIONS = ['xray', 'physical', 'documentary', 'none'] as const;
export type FeedbackAction = (typeof FEEDBACK_ACTIONS)[number];
export const FEEDBACK_RESULTS = ['pending', 'no_find', 'irregularity', 'seizure'] as const;
export type FeedbackResult = (typeof FEEDBACK_RESULTS)[number];
export const REQUEST_STATES = ['open', 'answered', 'closed'] as const;
export type RequestState = (typeof REQUEST_STATES)[number];
export const HINT_KINDS = ['container', 'document', 'vessel', 'party'] as const;
export type HintKind = (typeof HINT_KINDS)[number];

export interface WarningParty {
  name: string;
  role?: string;
  country?: string;
}

export interface WarningFacts {
  containers: string[];
  documents: string[];
  vesselImo?: string;
  voyage?: string;
  parties: WarningParty[];
  route?: string[];
  goods?: string;
}

export interface WarningSummary {
  id: string;
  subject: string;
  state: WarningState;
  tlp: Tlp;
  distribution: Distribution;
  senderCountry: string;
  senderUnitCode?: string | null;
  deadline: string | null;
  sentAt: string | null;
  createdAt: string;
  expiresAt: string;
  feedbackCount: number;
  matchesHere: number;
  overdue: boolean;
}

export interface Warning {
  id: string;
  senderUnitId: string;
  senderCountry: string;
  createdBy: string;
  state: WarningState;
  subject: string;
  facts: WarningFacts;
  reasons: string;
  requestedAction: string;
  deadline: string | null;
  tlp: Tlp;
  distribution: Distribution;
  sourceConsignmentId: string | null;
  groupId: string | null;
  forwardedFrom: string | null;
  redactPersonal: boolean;
  redacted?: boolean;
  expiresAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  sentAt: string | null;
  createdAt: string;
}

export interface Recipient {
  country: string;
  unitId: string | null;
}

export interface Feedback {
  id: string;
  warningId: string;
  unitId: string;
  country: string;
  status: FeedbackStatus;
  action: FeedbackAction | null;
  result: FeedbackResult;
  notes: string | null;
  createdAt: string;
}

export interface WarningMatch {
  consignmentId: string | null;
  country: string;
  matchedOn: string;
  value: string;
  createdAt: string;
}

/** One line of the sender's use log: who read, answered, forwarded or downloaded (grouped by type and country). */
export interface WarningUse {
  type: string;
  country: string | null;
  at: string;
  n: number;
}

export interface Attachment {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  createdAt: string;
}

export interface WarningDetail {
  warning: Warning;
  recipients: Recipient[];
  attachments?: Attachment[];
  feedback: Feedback[];
  matches: WarningMatch[];
  use: WarningUse[];
  can: { approve: boolean; feedback: boolean; forward?: boolean; attach?: boolean };
}

export interface WarningInput {
  subject: string;
  consignmentId?: string;
  facts?: Partial<WarningFacts>;
  reasons: string;
  requestedAction: string;
  deadline?: string;
  tlp: Tlp;
  distribution: Distribution;
  recipients?: Recipient[];
  groupId?: string;
  redactPersonal?: boolean;
  expiresInDays?: number;
}

/** GET /consignments/:id/warning-draft: a warning pre-filled from a consignment ("refer to partner"). */
export interface WarningDraft {
  consignmentId: string;
  subject: string;
  facts: WarningFacts;
  reasons: string;
  riskScore: number | null;
  requestedAction: string;
  deadline: string | null;
  tlp: Tlp;
  distribution: Distribution;
  recipients: Recipient[];
}

export interface FeedbackInput {
  status: FeedbackStatus;
  action?: FeedbackAction;
  result?: FeedbackResult;
  notes?: string;
}

export interface ForwardInput {
  recipients: Recipient[];
  note?: string;
}

export interface SharingGroupMember {
  country: string;
  unitId: string | null;
  unitCode: string | null;
  unitName: string | null;
  addedAt: string;
}

export interface SharingGroup {
  id: string;
  name: string;
  description: string;
  ownerUnitId: string;
  ownerCountry: string;
  ownerUnitCode: string | null;
  createdAt: string;
  members?: SharingGroupMember[];
  memberCount?: number;
  can: { manage: boolean };
}

export interface InformationRequestSummary {
  id: string;
  subject: string;
  state: RequestState;
  tlp: Tlp;
  senderCountry: string;
  senderUnitId: string;
  senderUnitCode: string;
  recipientCountry: string;
  recipientUnitId: string | null;
  recipientUnitCode: string | null;
  deadline: string | null;
  warningId: string | null;
  hintKind: HintKind | null;
  createdAt: string;
  updatedAt: string;
  replyCount: number;
  overdue: boolean;
  outgoing: boolean;
}

export interface RequestReply {
  id: string;
  unitId: string;
  unitCode: string;
  country: string;
  body: string;
  createdAt: string;
}

/** The stored request (GET /requests/:id). */
export interface InformationRequest {
  id: string;
  senderUnitId: string;
  senderCountry: string;
  createdBy: string;
  recipientCountry: string;
  recipientUnitId: string | null;
  subject: string;
  body: string;
  tlp: Tlp;
  state: RequestState;
  warningId: string | null;
  consignmentId: string | null;
  hintKind: HintKind | null;
  hintValue: string | null;
  deadline: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface RequestDetail {
  request: InformationRequest;
  replies: RequestReply[];
  can: { reply: boolean; close: boolean };
}

export interface RequestInput {
  recipientCountry: string;
  recipientUnitId?: string | null;
  subject: string;
  body: string;
  tlp: Tlp;
  warningId?: string;
  consignmentId?: string;
  hint?: { kind: HintKind; value: string };
  deadline?: string;
}

/** A related record the caller may open. */
export interface CorrelationItem {
  type: 'consignment' | 'warning';
  id: string;
  label: string;
  country: string;
  on: HintKind;
  value: string;
}

/** Related information held where the caller may not look: only its kind and holder country (value is the caller's own). */
export interface CorrelationHint {
  kind: HintKind;
  holderCountry: string;
  value: string;
}

export interface Correlations {
  source: { type: 'consignment' | 'warning'; id: string };
  items: CorrelationItem[];
  hints: CorrelationHint[];
}
