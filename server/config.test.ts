import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  it('defaults to PGlite in ./data on port 8080 with 2FA required', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 8080, databaseUrl: undefined, requireTotp: true, dataDir: path.resolve('data') });
  });

  it('reads overrides and rejects bad values naming the variable', () => {
    const c = loadConfig({ PORT: '9000', DATA_DIR: '/tmp/x', DATABASE_URL: 'postgres://u@h/db', IREN_REQUIRE_TOTP: 'off' });
    expect(c).toMatchObject({ port: 9000, dataDir: '/tmp/x', databaseUrl: 'postgres://u@h/db', requireTotp: false });
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ IREN_REQUIRE_TOTP: 'maybe' })).toThrow(/IREN_REQUIRE_TOTP/);
    expect(loadConfig({}).loginRateLimitPerMinute).toBe(10);
    expect(loadConfig({ IREN_LOGIN_RATE_LIMIT: '120' }).loginRateLimitPerMinute).toBe(120);
    expect(() => loadConfig({ IREN_LOGIN_RATE_LIMIT: '0' })).toThrow(/IREN_LOGIN_RATE_LIMIT/);
  });
});
