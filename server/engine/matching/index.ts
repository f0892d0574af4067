export { compareNames, compareNormalised, tokenSimilarity, DEFAULT_THRESHOLD, MATCH_PARAMS } from './compare.ts';
export type { CompareResult, MatchExplanation, MatchKind, MatchParams, TokenMatch } from './compare.ts';
export { normaliseName, fingerprint, cleanNameAscii, cleanNameLight, schemaClass, splitWords } from './normalise.ts';
export type { NameToken, NormalisedName, SchemaClass, SchemaInput, TokenKind } from './normalise.ts';
export { transliterate, maybeAscii, isoAscii } from './translit.ts';
export { phoneticKey, consonantKey } from './phonetic.ts';
export { LEGAL_FORMS } from './legal-forms.ts';
