import { Alert, Anchor, Button, Center, Group, List, Loader, NumberInput, Paper, SegmentedControl, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { isApiError } from '../api/client.ts';
import { riskApi } from '../api/endpoints.ts';
import { keys, useProfile } from '../api/queries.ts';
import type { Lane, OwnerScope, ProfileDetail, RuleError, RuleTestResult } from '../api/types.ts';
import { LANES, OWNER_SCOPES } from '../api/types.ts';
import { defaultScope, useMe } from '../auth/session.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { OwnerText, useUnitCodes } from '../components/OwnerText.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { RuleEditor } from '../components/RuleEditor.tsx';
import { RuleBuilder, emptyRow, fromSpec, type BuilderState } from '../components/RuleBuilder.tsx';
import { ruleBuilderApi } from '../api/endpoints.ts';
import { WorkUnitSelect } from '../components/WorkUnitSelect.tsx';
import { applyFieldError } from '../lib/errors.ts';
import { formatNumber, formatPercent } from '../lib/format.ts';
import { laneOptions, ownerScopeLabel } from '../lib/labels.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';

const FIELDS = ['name', 'weight', 'lane', 'reason', 'instruction', 'ownerScope', 'ownerUnitId'] as const;

interface Values {
  ownerScope: OwnerScope;
  ownerUnitId: string | null;
  name: string;
  rule: string;
  weight: number | string;
  lane: Lane;
  reason: string;
  instruction: string;
}

/** The rule errors of a RULE_INVALID answer (details.errors: line, column, message), else none. */
function ruleErrorsOf(e: unknown): RuleError[] {
  if (!isApiError(e) || e.code !== 'RULE_INVALID') return [];
  const list = e.details.errors;
  if (!Array.isArray(list)) return [{ line: 1, column: 1, message: e.message }];
  return list.filter((x): x is RuleError => typeof x === 'object' && x !== null && typeof (x as RuleError).line === 'number' && typeof (x as RuleError).message === 'string');
}

function TestResult({ r }: { r: RuleTestResult }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <Stack gap="xs" data-testid="test-result" aria-live="polite">
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="xs">
        {(
          [
            ['consignments', r.consignments],
            ['hits', r.hits],
            ['inspected', r.inspected],
            ['positive', r.positive],
          ] as const
        ).map(([k, v]) => (
          <Paper withBorder p="xs" key={k}>
            <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
              {t(`profileEditor.test.${k}`)}
            </Text>
            <Text fw={700} size="lg" data-testid={`test-${k}`}>
              {formatNumber(v, lang)}
            </Text>
          </Paper>
        ))}
        <Paper withBorder p="xs">
          <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
            {t('profileEditor.test.hitRate')}
          </Text>
          <Text fw={700} size="lg">
            {r.hitRate === null ? t('common.none') : formatPercent(r.hitRate, lang)}
          </Text>
        </Paper>
      </SimpleGrid>
      {r.samples.length > 0 && (
        <>
          <Text size="sm" fw={600}>
            {t('profileEditor.test.samples')}
          </Text>
          <List size="sm" spacing={2}>
            {r.samples.map((s, i) => (
              <List.Item key={s.id}>
                <Anchor component={Link} to={`/cargo/consignments/${s.id}`} target="_blank" size="sm">
                  {t('profileEditor.test.sample', { n: i + 1 })}
                </Anchor>
                {': '}
                <Text span size="xs" className="mono">
                  {s.explain.join('; ')}
                </Text>
              </List.Item>
            ))}
          </List>
        </>
      )}
    </Stack>
  );
}

