/**
 * Risk-profile rule language: compile analysts' rules to closures and run
 * them over consignment facts. See docs/rules.md and
 * docs/decisions/0006-rule-language.md.
 */
export { compileRule, type CompileOptions, type CompileResult, type CompiledRule, type ListResolver, type ListValues, type ListItem } from './compile.ts';
export type { RuleError, RuleErrorCode } from './errors.ts';
export { PreparedFacts, prepareFacts } from './facts.ts';
export {
  FIELDS,
  INDICATOR_NAMES,
  findField,
  fieldTypeName,
  type ConsignmentFacts,
  type FieldDef,
  type FieldType,
  type GoodsItemFacts,
  type IndicatorFacts,
  type IndicatorName,
  type PartyFacts,
  type TextForm,
} from './fields.ts';
export { parseRule, MAX_NESTING, MAX_SOURCE_LENGTH } from './parser.ts';
export { MAX_MATCH_INPUT, MAX_PATTERN_LENGTH } from './regex-safety.ts';
export { builderToRule, ruleToBuilder, type BuilderCondition, type BuilderOperator, type BuilderSpec, type BuilderValue } from './builder.ts';
export { testRule, testRuleAsync, type RuleTestFacts, type RuleTestOptions, type RuleTestResult } from './test-rule.ts';
export { createRuleSet, type RuleSet } from './rule-set.ts';
