import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import {
  EXIT_BAD_INPUT,
  registerModelCommands,
  runEvaluate,
  runScore,
  runTrain,
  type CommandIo,
} from '../../cli/model.command.ts';
import { KCS_HEADER, kcsRows, makeTempDir, writeKcsCsv } from './test-fixtures.ts';

function capture(): CommandIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out: (text: string) => void (io.stdout += text),
    err: (text: string) => void (io.stderr += text),
  };
  return io;
}

let dir: string;
let trainFile: string;
let validFile: string;
let modelFile: string;

beforeAll(async () => {
  dir = await makeTempDir();
  trainFile = await writeKcsCsv(dir, 'train.csv', kcsRows(1500, 1, 200));
  validFile = await writeKcsCsv(dir, 'valid.csv', kcsRows(600, 2, 30, 60_000_000));
  modelFile = join(dir, 'model.json');
  const io = capture();
  expect(await runTrain({ format: 'kcs', data: [trainFile], out: modelFile, seed: 5, quiet: true }, io)).toBe(0);
  expect(io.stdout).toMatch(/trained \d+ trees on 1500 rows \(2020-01-01 \.\. /);
  expect(io.stdout).toContain(`model written to ${modelFile}`);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('iren model score', () => {
  it('writes "Declaration ID,score" and one line per input row', async () => {
    const out = join(dir, 'scores.csv');
    const io = capture();
    expect(await runScore({ model: modelFile, data: [validFile], out }, io)).toBe(0);
    const lines = (await readFile(out, 'utf8')).trimEnd().split('\n');
    expect(lines[0]).toBe('Declaration ID,score');
    expect(lines.length).toBe(601);
    expect(lines[1]).toMatch(/^60000000,0\.\d{9}$/);
    const scores = lines.slice(1).map((l) => Number(l.split(',')[1]));
    expect(Math.min(...scores)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...scores)).toBeLessThanOrEqual(1);
  });

  it('scores data without label columns', async () => {
    const header = KCS_HEADER.slice(0, -2);
    const unlabelled = await writeKcsCsv(dir, 'unlabelled.csv', kcsRows(20, 3).map((r) => r.slice(0, -2)), header);
    expect(await runScore({ model: modelFile, data: [unlabelled], out: join(dir, 'u.csv') }, capture())).toBe(0);
  });
});

describe('iren model evaluate', () => {
  it('prints precision and recall at 1, 2, 5, 10 %, AUC and critical recall', async () => {
    const io = capture();
    expect(await runEvaluate({ model: modelFile, data: [validFile] }, io)).toBe(0);
    expect(io.stdout).toMatch(/^rows 600, Fraud \d+ \(\d+\.\d %\), critical \d+\nROC AUC 0\.\d{4}\n/);
    for (const cut of ['1 %', '2 %', '5 %', '10 %']) expect(io.stdout).toContain(`${cut.padStart(8)}  `);
  });

  it('has machine output with --json', async () => {
    const io = capture();
    expect(await runEvaluate({ model: modelFile, data: [validFile], json: true }, io)).toBe(0);
    const report = JSON.parse(io.stdout) as {
      rows: number;
      auc: number;
      top: { fraction: number; precision: number; recall: number }[];
      outcomes: { critical: { top: { recall: number }[] } };
    };
    expect(report.rows).toBe(600);
    expect(report.top.map((t) => t.fraction)).toEqual([0.01, 0.02, 0.05, 0.1]);
    expect(report.outcomes.critical.top).toHaveLength(4);
    expect(report.auc).toBeGreaterThan(0.7);
  });
});

describe('bad input', () => {
  const noStack = (text: string): void => {
    expect(text.split('\n').filter(Boolean)).toHaveLength(1);
    expect(text).not.toMatch(/\n\s+at /);
  };

  it('exits 2 with one clear line for a missing data file', async () => {
    const io = capture();
    const missing = join(dir, 'missing.csv');
    expect(await runScore({ model: modelFile, data: [missing], out: join(dir, 'x.csv') }, io)).toBe(EXIT_BAD_INPUT);
    expect(io.stderr).toBe(`error: ${missing}: no such file\n`);
  });

  it('exits 2 naming line and column of a non-numeric value', async () => {
    const rows = kcsRows(50, 4);
    rows[9]![KCS_HEADER.indexOf('Tax Rate')] = '8%';
    const bad = await writeKcsCsv(dir, 'bad.csv', rows);
    const io = capture();
    expect(await runEvaluate({ model: modelFile, data: [bad] }, io)).toBe(EXIT_BAD_INPUT);
    expect(io.stderr).toBe(`error: ${bad}: line 11: column 'Tax Rate': '8%' is not a number\n`);
  });

  it('exits 2 when evaluating data without the label, or with a broken model', async () => {
    const header = KCS_HEADER.slice(0, -2);
    const unlabelled = await writeKcsCsv(dir, 'nolabel.csv', kcsRows(5, 5).map((r) => r.slice(0, -2)), header);
    const io = capture();
    expect(await runEvaluate({ model: modelFile, data: [unlabelled] }, io)).toBe(EXIT_BAD_INPUT);
    expect(io.stderr).toMatch(/line 1: missing column 'Fraud'/);
    noStack(io.stderr);
    const io2 = capture();
    expect(await runEvaluate({ model: trainFile, data: [validFile] }, io2)).toBe(EXIT_BAD_INPUT);
    expect(io2.stderr).toMatch(/not a JSON model file/);
    noStack(io2.stderr);
  });

  it('exits 2 when the score file cannot be written', async () => {
    const io = capture();
    const out = join(dir, 'no-such-folder', 'scores.csv');
    expect(await runScore({ model: modelFile, data: [validFile], out }, io)).toBe(EXIT_BAD_INPUT);
    expect(io.stderr).toBe(`error: ${out}: cannot write (ENOENT)\n`);
  });

  it('exits 2 for --format iren with --data: iren reads the database, not files', async () => {
    const io = capture();
    expect(await runTrain({ format: 'iren', data: [trainFile], out: join(dir, 'i.json') }, io)).toBe(EXIT_BAD_INPUT);
    expect(io.stderr).toBe('error: format iren reads consignments and inspection results from the database, not files: leave out --data\n');
  });
});

describe('registerModelCommands', () => {
  it('adds model train|score|evaluate with their options', async () => {
    const program = new Command('iren');
    registerModelCommands(program);
    const model = program.commands.find((c) => c.name() === 'model')!;
    expect(model.commands.map((c) => c.name())).toEqual(['train', 'score', 'evaluate']);
    const train = model.commands[0]!;
    expect(train.options.map((o) => o.long)).toEqual(['--format', '--data', '--out', '--seed', '--country', '--quiet']);

    // Through commander: repeated --data and --seed parsing reach the command.
    const out = join(dir, 'via-commander.json');
    const saved = process.exitCode;
    try {
      const writes: string[] = [];
      const write = process.stdout.write.bind(process.stdout);
      process.stdout.write = ((chunk: string) => (writes.push(chunk), true)) as typeof process.stdout.write;
      try {
        await program.parseAsync(
          ['model', 'train', '--format', 'kcs', '--data', trainFile, '--data', validFile, '--out', out, '--seed', '9', '--quiet'],
          { from: 'user' },
        );
      } finally {
        process.stdout.write = write;
      }
      expect(process.exitCode).toBe(0);
      expect(writes.join('')).toMatch(/on 2100 rows/);
      const saved = JSON.parse(await readFile(out, 'utf8')) as { params: { seed: number } };
      expect(saved.params.seed).toBe(9);
    } finally {
      process.exitCode = saved;
    }
  });
});
