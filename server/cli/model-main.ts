/**
 * `iren model …` without the rest of the CLI. bin/iren.js loads this instead of main.ts for the model
 * commands: the other commands' modules (database, services) take ~2 s to load, longer than scoring
 * 300k declarations. Same commands, options, output and exit codes as through main.ts.
 *
 *   iren model score --model model.json --data new.csv --out scores.csv
 */
import { Command, CommanderError } from 'commander';
import { registerModelCommands } from './model.command.ts';

export async function runCli(argv: string[]): Promise<number> {
  const program = new Command();
  program.name('iren').showHelpAfterError().exitOverride();
  registerModelCommands(program);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    process.stderr.write(`iren: ${(err as Error).message ?? String(err)}\n`);
    return 1;
  }
}
