import path from 'node:path';

/**
 * Validated environment. PGlite in DATA_DIR by default; PostgreSQL when DATABASE_URL is set.
 * Every entry point (server, worker, CLI) reads configuration through here.
 */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  logLevel: string;
  /** TOTP 2FA required for every role except observer. */
  requireTotp: boolean;
  sessionTtlHours: number;
  /** Secure flag on cookies; on by default when served over HTTPS behind a proxy. */
  secureCookies: boolean;
  demoPassword: string | undefined;
  publicUrl: string;
  /** SMTP server for e-mail notifications (smtp:// or smtps://); none → no e-mail is sent. */
  smtpUrl: string | undefined;
  /** Webhooks may call private/loopback addresses (on-premises national systems, tests); off: public only. */
  webhookAllowPrivate: boolean;
  /** Login and second-factor attempts per minute from one IP address (each route counted on its own). */
  loginRateLimitPerMinute: number;
}

export class ConfigError extends Error {}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

function boolFrom(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function smtpUrlFrom(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.IREN_SMTP_URL?.trim();
  if (!raw) return undefined;
  if (!/^smtps?:\/\//.test(raw)) throw new ConfigError('IREN_SMTP_URL must start with smtp:// or smtps://');
  return raw;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL && env.DATABASE_URL.trim() !== '' ? env.DATABASE_URL.trim() : undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const port = intFrom(env, 'PORT', 8080, 0, 65535);
  const host = env.HOST && env.HOST !== '' ? env.HOST : '0.0.0.0';
  return {
    port,
    host,
    dataDir: path.resolve(env.DATA_DIR && env.DATA_DIR !== '' ? env.DATA_DIR : 'data'),
    databaseUrl,
    logLevel: env.LOG_LEVEL ?? 'info',
    requireTotp: boolFrom(env, 'IREN_REQUIRE_TOTP', true),
    sessionTtlHours: intFrom(env, 'IREN_SESSION_TTL_HOURS', 12, 1, 24 * 30),
    secureCookies: boolFrom(env, 'IREN_SECURE_COOKIES', false),
    demoPassword: env.IREN_DEMO_PASSWORD && env.IREN_DEMO_PASSWORD !== '' ? env.IREN_DEMO_PASSWORD : undefined,
    publicUrl: (env.IREN_PUBLIC_URL && env.IREN_PUBLIC_URL !== '' ? env.IREN_PUBLIC_URL : `http://localhost:${port}`).replace(/\/+$/, ''),
    smtpUrl: smtpUrlFrom(env),
    webhookAllowPrivate: boolFrom(env, 'IREN_WEBHOOK_ALLOW_PRIVATE', false),
    loginRateLimitPerMinute: intFrom(env, 'IREN_LOGIN_RATE_LIMIT', 10, 1, 10_000),
  };
}
