import type { Command } from 'commander';
import { eq } from 'drizzle-orm';
import { ROLES, units, type Role } from '../db/schema.ts';
import { createUser, listUsers, resetPassword } from '../services/directory.service.ts';
import { findUserByUsername } from '../services/auth.service.ts';
import { passwordProblem } from '../auth/passwords.ts';
import type { Actor } from '../auth/actor.ts';
import { CliError, cliContext, printJson, readStdin, withStore } from './util.ts';

/** The operator at the terminal sees the whole directory, like a network admin. */
const OPERATOR: Actor = { userId: '00000000-0000-0000-0000-000000000000', username: 'operator', role: 'network_admin', country: null, unitId: null, tokenId: null };

export function registerDirectoryCommands(program: Command) {
  const user = program.command('user').description('Users of the network directory');
  user
    .command('create')
    .description('Create a user; prints the temporary password unless --password-stdin is given')
    .requiredOption('--username <username>', 'login name, e.g. ge.analyst2')
    .requiredOption('--role <role>', `one of: ${ROLES.join(', ')}`)
    .option('--name <displayName>', 'full name shown in the UI')
    .option('--unit <code>', 'unit code, e.g. GE-PTI-PCU (required for unit_head and officer)')
    .option('--country <iso2>', 'country (national coordinators and observers without a unit)')
    .option('--language <en|ru>', 'UI language', 'en')
    .option('--password-stdin', 'read the password from standard input instead of generating one')
    .option('--json', 'machine-readable output')
    .action(async (opts: { username: string; role: string; name?: string; unit?: string; country?: string; language: string; passwordStdin?: boolean; json?: boolean }) => {
      if (!(ROLES as readonly string[]).includes(opts.role)) throw new CliError(`--role must be one of ${ROLES.join(', ')}`);
      if (opts.language !== 'en' && opts.language !== 'ru') throw new CliError('--language must be en or ru');
      if (opts.country && !/^[A-Z]{2}$/.test(opts.country)) throw new CliError('--country must be an ISO 3166 alpha-2 code like KZ');
      let password: string | undefined;
      if (opts.passwordStdin) {
        password = (await readStdin()).replace(/\r?\n$/, '');
        const problem = passwordProblem(password, opts.username);
        if (problem) throw new CliError(`password from stdin is too weak: ${problem}`);
      }
      await withStore(async (store) => {
        let unitId: string | null = null;
        if (opts.unit) {
          const [unit] = await store.db.select({ id: units.id }).from(units).where(eq(units.code, opts.unit.toUpperCase()));
          if (!unit) throw new CliError(`--unit: no unit with code "${opts.unit}"`);
          unitId = unit.id;
        }
        const created = await createUser(store.db, null, cliContext(), {
          username: opts.username,
          displayName: opts.name ?? opts.username,
          role: opts.role as Role,
          unitId,
          country: opts.country ?? null,
          language: opts.language as 'en' | 'ru',
          password,
        });
        if (opts.json) printJson({ id: created.user.id, username: created.user.username, temporaryPassword: created.temporaryPassword });
        else {
          process.stdout.write(`created ${created.user.username} (${created.user.role}${created.user.unitCode ? `, ${created.user.unitCode}` : ''})\n`);
          if (created.temporaryPassword) process.stdout.write(`temporary password (change at first login): ${created.temporaryPassword}\n`);
        }
      });
    });

  user
    .command('reset-password')
    .description('Give a user a temporary password (to change at next login); clears lockout')
    .argument('<username>', 'login name')
    .option('--reset-totp', 'also remove their 2FA enrolment (they enrol again at next login)')
    .action(async (username: string, opts: { resetTotp?: boolean }) => {
      await withStore(async (store) => {
        const target = await findUserByUsername(store.db, username);
        if (!target) throw new CliError(`no user "${username}"`);
        const { temporaryPassword } = await resetPassword(store.db, null, cliContext(), target.id, { resetTotp: opts.resetTotp });
        process.stdout.write(`temporary password for ${target.username}: ${temporaryPassword}\n`);
      });
    });

  user
    .command('list')
    .description('List users')
    .option('--country <iso2>', 'only this country')
    .option('--role <role>', 'only this role')
    .option('--json', 'machine-readable output')
    .action(async (opts: { country?: string; role?: string; json?: boolean }) => {
      if (opts.role && !(ROLES as readonly string[]).includes(opts.role)) throw new CliError(`--role must be one of ${ROLES.join(', ')}`);
      await withStore(async (store) => {
        const { rows } = await listUsers(store.db, OPERATOR, { country: opts.country, role: opts.role as Role | undefined }, { limit: 10_000, offset: 0 });
        if (opts.json) return printJson(rows);
        for (const r of rows) {
          process.stdout.write(`${r.username.padEnd(28)} ${r.role.padEnd(21)} ${(r.unitCode ?? r.country ?? '—').padEnd(12)} ${r.disabled ? 'disabled' : r.totpEnabled ? '2FA' : 'no 2FA'}\n`);
        }
      });
    });
}
