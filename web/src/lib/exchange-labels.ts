/** Labels and options for the exchange enums (TLP, distribution, states, feedback), in the UI language. */
import type { TFunction } from 'i18next';
import { isApiError } from '../api/client.ts';
import {
  DISTRIBUTIONS,
  FEEDBACK_ACTIONS,
  FEEDBACK_RESULTS,
  REQUEST_STATES,
  TLP_LEVELS,
  WARNING_STATES,
  type Distribution,
  type FeedbackAction,
  type FeedbackResult,
  type FeedbackStatus,
  type HintKind,
  type RequestState,
  type Tlp,
  type WarningState,
} from '../api/exchange.types.ts';

/** i18n keys cannot hold "+": AMBER+STRICT → AMBER_STRICT. */
export type TlpKey = 'CLEAR' | 'GREEN' | 'AMBER' | 'AMBER_STRICT' | 'RED';
export const tlpKey = (tlp: Tlp): TlpKey => (tlp === 'AMBER+STRICT' ? 'AMBER_STRICT' : tlp);

export const distributionLabel = (t: TFunction, d: Distribution) => t(`exchange.distributions.${d}`);
export const warningStateLabel = (t: TFunction, s: WarningState) => t(`exchange.warningStates.${s}`);
export const requestStateLabel = (t: TFunction, s: RequestState) => t(`exchange.requestStates.${s}`);
export const feedbackStatusLabel = (t: TFunction, s: FeedbackStatus) => t(`exchange.feedbackStatuses.${s}`);
export const feedbackActionLabel = (t: TFunction, a: FeedbackAction) => t(`exchange.feedbackActions.${a}`);
export const feedbackResultLabel = (t: TFunction, r: FeedbackResult) => t(`exchange.feedbackResults.${r}`);
export const hintKindLabel = (t: TFunction, k: HintKind) => t(`exchange.hintKinds.${k}`);

export const tlpOptions = () => TLP_LEVELS.map((v) => ({ value: v, label: `TLP:${v}` }));
export const distributionOptions = (t: TFunction) => DISTRIBUTIONS.map((d) => ({ value: d, label: distributionLabel(t, d) }));
export const warningStateOptions = (t: TFunction) => WARNING_STATES.map((s) => ({ value: s, label: warningStateLabel(t, s) }));
export const requestStateOptions = (t: TFunction) => REQUEST_STATES.map((s) => ({ value: s, label: requestStateLabel(t, s) }));
export const feedbackActionOptions = (t: TFunction) => FEEDBACK_ACTIONS.map((a) => ({ value: a, label: feedbackActionLabel(t, a) }));
export const feedbackResultOptions = (t: TFunction) => FEEDBACK_RESULTS.map((r) => ({ value: r, label: feedbackResultLabel(t, r) }));

export const WARNING_STATE_COLORS: Record<WarningState, string> = { pending_approval: 'yellow', sent: 'blue', withdrawn: 'gray' };
export const REQUEST_STATE_COLORS: Record<RequestState, string> = { open: 'blue', answered: 'teal', closed: 'gray' };

/** Is this TLP allowed with this distribution (the server's rule, explained inline before sending)? */
export function tlpAllows(tlp: Tlp, distribution: Distribution, namedUnits: number): boolean {
  switch (tlp) {
    case 'RED':
      return distribution === 'named' && namedUnits > 0;
    case 'AMBER':
    case 'AMBER+STRICT':
      return distribution !== 'network';
    case 'GREEN':
    case 'CLEAR':
      return true;
  }
}

/** May a received warning of this TLP be forwarded, and where (TLP 2.0 re-sharing rules)? */
export function forwardScope(tlp: Tlp): 'anyone' | 'own_country' | 'never' {
  switch (tlp) {
    case 'CLEAR':
    case 'GREEN':
      return 'anyone';
    case 'AMBER':
      return 'own_country';
    case 'AMBER+STRICT':
    case 'RED':
      return 'never';
  }
}

export function isHintKind(v: string): v is HintKind {
  return v === 'container' || v === 'document' || v === 'vessel' || v === 'party';
}

const EXCHANGE_ERRORS = ['TLP_FORWARD_REFUSED', 'ATTACHMENT_TYPE_NOT_ALLOWED', 'ATTACHMENT_TOO_LARGE'] as const;
type ExchangeErrorCode = (typeof EXCHANGE_ERRORS)[number];
const isExchangeError = (code: string): code is ExchangeErrorCode => (EXCHANGE_ERRORS as readonly string[]).includes(code);

/** The exchange's own error codes in the UI language (ErrorAlert shows other errors as usual). */
export function exchangeError(t: TFunction, e: unknown): unknown {
  if (isApiError(e) && isExchangeError(e.code)) return new Error(t(`exchange.errors.${e.code}`));
  return e;
}
