import { Input, Stack, Text, UnstyledButton } from '@mantine/core';
import { useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { RuleError } from '../api/types.ts';

function offsetOf(text: string, line: number, column: number): number {
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < Math.min(line - 1, lines.length); i++) offset += lines[i]!.length + 1;
  return Math.min(text.length, offset + Math.max(0, column - 1));
}

/**
 * A monospace rule editor with line numbers. The server's rule errors (RULE_INVALID: line, column, message)
 * mark their lines in the gutter and the text, and are listed below; choosing one puts the cursor there.
 */
export function RuleEditor({ value, onChange, errors, label, description, required }: { value: string; onChange: (v: string) => void; errors: RuleError[]; label: string; description?: React.ReactNode; required?: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const errorsId = `${id}-errors`;
  const area = useRef<HTMLTextAreaElement>(null);
  const backdrop = useRef<HTMLDivElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  const lines = value.split('\n');
  const errorLines = new Set(errors.map((e) => e.line));

  const syncScroll = () => {
    const a = area.current;
    if (!a) return;
    if (backdrop.current) {
      backdrop.current.scrollTop = a.scrollTop;
      backdrop.current.scrollLeft = a.scrollLeft;
    }
    if (gutter.current) gutter.current.scrollTop = a.scrollTop;
  };

  const goTo = (e: RuleError) => {
    const a = area.current;
    if (!a) return;
    const start = offsetOf(value, e.line, e.column);
    const end = e.endLine === e.line && e.endColumn ? offsetOf(value, e.line, e.endColumn) : start;
    a.focus();
    a.setSelectionRange(start, Math.max(start, end));
  };

  const underline = (text: string, lineNo: number) => {
    const e = errors.find((x) => x.line === lineNo);
    if (!e) return text || ' ';
    const from = Math.max(0, e.column - 1);
    const to = e.endLine === lineNo && e.endColumn && e.endColumn > e.column ? e.endColumn - 1 : from + 1;
    return (
      <>
        {text.slice(0, from)}
        <mark>{text.slice(from, to) || ' '}</mark>
        {text.slice(to)}
      </>
    );
  };

  return (
    <Input.Wrapper label={label} description={description} required={required} id={id}>
      <div className="rule-editor" data-invalid={errors.length ? true : undefined} data-testid="rule-editor">
        <div className="rule-editor-gutter" ref={gutter} aria-hidden>
          {lines.map((_, i) => (
            <div key={i} data-error={errorLines.has(i + 1) ? true : undefined}>
              {i + 1}
            </div>
          ))}
        </div>
        <div className="rule-editor-body">
          <div className="rule-editor-backdrop" ref={backdrop} aria-hidden>
            {lines.map((l, i) => (
              <div key={i} data-error={errorLines.has(i + 1) ? true : undefined}>
                {underline(l, i + 1)}
              </div>
            ))}
          </div>
          <textarea
            id={id}
            ref={area}
            value={value}
            onChange={(e) => onChange(e.currentTarget.value)}
            onScroll={syncScroll}
            rows={Math.min(30, Math.max(6, lines.length + 1))}
            wrap="off"
            spellCheck={false}
            autoCapitalize="none"
            autoComplete="off"
            aria-invalid={errors.length > 0}
            aria-describedby={errors.length ? errorsId : undefined}
            aria-required={required}
          />
        </div>
      </div>
      {errors.length > 0 && (
        <Stack gap={2} mt={6} id={errorsId} role="list" aria-label={t('profileEditor.ruleErrors')} data-testid="rule-errors">
          {errors.map((e, i) => (
            <div role="listitem" key={i}>
              <UnstyledButton onClick={() => goTo(e)} c="red.8" fz="sm" style={{ textAlign: 'left' }}>
                <Text span fw={700} fz="sm">
                  {t('profileEditor.errorAt', { line: e.line, column: e.column })}
                </Text>{' '}
                {e.message}
              </UnstyledButton>
            </div>
          ))}
        </Stack>
      )}
    </Input.Wrapper>
  );
}