function Editor({ profile }: { profile: ProfileDetail | null }) {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const unitCodes = useUnitCodes(me.country);
  const latest = profile?.versions.find((v) => v.version === profile.currentVersion) ?? profile?.versions[0];
  const [ruleErrors, setRuleErrors] = useState<RuleError[]>([]);
  const [days, setDays] = useState<number | string>(90);
  const [tested, setTested] = useState<RuleTestResult | null>(null);
  const [mode, setMode] = useState<'text' | 'form'>('text');
  const [builder, setBuilder] = useState<BuilderState>({ join: 'and', rows: [emptyRow()] });
  const [notExpressible, setNotExpressible] = useState(false);
  const toForm = useMutation({
    mutationFn: (rule: string) => (rule.trim() ? ruleBuilderApi.form(rule) : Promise.resolve({ join: 'and' as const, conditions: [] })),
    onSuccess: (spec) => {
      if (!spec) {
        setNotExpressible(true);
        return;
      }
      setNotExpressible(false);
      setBuilder(spec.conditions.length ? fromSpec(spec) : { join: 'and', rows: [emptyRow()] });
      setMode('form');
    },
  });

  const form = useForm<Values>({
    initialValues: {
      ownerScope: profile?.ownerScope ?? defaultScope(me),
      ownerUnitId: profile?.ownerUnitId ?? me.unit?.id ?? null,
      name: profile?.name ?? '',
      rule: latest?.rule ?? '',
      weight: latest?.weight ?? 30,
      lane: latest?.lane ?? 'yellow',
      reason: latest?.reason ?? '',
      instruction: latest?.instruction ?? '',
    },
    validate: {
      name: (v) => (profile || v.trim().length >= 3 ? null : t('validation.min3')),
      rule: (v) => (v.trim() ? null : t('validation.required')),
      weight: (v) => (Number.isInteger(Number(v)) && Number(v) >= 1 && Number(v) <= 99 ? null : t('profileEditor.weightRange')),
      reason: (v) => (v.trim().length >= 3 ? null : t('validation.min3')),
      instruction: (v) => (v.trim().length >= 3 ? null : t('validation.min3')),
      ownerUnitId: (v, all) => (!profile && all.ownerScope === 'unit' && !v ? t('validation.required') : null),
    },
  });
  const owner = profile ? { ownerScope: profile.ownerScope, ownerUnitId: profile.ownerUnitId } : { ownerScope: form.values.ownerScope, ownerUnitId: form.values.ownerScope === 'unit' ? form.values.ownerUnitId : null };

  const onError = (e: unknown) => {
    const errs = ruleErrorsOf(e);
    setRuleErrors(errs);
    if (!errs.length) applyFieldError(e, form.setFieldError, FIELDS);
  };

  const test = useMutation({
    mutationFn: () => riskApi.testRule({ ...owner, rule: form.values.rule, days: Number(days) || 90 }),
    onMutate: () => setTested(null),
    onSuccess: (r) => {
      setRuleErrors([]);
      setTested(r);
    },
    onError,
  });

  const save = useMutation({
    mutationFn: async (v: Values) => {
      const version = { rule: v.rule, weight: Number(v.weight), lane: v.lane, reason: v.reason.trim(), instruction: v.instruction.trim() };
      if (profile) return riskApi.addVersion(profile.id, version);
      return riskApi.createProfile({ ...version, name: v.name.trim(), ownerScope: v.ownerScope, ownerUnitId: v.ownerScope === 'unit' ? v.ownerUnitId : undefined });
    },
    onSuccess: async (r) => {
      setRuleErrors([]);
      notifications.show({ color: 'teal', message: profile ? t('profileEditor.versionSaved', { name: r.name, version: r.currentVersion }) : t('profileEditor.created', { name: r.name }) });
      await queryClient.invalidateQueries({ queryKey: keys.profilesAll });
      void navigate(`/risk/profiles/${r.id}`);
    },
    onError,
  });
  const shownError = (e: unknown) => (ruleErrorsOf(e).length ? null : e);

  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
      <Stack gap="md">
        <ErrorAlert error={shownError(save.error)} />
        <Paper withBorder p="md">
          <Stack gap="sm">
            {profile ? (
              <Group gap="xs">
                <Text size="sm" fw={500}>
                  {t('profiles.owner')}:
                </Text>
                <OwnerText owner={profile} unitCodes={unitCodes} />
              </Group>
            ) : (
              <>
                <Stack gap={4}>
                  <Text size="sm" fw={500} id="owner-scope-label">
                    {t('profileEditor.ownerScope')}
                  </Text>
                  <SegmentedControl
                    aria-labelledby="owner-scope-label"
                    data={OWNER_SCOPES.map((s) => ({ value: s, label: ownerScopeLabel(t, s) }))}
                    value={form.values.ownerScope}
                    onChange={(v) => {
                      form.setFieldValue('ownerScope', OWNER_SCOPES.find((s) => s === v) ?? 'unit');
                      form.clearFieldError('ownerScope');
                      setTested(null);
                    }}
                    style={{ alignSelf: 'flex-start' }}
                  />
                  <Text size="xs" c="dimmed">
                    {t(`profileEditor.scopeHint.${form.values.ownerScope}`)}
                  </Text>
                  {form.errors.ownerScope && (
                    <Text size="xs" c="red.8" role="alert">
                      {form.errors.ownerScope}
                    </Text>
                  )}
                </Stack>
                {form.values.ownerScope === 'unit' && <WorkUnitSelect me={me} value={form.values.ownerUnitId} onChange={(v) => form.setFieldValue('ownerUnitId', v)} label={t('profileEditor.ownerUnit')} />}
                <TextInput label={t('profiles.name')} required maxLength={200} {...form.getInputProps('name')} />
              </>
            )}
            <Group gap="sm">
              <Text size="sm" fw={500} id="rule-mode-label">
                {t('ruleBuilder.mode')}
              </Text>
              <SegmentedControl
                size="xs"
                aria-labelledby="rule-mode-label"
                data={[
                  { value: 'text', label: t('ruleBuilder.textMode') },
                  { value: 'form', label: t('ruleBuilder.formMode') },
                ]}
                value={mode}
                onChange={(v) => {
                  if (v === 'form') toForm.mutate(form.values.rule);
                  else {
                    setNotExpressible(false);
                    setMode('text');
                  }
                }}
                data-testid="rule-mode"
              />
            </Group>
            <ErrorAlert error={toForm.error} />
            {notExpressible && (
              <Alert color="yellow" variant="light" data-testid="not-expressible" withCloseButton onClose={() => setNotExpressible(false)}>
                {t('ruleBuilder.notExpressible')}
              </Alert>
            )}
            {mode === 'form' ? (
              <RuleBuilder
                state={builder}
                onChange={setBuilder}
                onText={(rule) => {
                  form.setFieldValue('rule', rule);
                  if (ruleErrors.length) setRuleErrors([]);
                }}
              />
            ) : (
            <RuleEditor
              label={t('riskProfile.rule')}
              description={
                <>
                  {t('profileEditor.ruleHint')} <span className="mono">{'goods.hs startsWith "0803" and route.transshipment in list("high-risk-ports")'}</span>
                </>
              }
              required
              value={form.values.rule}
              onChange={(v) => {
                form.setFieldValue('rule', v);
                if (ruleErrors.length) setRuleErrors([]);
              }}
              errors={ruleErrors}
            />
            )}
            {mode === 'form' && ruleErrors.length > 0 && <ErrorAlert error={new Error(ruleErrors.map((e) => e.message).join('; '))} />}
            {form.errors.rule && (
              <Text size="xs" c="red.8">
                {form.errors.rule}
              </Text>
            )}
            <Group gap="sm" align="flex-end">
              <NumberInput label={t('profileEditor.days')} value={days} onChange={setDays} min={1} max={3650} w={160} />
              <Button variant="light" onClick={() => test.mutate()} loading={test.isPending} disabled={!form.values.rule.trim()}>
                {t('profileEditor.testOnHistory')}
              </Button>
            </Group>
            <ErrorAlert error={shownError(test.error)} />
            {tested && <TestResult r={tested} />}
          </Stack>
        </Paper>
        <Paper withBorder p="md">
          <Stack gap="sm">
            <Group gap="sm" align="flex-end">
              <NumberInput label={t('riskProfile.weight')} description={t('profileEditor.weightHint')} required min={1} max={99} allowDecimal={false} w={220} {...form.getInputProps('weight')} />
              <Select label={t('riskProfile.lane')} description={t('profileEditor.laneHint')} required data={laneOptions(t, LANES)} allowDeselect={false} w={260} {...form.getInputProps('lane')} />
            </Group>
            <Textarea label={t('riskProfile.reason')} description={t('profileEditor.reasonHint')} required autosize minRows={2} maxRows={6} maxLength={1000} {...form.getInputProps('reason')} />
            <Textarea label={t('riskProfile.instruction')} description={t('profileEditor.instructionHint')} required autosize minRows={2} maxRows={6} maxLength={2000} {...form.getInputProps('instruction')} />
          </Stack>
        </Paper>
        {!profile && (
          <Alert color="blue" variant="light">
            {t('profileEditor.draftNote')}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" component={Link} to={profile ? `/risk/profiles/${profile.id}` : '/risk/profiles'}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {profile ? t('profileEditor.saveVersion', { version: profile.currentVersion + 1 }) : t('profileEditor.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Risk → Profiles → new profile, or a new version of one (every edit is a version; the profile keeps its state). */
export function ProfileEditorPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const query = useProfile(id);
  const title = id ? t('profileEditor.editTitle', { name: query.data?.name ?? '' }) : t('profileEditor.newTitle');
  useDocumentTitle(title);
  return (
    <Stack gap="md" maw={1100}>
      <PageHeader title={title} intro={t('profileEditor.intro')} />
      {id && <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />}
      {id && query.isPending && (
        <Center p="xl">
          <Loader aria-label={t('common.loading')} />
        </Center>
      )}
      {query.data && !query.data.can.update && (
        <Alert color="yellow" variant="light">
          {t('profileEditor.cannotEdit')}
        </Alert>
      )}
      {(!id || query.data) && <Editor key={id ?? 'new'} profile={query.data ?? null} />}
    </Stack>
  );
}
