import { Readable } from 'node:stream';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatCheck, registerCheckCommands, runCheck } from './check.command.ts';

describe('iren check', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  });

  it('formats valid and invalid values', () => {
    expect(formatCheck('container', 'CSQU3054383')).toEqual({ line: 'CSQU3054383 valid', valid: true });
    expect(formatCheck('container', 'CSQU3054384').line).toBe('CSQU3054384 invalid check digit 4, expected 3');
    expect(formatCheck('imo', '9319466').valid).toBe(true);
    expect(formatCheck('imo-company', '6342360').valid).toBe(true);
    expect(formatCheck('awb', '123-12345674').line).toBe('123-12345674 invalid check digit 4, expected 5');
  });

  it('reads stdin lines when no value is given', async () => {
    const out: string[] = [];
    const ok = await runCheck('awb', [], { stdin: Readable.from(['235-12345675\n\n 1761234567 \r\n']), write: (t) => out.push(t) });
    expect(ok).toBe(false);
    expect(out.join('')).toBe('235-12345675 valid\n1761234567 invalid length 10, expected 11\n');
  });

  it('reads UTF-16 stdin (byte order mark) and takes --encoding', async () => {
    const out: string[] = [];
    const utf16 = Buffer.from('\uFEFFCSQU3054383\r\nCSQU3054384\r\n', 'utf16le');
    expect(await runCheck('container', [], { stdin: Readable.from([utf16]), write: (t) => out.push(t) })).toBe(false);
    expect(out.join('')).toMatch(/^CSQU3054383 valid\nCSQU3054384 invalid /);
    const out2: string[] = [];
    await runCheck('container', [], { stdin: Readable.from([Buffer.from('CSQU3054383\n', 'utf16le')]), write: (t) => out2.push(t), encoding: 'utf-16le' });
    expect(out2.join('')).toBe('CSQU3054383 valid\n');
  });

  it('registers commander subcommands and sets exit code 1 on an invalid value', async () => {
    const program = new Command().exitOverride();
    registerCheckCommands(program);
    const writes: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    });
    await program.parseAsync(['node', 'iren', 'check', 'container', 'CSQU3054383', 'TCNU7200794']);
    expect(process.exitCode).toBeUndefined();
    await program.parseAsync(['node', 'iren', 'check', 'imo', 'IMO 9319466', '8814274']);
    expect(process.exitCode).toBe(1);
    expect(writes.join('')).toBe('CSQU3054383 valid\nTCNU7200794 valid\nIMO 9319466 valid\n8814274 invalid check digit 4, expected 5\n');
  });
});
