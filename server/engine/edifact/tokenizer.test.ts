import { describe, expect, it } from 'vitest';
import { EdifactTokenizer, type Segment, type TokenEvent } from './tokenizer.ts';

function tokenize(input: string | Uint8Array, chunkSize = Infinity): TokenEvent[] {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const t = new EdifactTokenizer(64);
  const events: TokenEvent[] = [];
  const emit = (e: TokenEvent) => events.push(e);
  const size = Number.isFinite(chunkSize) ? chunkSize : Math.max(bytes.length, 1);
  for (let i = 0; i < bytes.length; i += size) t.write(bytes.subarray(i, i + size), emit);
  t.end(emit);
  return events;
}

const segments = (events: TokenEvent[]): Segment[] => events.flatMap((e) => (e.kind === 'segment' ? [e.segment] : []));
const problems = (events: TokenEvent[]) => events.flatMap((e) => (e.kind === 'segment' ? [] : [e.problem]));
const compact = (events: TokenEvent[]) => segments(events).map((s) => [s.tag, ...s.elements.map((e) => e.join(':'))].join('+'));

describe('EdifactTokenizer', () => {
  it('splits segments, elements and components with the default separators', () => {
    const ev = tokenize("UNB+UNOC:3+SENDER+RECEIVER+250101:1200+REF'UNH+1+CUSCAR:D:95B:UN'UNT+2+1'UNZ+1+REF'");
    expect(compact(ev)).toEqual(['UNB+UNOC:3+SENDER+RECEIVER+250101:1200+REF', 'UNH+1+CUSCAR:D:95B:UN', 'UNT+2+1', 'UNZ+1+REF']);
    expect(segments(ev).map((s) => s.index)).toEqual([1, 2, 3, 4]);
    expect(problems(ev)).toEqual([]);
  });

  it.each([
    ["FTX+AAA+++O?'NEIL'", "O'NEIL"],
    ["FTX+AAA+++A?+B'", 'A+B'],
    ["FTX+AAA+++A??B'", 'A?B'],
    ["FTX+AAA+++12?:30'", '12:30'],
    ["FTX+AAA+++END??'", 'END?'],
  ])('release character: %s', (text, expected) => {
    const ev = tokenize(`UNB+UNOC:3+S+R+1:1+X'${text}`, 1);
    expect(segments(ev)[1]?.elements[3]).toEqual([expected]);
    expect(problems(ev)).toEqual([]);
  });

  it('warns when the release character precedes an ordinary character', () => {
    const ev = tokenize("UNB+UNOC:3+S+R+1:1+X'FTX+AAA+++A?B'");
    expect(segments(ev)[1]?.elements[3]).toEqual(['AB']);
    expect(problems(ev)).toMatchObject([{ code: 'EDI_RELEASE', index: 2, tag: 'FTX' }]);
  });

  it('reports a release character at the end of the file', () => {
    const ev = tokenize("UNB+UNOC:3+S+R+1:1+X'FTX+AAA+++ABC?");
    expect(compact(ev)).toEqual(['UNB+UNOC:3+S+R+1:1+X']);
    expect(ev.at(-1)).toMatchObject({ kind: 'malformed', index: 2, problem: { code: 'EDI_UNTERMINATED', message: expect.stringContaining('release character') } });
  });

  it('reports a missing terminator at the end of the file', () => {
    const ev = tokenize("UNB+UNOC:3+S+R+1:1+X'UNZ+0+X");
    expect(ev.at(-1)).toMatchObject({ kind: 'malformed', problem: { code: 'EDI_UNTERMINATED', tag: 'UNZ', index: 2 } });
  });

  it.each([1, 2, 3, 5, 1000])('reads UNA with custom separators, whatever the chunk size (%i)', (size) => {
    const ev = tokenize("UNA|^,# ~UNB^UNOC|3^S^R^1|1^X~FTX^AAA^^^A#^B#|C##D#~E~", size);
    expect(compact(ev)).toEqual(['UNB+UNOC:3+S+R+1:1+X', 'FTX+AAA+++A^B|C#D~E']);
    expect(problems(ev)).toEqual([]);
  });

  it('UNA with a space as release character disables release', () => {
    const ev = tokenize("UNA:+.  'UNB+UNOC:3+S+R+1:1+X'FTX+AAA+++A?B'");
    expect(segments(ev)[1]?.elements[3]).toEqual(['A?B']);
  });

  it('rejects a UNA whose separators collide and keeps the defaults', () => {
    const ev = tokenize("UNA++.? 'UNB+UNOC:3+S+R+1:1+X'");
    expect(problems(ev)).toMatchObject([{ code: 'EDI_SYNTAX', tag: 'UNA' }]);
    expect(compact(ev)).toEqual(['UNB+UNOC:3+S+R+1:1+X']);
  });

  it('UNA applies to its interchange only; segment numbers restart at UNB', () => {
    const ev = tokenize("UNA:+.?*~UNB+UNOC:4+S+R+1:1+A~UNZ+0+A~\nUNB+UNOC:3+S+R+1:1+B'UNH+1+CUSCAR:D:95B:UN'UNZ+0+B'");
    expect(compact(ev)).toEqual(['UNB+UNOC:4+S+R+1:1+A', 'UNZ+0+A', 'UNB+UNOC:3+S+R+1:1+B', 'UNH+1+CUSCAR:D:95B:UN', 'UNZ+0+B']);
    expect(segments(ev).map((s) => s.index)).toEqual([1, 2, 1, 2, 3]);
  });

  it('reads syntax level B separators without UNA', () => {
    const ev = tokenize('UNB\x1dUNOB\x1f3\x1dS\x1dR\x1d1\x1f1\x1dX\x1cUNH\x1d1\x1dCUSCAR\x1fD\x1f95B\x1fUN\x1c');
    expect(compact(ev)).toEqual(['UNB+UNOB:3+S+R+1:1+X', 'UNH+1+CUSCAR:D:95B:UN']);
  });

  it('tracks line numbers and byte offsets, ignoring line breaks between and inside segments', () => {
    const text = "\uFEFFUNB+UNOW:4+S+R+1:1+X'\r\nNAD+CN+++ТБИЛИСИ'\r\nFTX+AAA+++LINE\r\nBREAK'\nUNZ+0+X'";
    const ev = tokenize(text, 4);
    const segs = segments(ev);
    expect(segs.map((s) => [s.tag, s.line])).toEqual([['UNB', 1], ['NAD', 2], ['FTX', 3], ['UNZ', 5]]);
    expect(segs[1]?.byteOffset).toBe(Buffer.byteLength("\uFEFFUNB+UNOW:4+S+R+1:1+X'\r\n"));
    expect(segs[1]?.elements[3]).toEqual(['ТБИЛИСИ']);
    expect(segs[2]?.elements[3]).toEqual(['LINEBREAK']);
  });

  it('decodes per syntax identifier: UNOC is ISO 8859-1, UNOE is ISO 8859-5, UNOW is UTF-8', () => {
    const latin1 = Buffer.concat([Buffer.from("UNB+UNOC:3+S+R+1:1+X'NAD+CZ+++M"), Buffer.from([0xdc]), Buffer.from("LLER'")]);
    expect(segments(tokenize(latin1, 3))[1]?.elements[3]).toEqual(['MÜLLER']);
    const cyr = Buffer.concat([Buffer.from("UNB+UNOE:3+S+R+1:1+X'NAD+CN+++"), Buffer.from([0xbc, 0xb8, 0xc0]), Buffer.from("'")]);
    expect(segments(tokenize(cyr))[1]?.elements[3]).toEqual(['МИР']);
    const ev = tokenize("UNB+UNOW:4+S+R+1:1+X'NAD+CN+++ООО «ГРУЗ» ლ'", 1);
    expect(segments(ev)[1]?.elements[3]).toEqual(['ООО «ГРУЗ» ლ']);
    expect(problems(ev)).toEqual([]);
  });

  it('decodes UTF-8 sent under UNOC, with a warning once', () => {
    const ev = tokenize("UNB+UNOC:3+S+R+1:1+X'NAD+CN+++ООО РОМАШКА'NAD+CZ+++ТОВ'");
    expect(segments(ev).slice(1).map((s) => s.elements[3]?.[0])).toEqual(['ООО РОМАШКА', 'ТОВ']);
    expect(problems(ev)).toMatchObject([{ code: 'EDI_CHARSET', index: 2 }]);
  });

  it('reports a malformed tag and goes on (an unreleased apostrophe splits a segment)', () => {
    const ev = tokenize("UNB+UNOC:3+S+R+1:1+X'FTX+AAA+++O'NEIL LTD'GID+1'");
    expect(compact(ev)).toEqual(['UNB+UNOC:3+S+R+1:1+X', 'FTX+AAA+++O', 'GID+1']);
    expect(ev.find((e) => e.kind === 'malformed')).toMatchObject({ index: 3, problem: { code: 'EDI_SYNTAX', index: 3 } });
    expect(segments(ev).at(-1)?.index).toBe(4);
  });

  it('skips an over-long segment with bounded memory and resumes at the next terminator', () => {
    const ev = tokenize(`UNB+UNOC:3+S+R+1:1+X'FTX+AAA+++${'A?'.repeat(10)}${'B'.repeat(500)}'GID+1'`, 7);
    expect(compact(ev)).toEqual(['UNB+UNOC:3+S+R+1:1+X', 'GID+1']);
    expect(problems(ev)).toMatchObject([{ code: 'RECORD_TOO_LARGE', index: 2 }]);
  });

  it('never throws on random bytes', () => {
    let seed = 42;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const bytes = Uint8Array.from({ length: 20_000 }, () => Math.floor(rnd() * 256));
    expect(() => tokenize(bytes, 333)).not.toThrow();
  });
});
