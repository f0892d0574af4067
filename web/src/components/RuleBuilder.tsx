import { ActionIcon, Button, Code, Group, NumberInput, Paper, SegmentedControl, Select, SimpleGrid, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ruleBuilderApi } from '../api/endpoints.ts';
import { useRiskLists, useRuleFields } from '../api/queries.ts';
import type { BuilderCondition, BuilderOperator, BuilderScalar, BuilderSpec, RuleField } from '../api/types.ts';
import { ErrorAlert } from './ErrorAlert.tsx';

/** One row of the form as edited (values as typed; converted to a BuilderCondition for the server). */
export interface BuilderRow {
  field: string;
  operator: BuilderOperator;
  text: string;
  values: string[];
  list: string | null;
  useList: boolean;
  from: string;
  to: string;
}

export interface BuilderState {
  join: 'and' | 'or';
  rows: BuilderRow[];
}

const MULTI: readonly BuilderOperator[] = ['in', 'not in'];
const ANY_OF: readonly BuilderOperator[] = ['startsWith', 'not startsWith', 'endsWith', 'not endsWith', 'contains', 'not contains'];
const RANGE: readonly BuilderOperator[] = ['between', 'not between'];
const NO_VALUE: readonly BuilderOperator[] = ['is missing', 'is present'];

export function operatorsFor(field: RuleField | undefined): BuilderOperator[] {
  switch (field?.type) {
    case 'number':
    case 'date':
      return ['=', '!=', '<', '<=', '>', '>=', 'between', 'not between', 'in', 'not in', 'is missing', 'is present'];
    case 'boolean':
      return ['=', 'is missing', 'is present'];
    default:
      return ['=', '!=', 'in', 'not in', 'startsWith', 'not startsWith', 'endsWith', 'contains', 'not contains', 'matches', 'is missing', 'is present'];
  }
}

export const emptyRow = (field = 'goods.hs'): BuilderRow => ({ field, operator: field === 'goods.hs' ? 'startsWith' : '=', text: '', values: [], list: null, useList: false, from: '', to: '' });

function scalar(field: RuleField | undefined, text: string): BuilderScalar {
  const t = text.trim();
  if (field?.type === 'number' && t !== '' && Number.isFinite(Number(t))) return Number(t);
  if (field?.type === 'boolean') return t !== 'false';
  return t;
}

/** Form state → the spec the server turns into rule text. */
export function toSpec(state: BuilderState, fields: RuleField[]): BuilderSpec {
  const byName = new Map(fields.map((f) => [f.name, f]));
  const conditions = state.rows.map((r): BuilderCondition => {
    const f = byName.get(r.field);
    if (NO_VALUE.includes(r.operator)) return { field: r.field, operator: r.operator };
    if (RANGE.includes(r.operator)) return { field: r.field, operator: r.operator, value: { from: scalar(f, r.from), to: scalar(f, r.to) } };
    if (MULTI.includes(r.operator) || (ANY_OF.includes(r.operator) && (r.useList || r.values.length > 1))) {
      if (r.useList && r.list) return { field: r.field, operator: r.operator, value: { list: r.list } };
      return { field: r.field, operator: r.operator, value: r.values.map((v) => scalar(f, v)) };
    }
    return { field: r.field, operator: r.operator, value: scalar(f, ANY_OF.includes(r.operator) && r.values.length === 1 ? r.values[0]! : r.text) };
  });
  return { join: state.join, conditions };
}

/** The server's spec of a rule → form state. */
export function fromSpec(spec: BuilderSpec): BuilderState {
  return {
    join: spec.join,
    rows: spec.conditions.map((c): BuilderRow => {
      const row = { ...emptyRow(c.field), operator: c.operator };
      const v = c.value;
      if (v === undefined) return row;
      if (Array.isArray(v)) return { ...row, values: v.map(String) };
      if (typeof v === 'object' && 'list' in v) return { ...row, useList: true, list: v.list };
      if (typeof v === 'object' && 'from' in v) return { ...row, from: String(v.from), to: String(v.to) };
      return ANY_OF.includes(c.operator) ? { ...row, values: [String(v)], text: String(v) } : { ...row, text: String(v) };
    }),
  };
}

function ValueInput({ row, field, onChange }: { row: BuilderRow; field: RuleField | undefined; onChange: (r: Partial<BuilderRow>) => void }) {
  const { t } = useTranslation();
  const lists = useRiskLists();
  const label = t('ruleBuilder.value');
  if (NO_VALUE.includes(row.operator)) return <Text size="sm" c="dimmed">—</Text>;
  if (RANGE.includes(row.operator)) {
    return (
      <Group gap={4} wrap="nowrap">
        <TextInput aria-label={t('ruleBuilder.from')} placeholder={t('ruleBuilder.from')} value={row.from} onChange={(e) => onChange({ from: e.currentTarget.value })} w={110} />
        <TextInput aria-label={t('ruleBuilder.to')} placeholder={t('ruleBuilder.to')} value={row.to} onChange={(e) => onChange({ to: e.currentTarget.value })} w={110} />
      </Group>
    );
  }
  if (field?.type === 'boolean') {
    return <Select aria-label={label} data={[{ value: 'true', label: t('ruleBuilder.true') }, { value: 'false', label: t('ruleBuilder.false') }]} value={row.text || 'true'} onChange={(v) => onChange({ text: v ?? 'true' })} allowDeselect={false} w={140} />;
  }
  if (MULTI.includes(row.operator) || ANY_OF.includes(row.operator)) {
    return (
      <Stack gap={4} style={{ flex: 1 }}>
        <SegmentedControl
          size="xs"
          data={[
            { value: 'values', label: t('ruleBuilder.values') },
            { value: 'list', label: t('ruleBuilder.list') },
          ]}
          value={row.useList ? 'list' : 'values'}
          onChange={(v) => onChange({ useList: v === 'list' })}
          style={{ alignSelf: 'flex-start' }}
        />
        {row.useList ? (
          <Select
            aria-label={t('ruleBuilder.list')}
            placeholder={t('ruleBuilder.pickList')}
            data={(lists.data ?? []).map((l) => ({ value: l.name, label: `${l.name} (${l.items.length})` }))}
            value={row.list}
            onChange={(v) => onChange({ list: v })}
            searchable
            nothingFoundMessage={t('ruleBuilder.noLists')}
          />
        ) : (
          <TagsInput aria-label={label} placeholder={t('ruleBuilder.valuesHint')} value={row.values} onChange={(v) => onChange({ values: v, text: v[0] ?? '' })} splitChars={[',', ' ', ';']} clearable />
        )}
      </Stack>
    );
  }
  if (field?.type === 'number') return <NumberInput aria-label={label} value={row.text === '' ? '' : Number(row.text)} onChange={(v) => onChange({ text: String(v) })} w={160} decimalScale={6} />;
  return <TextInput aria-label={label} value={row.text} onChange={(e) => onChange({ text: e.currentTarget.value })} style={{ flex: 1 }} placeholder={field?.type === 'date' ? '2026-01-31' : undefined} />;
}

