import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.ts';
import { composeMail } from './email.ts';
import { NOTIFICATION_KINDS } from './kinds.ts';
import { signBody } from './webhooks.service.ts';

describe('e-mail text', () => {
  it.each(NOTIFICATION_KINDS.flatMap((k) => [[k, 'en'] as const, [k, 'ru'] as const]))('%s (%s) carries the link and nothing else', (kind, lang) => {
    const link = 'https://iren.example.org/warnings/0b5c1f9e-1111-4222-8333-944445555666';
    const { subject, text } = composeMail(kind, link, lang);
    expect(text).toContain(link);
    expect(subject).not.toContain(link);
    expect(`${subject}${text}`).not.toMatch(/TLP|AMBER|RED/);
  });
  it('says "You have a new warning in iren: <link>"', () => {
    expect(composeMail('warning.received', 'https://x/warnings/1', 'en').text.split('\n')[0]).toBe('You have a new warning in iren: https://x/warnings/1');
  });
});

describe('webhook signature', () => {
  it('is the hex HMAC-SHA256 of the exact body', () => {
    const body = JSON.stringify({ event: 'warning.received', id: 'x', occurredAt: '2026-12-01T00:00:00.000Z', link: 'https://x/warnings/x' });
    expect(signBody('whsec_k', body)).toBe(`sha256=${crypto.createHmac('sha256', 'whsec_k').update(body).digest('hex')}`);
    expect(signBody('whsec_k', `${body} `)).not.toBe(signBody('whsec_k', body));
  });
});

describe('delivery configuration', () => {
  it('reads IREN_SMTP_URL (smtp/smtps only) and IREN_PUBLIC_URL without a trailing slash', () => {
    expect(loadConfig({}).smtpUrl).toBeUndefined();
    expect(loadConfig({ IREN_SMTP_URL: 'smtps://u:p@mail.example.org:465' }).smtpUrl).toBe('smtps://u:p@mail.example.org:465');
    expect(() => loadConfig({ IREN_SMTP_URL: 'http://mail.example.org' })).toThrow(ConfigError);
    expect(loadConfig({ IREN_PUBLIC_URL: 'https://iren.example.org/' }).publicUrl).toBe('https://iren.example.org');
    expect(loadConfig({ PORT: '9000' }).publicUrl).toBe('http://localhost:9000');
  });
  it('webhooks call public addresses only unless IREN_WEBHOOK_ALLOW_PRIVATE is on', () => {
    expect(loadConfig({}).webhookAllowPrivate).toBe(false);
    expect(loadConfig({ IREN_WEBHOOK_ALLOW_PRIVATE: '1' }).webhookAllowPrivate).toBe(true);
    expect(loadConfig({ IREN_WEBHOOK_ALLOW_PRIVATE: 'false' }).webhookAllowPrivate).toBe(false);
    expect(() => loadConfig({ IREN_WEBHOOK_ALLOW_PRIVATE: 'maybe' })).toThrow(ConfigError);
  });
});
