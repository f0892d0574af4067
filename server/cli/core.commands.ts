import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { and, eq, isNull } from 'drizzle-orm';
import { loadConfig } from '../config.ts';
import { migrateStore, openStore } from '../db/client.ts';
import { loadReferenceData } from '../db/reference.ts';
import { start, type Role } from '../main.ts';
import { seedDemo, seedDemoCargo, formatDemoLogins } from '../seed/demo.ts';
import { verifyAuditChain } from '../audit/audit.service.ts';
import { apiTokens } from '../db/schema.ts';
import { createApiToken, findUserByUsername, listApiTokens, revokeApiToken } from '../services/auth.service.ts';
import { CliError, cliContext, printJson, withStore } from './util.ts';

export function registerCoreCommands(program: Command) {
  program
    .command('start')
    .description('Migrate, load reference data, seed the demo network on first start (unless IREN_DEMO=off), and serve')
    .addOption(new Option('--roles <roles>', 'comma-separated roles to run: web, worker').default('web,worker'))
    .action(async (opts: { roles: string }) => {
      const roles = opts.roles.split(',').map((r) => r.trim()).filter(Boolean);
      for (const r of roles) if (r !== 'web' && r !== 'worker') throw new CliError(`--roles: unknown role "${r}" (use web, worker)`);
      if (roles.length === 0) throw new CliError('--roles: give at least one of web, worker');
      const running = await start({ roles: roles as Role[] });
      await new Promise<void>((resolve) => {
        const shutdown = (signal: string) => {
          process.stderr.write(`\n${signal}: shutting down…\n`);
          running.stop().then(resolve, (err: unknown) => {
            process.stderr.write(`shutdown error: ${(err as Error).message}\n`);
            resolve();
          });
        };
        process.once('SIGINT', () => shutdown('SIGINT'));
        process.once('SIGTERM', () => shutdown('SIGTERM'));
      });
    });

  program
    .command('migrate')
    .description('Apply database migrations and load reference data')
    .option('--force-reference', 'reload every reference dataset even if unchanged')
    .action(async (opts: { forceReference?: boolean }) => {
      const config = loadConfig();
      const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
      try {
        const t0 = performance.now();
        await migrateStore(store);
        const reports = await loadReferenceData(store.db, { force: opts.forceReference });
        for (const r of reports) process.stdout.write(`${r.dataset.padEnd(10)} ${r.skipped ? 'unchanged' : `${r.rows} rows in ${r.ms} ms`}\n`);
        process.stdout.write(`migrated in ${Math.round(performance.now() - t0)} ms (${store.kind})\n`);
      } finally {
        await store.close();
      }
    });

  program
    .command('seed')
    .description('Seed data')
    .requiredOption('--demo', 'the demo network (IREN countries, units, users of every role)')
    .option('--json', 'print the demo logins as JSON')
    .action(async (opts: { json?: boolean }) => {
      const config = loadConfig();
      await withStore(async (store) => {
        const result = await seedDemo(store.db, cliContext(), { password: config.demoPassword, withTotp: config.requireTotp });
        if (!result.seeded) {
          if (opts.json) printJson({ seeded: false });
          else process.stdout.write('The demo network is already seeded; nothing to do.\n');
          return;
        }
        await seedDemoCargo(store.db, cliContext());
        const text = formatDemoLogins(result, config.publicUrl);
        fs.mkdirSync(config.dataDir, { recursive: true });
        fs.writeFileSync(path.join(config.dataDir, 'demo-logins.txt'), text, { mode: 0o600 });
        if (opts.json) printJson({ seeded: true, password: result.password, users: result.users });
        else process.stdout.write(`${text}\n`);
      });
    });

  const audit = program.command('audit').description('The audit log');
  audit
    .command('verify')
    .description('Check the hash chain; reports the first row that was altered or removed')
    .option('--json', 'machine-readable result')
    .action(async (opts: { json?: boolean }) => {
      await withStore(async (store) => {
        const result = await verifyAuditChain(store.db);
        if (opts.json) {
          printJson(result);
        } else if (result.ok) {
          process.stdout.write(`audit chain intact: ${result.rows} rows verified\n`);
        } else {
          const why = result.reason === 'hash_mismatch' ? 'the row was altered' : 'the row before it was removed or altered';
          process.stdout.write(`audit chain BROKEN at row seq=${result.firstBadSeq}: ${why} (${result.rows} rows read)\n`);
        }
        if (!result.ok) process.exitCode = 1;
      });
    });

  const token = program.command('token').description('API tokens for machine clients');
  token
    .command('create')
    .description('Create an API token for a user; prints only the token (shown once)')
    .requiredOption('--user <username>', 'the user the token acts as')
    .option('--name <name>', 'what the token is for', 'cli')
    .option('--expires-days <n>', 'expire after n days')
    .action(async (opts: { user: string; name: string; expiresDays?: string }) => {
      let expires: Date | null = null;
      if (opts.expiresDays !== undefined) {
        const n = Number(opts.expiresDays);
        if (!Number.isInteger(n) || n < 1 || n > 3650) throw new CliError('--expires-days must be an integer from 1 to 3650');
        expires = new Date(Date.now() + n * 86_400_000);
      }
      await withStore(async (store) => {
        const user = await findUserByUsername(store.db, opts.user);
        if (!user) throw new CliError(`--user: no user "${opts.user}"`);
        if (user.disabled) throw new CliError(`--user: "${opts.user}" is disabled`);
        const created = await createApiToken(store.db, cliContext(), user, opts.name, expires);
        process.stdout.write(`${created.token}\n`);
      });
    });
  token
    .command('revoke')
    .description('Revoke an API token by id (see `iren token list`)')
    .argument('<id>', 'token id')
    .action(async (id: string) => {
      if (!/^[0-9a-f-]{36}$/i.test(id)) throw new CliError('<id> must be a token id (uuid)');
      await withStore(async (store) => {
        const [row] = await store.db.select().from(apiTokens).where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)));
        if (!row) throw new CliError(`no active token ${id}`);
        await revokeApiToken(store.db, cliContext(), id, null);
        process.stdout.write(`revoked ${id}\n`);
      });
    });
  token
    .command('list')
    .description("List a user's API tokens")
    .requiredOption('--user <username>', 'username')
    .option('--json', 'machine-readable output')
    .action(async (opts: { user: string; json?: boolean }) => {
      await withStore(async (store) => {
        const user = await findUserByUsername(store.db, opts.user);
        if (!user) throw new CliError(`--user: no user "${opts.user}"`);
        const tokens = await listApiTokens(store.db, user.id);
        if (opts.json) return printJson(tokens);
        for (const t of tokens) {
          process.stdout.write(`${t.id}  ${t.prefix}…  ${t.name.padEnd(20)} ${t.revokedAt ? 'revoked' : 'active'}  last used ${t.lastUsedAt?.toISOString() ?? 'never'}\n`);
        }
      });
    });

}
