/**
 * `iren check container|imo|imo-company|awb <value…>`: check digits of transport identifiers.
 * Prints `<value> valid` or `<value> invalid <reason>` per value; reads one value per line from standard
 * input when no value is given; exit code 1 if any value is invalid.
 */
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { Command } from 'commander';
import {
  checkAwbNumber,
  checkContainerNumber,
  checkImoCompanyNumber,
  checkImoNumber,
  type CheckResult,
} from '../engine/validation/check-digits.ts';
import { decodeSource, parseEncoding, TEXT_ENCODINGS, type TextEncoding } from '../engine/intake/encoding.ts';
import { CliError } from './util.ts';

export const CHECK_KINDS = {
  container: { check: checkContainerNumber, description: 'ISO 6346 container numbers, e.g. CSQU3054383' },
  imo: { check: checkImoNumber, description: 'IMO ship identification numbers, e.g. 9319466 or "IMO 9319466"' },
  'imo-company': { check: checkImoCompanyNumber, description: 'IMO company / registered owner numbers, e.g. 6342360' },
  awb: { check: checkAwbNumber, description: 'IATA air waybill numbers, e.g. 235-12345675' },
} as const satisfies Record<string, { check: (v: string) => CheckResult; description: string }>;

export type CheckKind = keyof typeof CHECK_KINDS;

/** One output line for one value. */
export function formatCheck(kind: CheckKind, value: string): { line: string; valid: boolean } {
  const r = CHECK_KINDS[kind].check(value);
  return { line: r.valid ? `${value} valid` : `${value} invalid ${r.reason ?? ''}`.trimEnd(), valid: r.valid };
}

export interface CheckIo {
  stdin: Readable;
  write: (text: string) => void;
  /** Encoding of stdin (default auto: byte order mark, UTF-8 or Windows-1251). */
  encoding?: TextEncoding;
}

async function* stdinValues(stdin: Readable, encoding: TextEncoding): AsyncGenerator<string> {
  const rl = createInterface({ input: Readable.from(decodeSource(stdin, encoding).stream), crlfDelay: Infinity });
  for await (const line of rl) {
    const v = line.replace(/^\uFEFF/, '').trim();
    if (v !== '') yield v;
  }
}

/** Check the values (or stdin lines when none); returns true when all are valid. */
export async function runCheck(kind: CheckKind, values: readonly string[], io: CheckIo): Promise<boolean> {
  let allValid = true;
  const source: AsyncIterable<string> | Iterable<string> = values.length > 0 ? values : stdinValues(io.stdin, io.encoding ?? 'auto');
  for await (const value of source) {
    const r = formatCheck(kind, value.trim());
    allValid &&= r.valid;
    io.write(`${r.line}\n`);
  }
  return allValid;
}

export function registerCheckCommands(program: Command): void {
  const check = program
    .command('check')
    .description('check digits of container, IMO and air waybill numbers (values as arguments, or one per line on stdin)');
  for (const kind of Object.keys(CHECK_KINDS) as CheckKind[]) {
    check
      .command(`${kind} [values...]`)
      .description(CHECK_KINDS[kind].description)
      .option('--encoding <encoding>', `encoding of standard input: ${TEXT_ENCODINGS.join(', ')} (default auto)`)
      .action(async (values: string[] | undefined, opts: { encoding?: string }) => {
        const encoding = opts.encoding === undefined ? 'auto' : parseEncoding(opts.encoding);
        if (!encoding) throw new CliError(`--encoding must be one of ${TEXT_ENCODINGS.join(', ')}`);
        const ok = await runCheck(kind, values ?? [], { stdin: process.stdin, write: (t) => process.stdout.write(t), encoding });
        if (!ok) process.exitCode = 1;
      });
  }
}
