import os from 'node:os';
import pino from 'pino';
import { loadConfig } from '../config.ts';
import { prepareStore } from '../main.ts';
import type { Store } from '../db/client.ts';
import type { AuditContext } from '../audit/audit.service.ts';
import { AppError } from '../errors.ts';

/** An error meant for the operator: printed as one line, no stack. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

/** Opens (and migrates) the configured store, runs fn, closes it. */
export async function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const log = pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2));
  const store = await prepareStore(config, log);
  try {
    return await fn(store);
  } catch (err) {
    if (err instanceof AppError) {
      const field = typeof err.details.field === 'string' ? ` (${err.details.field})` : '';
      throw new CliError(`${err.code}: ${err.message}${field}`, err.status >= 500 ? 1 : 2);
    }
    throw err;
  } finally {
    await store.close();
  }
}

/** Audit context for commands: the operator at this terminal. */
export function cliContext(): AuditContext {
  let user = 'operator';
  try {
    user = os.userInfo().username;
  } catch {
    /* no passwd entry */
  }
  return { actorUserId: null, actorUsername: `cli:${user}`, ip: null, requestId: null };
}

export function printJson(value: unknown) {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
