// Tests of server/cli/screen.command.ts (kept next to the engine it drives).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerScreenCommands } from '../../cli/screen.command.ts';

let dir: string;
let stdout: string;
let stderr: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'iren-screen-'));
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
});
afterEach(() => vi.restoreAllMocks());

async function run(...args: string[]): Promise<number> {
  const program = new Command('iren').exitOverride().configureOutput({
    writeOut: (s) => {
      stdout += s;
    },
    writeErr: (s) => {
      stderr += s;
    },
  });
  registerScreenCommands(program);
  try {
    await program.parseAsync(['node', 'iren', ...args]);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    throw e;
  }
}

function file(name: string, content: string): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

describe('iren screen pairs', () => {
  it('adds score and match columns, keeps the others', async () => {
    const input = file('in.csv', 'id,name_a,name_b,schema\n1,Ахмедов Рустам,Rustam Akhmedov,Person\n2,"Smith, John",John Smith,\n3,Barack Obama,Michelle Obama,Person\n');
    const out = join(dir, 'out.csv');
    expect(await run('screen', 'pairs', '--in', input, '--out', out)).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('id,name_a,name_b,schema,score,match');
    expect(lines[1]).toBe('1,Ахмедов Рустам,Rustam Akhmedov,Person,1.0000,true');
    expect(lines[2]).toBe('2,"Smith, John",John Smith,,1.0000,true');
    expect(lines[3]).toMatch(/^3,Barack Obama,Michelle Obama,Person,0\.\d{4},false$/);
    expect(stderr).toContain('3 pairs scored, 2 matches');
  });

  it('writes to standard output without --out', async () => {
    const input = file('in.csv', 'name_a,name_b\nVladimir Putin,Владимир Путин\n');
    expect(await run('screen', 'pairs', '--in', input)).toBe(0);
    expect(stdout).toBe('name_a,name_b,score,match\nVladimir Putin,Владимир Путин,1.0000,true\n');
  });

  it('exits 2 naming the missing column', async () => {
    const input = file('in.csv', 'name_a,other\nx,y\n');
    expect(await run('screen', 'pairs', '--in', input, '--out', join(dir, 'o.csv'))).toBe(2);
    expect(stderr).toMatch(/in\.csv:1: missing column\(s\) name_b/);
  });

  it('exits 2 naming the line of an empty value or broken CSV', async () => {
    const empty = file('e.csv', 'name_a,name_b\nJohn,Smith\n,Jane\n');
    expect(await run('screen', 'pairs', '--in', empty)).toBe(2);
    expect(stderr).toMatch(/e\.csv:3: empty value in column name_a/);
    const broken = file('b.csv', 'name_a,name_b\nJohn,Smith\n"unterminated,x\n');
    expect(await run('screen', 'pairs', '--in', broken)).toBe(2);
    expect(stderr).toMatch(/b\.csv:\d+: invalid CSV/);
  });

  it('exits 2 on an unreadable file', async () => {
    expect(await run('screen', 'pairs', '--in', join(dir, 'missing.csv'))).toBe(2);
    expect(stderr).toMatch(/cannot read .*missing\.csv/);
  });
});

describe('iren screen name', () => {
  it('screens against a CSV list with aliases and explains the hits', async () => {
    const list = file('list.csv', 'id,name,schema\np1,Rustam Akhmedov,Person\np1,Ахмедов Рустам Хасанович,Person\nc1,Kazakhstan Temir Zholy LLP,Company\n');
    expect(await run('screen', 'name', 'Ахмедов Рустам', '--list', list)).toBe(0);
    expect(stdout).toContain('1 hit for "Ахмедов Рустам"');
    expect(stdout).toContain('p1  Person  Rustam Akhmedov');
    expect(stdout).toContain('ахмедов ≈ akhmedov (translit)');
  });

  it('reads FollowTheMoney JSON lines and prints JSON', async () => {
    const list = file(
      'list.jsonl',
      [
        JSON.stringify({ id: 'x1', schema: 'Person', properties: { name: ['Vladimir Putin'], alias: ['Владимир Путин'] } }),
        JSON.stringify({ id: 'x2', schema: 'Company', properties: { name: ['ТОО Казахстан Темир Жолы'] } }),
        JSON.stringify({ id: 'x3', schema: 'Address', properties: { full: ['Astana'] } }),
      ].join('\n'),
    );
    expect(await run('screen', 'name', 'Kazakhstan Temir Zholy LLP', '--list', list, '--schema', 'Company', '--json')).toBe(0);
    const out = JSON.parse(stdout) as { hits: Array<{ id: string; score: number; explanation: { legalForms: unknown } }> };
    expect(out.hits.map((h) => h.id)).toEqual(['x2']);
    expect(out.hits[0]?.explanation.legalForms).toEqual({ a: ['LLP'], b: ['LLP'], compatible: true });
  });

  it('honours --limit and --threshold', async () => {
    const list = file('l.csv', 'id,name\na,Ivan Petrov\nb,Ivan Petrova\nc,Ivan Petrovv\n');
    expect(await run('screen', 'name', 'Ivan Petrov', '--list', list, '--limit', '2', '--json')).toBe(0);
    expect((JSON.parse(stdout) as { hits: unknown[] }).hits).toHaveLength(2);
    stdout = '';
    expect(await run('screen', 'name', 'Ivan Petrov', '--list', list, '--threshold', '1', '--json')).toBe(0);
    expect((JSON.parse(stdout) as { hits: Array<{ id: string }> }).hits.map((h) => h.id)).toEqual(['a']);
  });

  it('exits 2 on bad input', async () => {
    const noName = file('n.csv', 'id,title\n1,x\n');
    expect(await run('screen', 'name', 'x', '--list', noName)).toBe(2);
    expect(stderr).toMatch(/n\.csv:1: missing column\(s\) name/);
    const badJson = file('bad.jsonl', '{"id":"a","properties":{"name":["A"]}}\n{oops\n');
    expect(await run('screen', 'name', 'x', '--list', badJson)).toBe(2);
    expect(stderr).toMatch(/bad\.jsonl:2: invalid JSON/);
    expect(await run('screen', 'name', 'x', '--list', join(dir, 'none.csv'))).toBe(2);
    expect(await run('screen', 'name', 'x', '--list', noName, '--limit', 'abc')).toBe(2);
    expect(stderr).toContain('--limit must be a number');
  });
});
