/**
 * The `iren` command. Thin over services; every command that opens the database honours DATA_DIR and
 * DATABASE_URL like the server. Errors print one clear line and exit non-zero (2 for bad input).
 */
import { Command, CommanderError } from 'commander';
import { registerCoreCommands } from './core.commands.ts';
import { registerDirectoryCommands } from './directory.commands.ts';
import { registerImportCommand } from './import.command.ts';
import { registerCheckCommands } from './check.command.ts';
import { registerScreenCommands } from './screen.command.ts';
import { registerModelCommands } from './model.command.ts';
import { CliError } from './util.ts';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('iren')
    .description('iren — targeting, exchange and results for customs Port Control Units')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  registerCoreCommands(program);
  registerDirectoryCommands(program);
  registerImportCommand(program);
  registerCheckCommands(program);
  registerScreenCommands(program);
  registerModelCommands(program);
  return program;
}

export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof CliError) {
      process.stderr.write(`iren: ${err.message}\n`);
      return err.exitCode;
    }
    const e = err as Error & { code?: string };
    process.stderr.write(`iren: ${e.message ?? String(err)}\n`);
    return 1;
  }
}
