/**
 * The profile editor's form builder: the rule fields analysts can pick, and the conversion between a form
 * (conditions joined by one and/or) and the rule text, both done by engine/rules/builder.ts so the form and the
 * language never disagree.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { errorResponses } from '../schemas.ts';
import { AppError } from '../../errors.ts';
import { FIELDS, builderToRule, ruleToBuilder, type BuilderSpec } from '../../engine/rules/index.ts';

const OPERATORS = [
  '=', '!=', '<', '<=', '>', '>=', 'in', 'not in', 'startsWith', 'not startsWith', 'endsWith', 'not endsWith',
  'contains', 'not contains', 'matches', 'not matches', 'between', 'not between', 'is missing', 'is present',
] as const;
const Scalar = Type.Union([Type.String({ maxLength: 500 }), Type.Number(), Type.Boolean()]);
const ValueSchema = Type.Union([
  Scalar,
  Type.Array(Scalar, { maxItems: 500 }),
  Type.Object({ list: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }),
  Type.Object({ from: Scalar, to: Scalar }, { additionalProperties: false }),
]);
const ConditionSchema = Type.Object(
  {
    field: Type.String({ minLength: 1, maxLength: 100 }),
    operator: Type.Union(OPERATORS.map((o) => Type.Literal(o))),
    value: Type.Optional(ValueSchema),
  },
  { additionalProperties: false },
);
const SpecSchema = Type.Object({ join: Type.Union([Type.Literal('and'), Type.Literal('or')]), conditions: Type.Array(ConditionSchema, { minItems: 1, maxItems: 50 }) }, { additionalProperties: false });
const FieldJson = Type.Object({ name: Type.String(), type: Type.String(), array: Type.Boolean(), description: Type.String() });

export async function ruleBuilderRoutes(app: FastifyInstance) {
  app.get(
    '/rule-fields',
    { schema: { tags: ['risk'], summary: 'Fields rules can read (name, type, whether several values, meaning) — docs/rules.md', response: { 200: Type.Object({ data: Type.Array(FieldJson) }), ...errorResponses } } },
    async () => ({ data: FIELDS.map((f) => ({ name: f.name, type: f.type, array: f.array, description: f.description })) }),
  );
  app.post(
    '/rule-builder/text',
    {
      schema: {
        tags: ['risk'],
        summary: 'Rule text of a form (conditions joined by and/or)',
        body: SpecSchema,
        response: { 200: Type.Object({ data: Type.Object({ rule: Type.String() }) }), ...errorResponses },
      },
    },
    async (request) => {
      const spec = request.body as BuilderSpec;
      spec.conditions.forEach((c, i) => {
        if (!FIELDS.some((f) => f.name === c.field)) throw new AppError('VALIDATION_FAILED', `Unknown rule field "${c.field}"`, { field: `conditions[${i}].field` });
        const needs = c.operator === 'is missing' || c.operator === 'is present' ? false : true;
        if (needs && c.value === undefined) throw new AppError('VALIDATION_FAILED', `${c.field} ${c.operator} needs a value`, { field: `conditions[${i}].value` });
      });
      try {
        return { data: { rule: builderToRule(spec) } };
      } catch (err) {
        const m = /condition (\d+)/.exec((err as Error).message);
        throw new AppError('VALIDATION_FAILED', (err as Error).message, { field: m ? `conditions[${Number(m[1]) - 1}].value` : 'conditions' });
      }
    },
  );
  app.post(
    '/rule-builder/form',
    {
      schema: {
        tags: ['risk'],
        summary: 'The form of a rule, or null when the text is not a flat list of simple conditions joined by one and/or',
        body: Type.Object({ rule: Type.String({ maxLength: 20000 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ data: Type.Object({ spec: Type.Union([SpecSchema, Type.Null()]) }) }), ...errorResponses },
      },
    },
    async (request) => ({ data: { spec: ruleToBuilder((request.body as { rule: string }).rule) } }),
  );
}
