/** Translated labels for API enums and localised names of directory records. */
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { AgencyKind, Country, Decision, ImportState, InspectionMethod, InspectionOutcome, Lane, ListKind, OwnerScope, ProblemLevel, ProfileState, Role, UnitKind } from '../api/types.ts';
import { DECISIONS, INSPECTION_METHODS, INSPECTION_OUTCOMES, LANES, LIST_KINDS, OWNER_SCOPES, ROLES, TRANSPORT_MODES, UNIT_KINDS } from '../api/types.ts';
import { useCountries } from '../api/queries.ts';

export const roleLabel = (t: TFunction, role: Role) => t(`roles.${role}`);
export const unitKindLabel = (t: TFunction, kind: UnitKind) => t(`unitKinds.${kind}`);
export const agencyKindLabel = (t: TFunction, kind: AgencyKind) => t(`agencyKinds.${kind}`);

export const roleOptions = (t: TFunction, roles: readonly Role[] = ROLES) => roles.map((r) => ({ value: r, label: roleLabel(t, r) }));
export const unitKindOptions = (t: TFunction) => UNIT_KINDS.map((k) => ({ value: k, label: unitKindLabel(t, k) }));

export const AUDIT_PREFIXES = ['auth', 'token', 'user', 'agency', 'unit', 'import', 'consignments', 'risk_profile', 'risk_list', 'targeting', 'inspection', 'settings', 'system'] as const;

/** "auth" → "Logins and 2FA"; prefixes of newer event types are shown as they are. */
export function auditPrefixLabel(t: TFunction, i18nExists: (key: string) => boolean, prefix: string): string {
  const key = `audit.prefixes.${prefix}`;
  return i18nExists(key) ? (t as unknown as (k: string) => string)(key) : prefix;
}

/** "auth.login" → "Logged in"; unknown types (newer server) are shown as they are. */
export function auditTypeLabel(t: TFunction, i18nExists: (key: string) => boolean, type: string): string {
  const key = `auditTypes.${type}`;
  return i18nExists(key) ? (t as unknown as (k: string) => string)(key) : type;
}

export function entityTypeLabel(t: TFunction, i18nExists: (key: string) => boolean, type: string): string {
  const key = `entityTypes.${type}`;
  return i18nExists(key) ? (t as unknown as (k: string) => string)(key) : type;
}

export function localName(lang: string, item: { name: string; nameRu: string | null }): string {
  return lang === 'ru' && item.nameRu ? item.nameRu : item.name;
}

export function countryName(lang: string, c: Pick<Country, 'nameEn' | 'nameRu'>): string {
  return lang === 'ru' ? c.nameRu : c.nameEn;
}

/** Country names in the UI language, plus select options (network members first). */
export function useCountryNames() {
  const { i18n } = useTranslation();
  const lang = i18n.language;
  const { data } = useCountries();
  const byIso = useMemo(() => new Map((data ?? []).map((c) => [c.iso2, c])), [data]);
  const name = useCallback((iso2: string | null | undefined) => {
    if (!iso2) return '';
    const c = byIso.get(iso2);
    return c ? countryName(lang, c) : iso2;
  }, [byIso, lang]);
  const sorted = useMemo(() => sortCountries(data ?? [], lang), [data, lang]);
  const memberOptions = useMemo(() => sorted.filter((c) => c.member).map((c) => ({ value: c.iso2, label: countryName(lang, c) })), [sorted, lang]);
  return { name, countries: sorted, memberOptions, loaded: !!data };
}

export function sortCountries(list: Country[], lang: string): Country[] {
  const collator = new Intl.Collator(lang);
  return [...list].sort((a, b) => (a.member === b.member ? collator.compare(countryName(lang, a), countryName(lang, b)) : a.member ? -1 : 1));
}

// ---------------------------------------------------------------- cargo, risk and targeting enums


/** Translates `${group}.${value}` when the UI knows the value, else shows it as the server sent it (newer server). */
function known(t: TFunction, group: string, value: string): string {
  const key = `${group}.${value}`;
  const tt = t as unknown as (k: string, o?: { defaultValue: string }) => string;
  return tt(key, { defaultValue: value });
}

export const laneLabel = (t: TFunction, lane: Lane) => t(`lanes.${lane}`);
export const decisionLabel = (t: TFunction, d: Decision) => t(`decisions.${d}`);
export const methodLabel = (t: TFunction, m: InspectionMethod) => t(`inspectionMethods.${m}`);
export const outcomeLabel = (t: TFunction, o: InspectionOutcome) => t(`inspectionOutcomes.${o}`);
export const ownerScopeLabel = (t: TFunction, s: OwnerScope) => t(`ownerScopes.${s}`);
export const profileStateLabel = (t: TFunction, s: ProfileState) => t(`profileStates.${s}`);
export const listKindLabel = (t: TFunction, k: ListKind) => t(`listKinds.${k}`);
export const importStateLabel = (t: TFunction, s: ImportState) => t(`importStates.${s}`);
export const problemLevelLabel = (t: TFunction, l: ProblemLevel) => t(`problemLevels.${l}`);
export const modeLabel = (t: TFunction, mode: string) => known(t, 'modes', mode);
export const formatLabel = (t: TFunction, format: string) => known(t, 'intakeFormats', format);
export const partyRoleLabel = (t: TFunction, role: string) => known(t, 'partyRoles', role);
export const documentTypeLabel = (t: TFunction, type: string) => known(t, 'documentTypes', type);

export const laneOptions = (t: TFunction, lanes: readonly Lane[] = LANES) => lanes.map((l) => ({ value: l, label: laneLabel(t, l) }));
export const decisionOptions = (t: TFunction) => DECISIONS.map((d) => ({ value: d, label: decisionLabel(t, d) }));
export const methodOptions = (t: TFunction) => INSPECTION_METHODS.map((m) => ({ value: m, label: methodLabel(t, m) }));
export const outcomeOptions = (t: TFunction) => INSPECTION_OUTCOMES.map((o) => ({ value: o, label: outcomeLabel(t, o) }));
export const ownerScopeOptions = (t: TFunction) => OWNER_SCOPES.map((s) => ({ value: s, label: ownerScopeLabel(t, s) }));
export const listKindOptions = (t: TFunction) => LIST_KINDS.map((k) => ({ value: k, label: listKindLabel(t, k) }));
export const modeOptions = (t: TFunction) => TRANSPORT_MODES.map((m) => ({ value: m, label: modeLabel(t, m) }));

export const LANE_COLORS: Record<Lane, string> = { red: 'red', yellow: 'yellow', green: 'teal', blue: 'blue' };