/**
 * Form builder of the profile editor: field – operator – value rows joined by and/or, list pickers for
 * `in list(...)`, and the rule text it makes shown beside it (generated by the server's rule engine).
 */
export function RuleBuilder({ state, onChange, onText }: { state: BuilderState; onChange: (s: BuilderState) => void; onText: (rule: string) => void }) {
  const { t } = useTranslation();
  const fieldsQuery = useRuleFields();
  const fields = fieldsQuery.data ?? [];
  const byName = new Map(fields.map((f) => [f.name, f]));
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>(null);
  const specKey = JSON.stringify(fields.length ? toSpec(state, fields) : null);

  useEffect(() => {
    if (!fields.length) return;
    const spec = toSpec(state, fields);
    let cancelled = false;
    const timer = setTimeout(() => {
      ruleBuilderApi.text(spec).then(
        (rule) => {
          if (cancelled) return;
          setText(rule);
          setError(null);
          onText(rule);
        },
        (e: unknown) => {
          if (!cancelled) setError(e);
        },
      );
    }, 200);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
    // Regenerate when the spec changes (specKey), not on every render.
  }, [specKey]);

  const setRow = (i: number, patch: Partial<BuilderRow>) => onChange({ ...state, rows: state.rows.map((r, k) => (k === i ? { ...r, ...patch } : r)) });
  const fieldOptions = fields.map((f) => ({ value: f.name, label: f.name }));
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" data-testid="rule-builder">
      <Stack gap="xs">
        <ErrorAlert error={fieldsQuery.error} />
        <Group gap="xs">
          <Text size="sm" fw={500} id="builder-join-label">
            {t('ruleBuilder.join')}
          </Text>
          <SegmentedControl
            size="xs"
            aria-labelledby="builder-join-label"
            data={[
              { value: 'and', label: t('ruleBuilder.and') },
              { value: 'or', label: t('ruleBuilder.or') },
            ]}
            value={state.join}
            onChange={(v) => onChange({ ...state, join: v === 'or' ? 'or' : 'and' })}
          />
        </Group>
        {state.rows.map((row, i) => {
          const field = byName.get(row.field);
          const ops = operatorsFor(field);
          return (
            <Paper key={i} withBorder p="xs" data-testid="builder-row">
              <Stack gap={6}>
                <Group gap={6} align="flex-start" wrap="nowrap">
                  <Select
                    aria-label={t('ruleBuilder.field')}
                    data={fieldOptions}
                    value={row.field}
                    onChange={(v) => {
                      const f = byName.get(v ?? '');
                      setRow(i, { field: v ?? row.field, operator: operatorsFor(f).includes(row.operator) ? row.operator : operatorsFor(f)[0]! });
                    }}
                    searchable
                    allowDeselect={false}
                    style={{ flex: 1 }}
                    classNames={{ input: 'mono' }}
                  />
                  <Select aria-label={t('ruleBuilder.operator')} data={ops} value={row.operator} onChange={(v) => setRow(i, { operator: ops.find((o) => o === v) ?? row.operator })} allowDeselect={false} w={150} classNames={{ input: 'mono' }} />
                  <ActionIcon variant="subtle" color="red" aria-label={t('ruleBuilder.removeRow', { n: i + 1 })} disabled={state.rows.length <= 1} onClick={() => onChange({ ...state, rows: state.rows.filter((_, k) => k !== i) })}>
                    ×
                  </ActionIcon>
                </Group>
                <ValueInput row={row} field={field} onChange={(p) => setRow(i, p)} />
                {field && (
                  <Text size="xs" c="dimmed">
                    {field.description}
                  </Text>
                )}
              </Stack>
            </Paper>
          );
        })}
        <Button variant="light" size="xs" onClick={() => onChange({ ...state, rows: [...state.rows, emptyRow()] })} style={{ alignSelf: 'flex-start' }}>
          {t('ruleBuilder.addRow')}
        </Button>
      </Stack>
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          {t('ruleBuilder.generated')}
        </Text>
        <ErrorAlert error={error} />
        <Code block data-testid="builder-text">
          {text || ' '}
        </Code>
        <Text size="xs" c="dimmed">
          {t('ruleBuilder.generatedHint')}
        </Text>
      </Stack>
    </SimpleGrid>
  );
}
