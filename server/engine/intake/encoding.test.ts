import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeHead, decodeSource, looksCyrillicCp1251, parseEncoding, type TextEncoding } from './encoding.ts';
import { detectFormat } from './detect.ts';
import { intake } from './intake.ts';
import { MINI_REFERENCE } from './fixtures/mini-reference.ts';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)));

async function decodeAll(bytes: Uint8Array, encoding: TextEncoding = 'auto', chunkSize = 65536) {
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  const d = decodeSource(chunks, encoding);
  const out: Buffer[] = [];
  for await (const c of d.stream) out.push(Buffer.from(c));
  return { text: Buffer.concat(out).toString('utf8'), encoding: d.encoding(), unsure: d.unsure(), bytesIn: d.bytesIn() };
}

const RUSSIAN = 'documentNumber,consigneeName\nBL1,ООО «Ташкент Текстиль» — ткань хлопчатобумажная, ёлки №5\n';

describe('decodeSource', () => {
  it('detects Windows-1251 Cyrillic after an ASCII head, whatever the chunking', async () => {
    const bytes = iconv.encode(RUSSIAN, 'win1251');
    for (const size of [1, 2, 3, 7, 40, 65536]) {
      const r = await decodeAll(bytes, 'auto', size);
      expect(r, `chunk ${size}`).toMatchObject({ text: RUSSIAN, encoding: 'cp1251', unsure: false, bytesIn: bytes.length });
    }
  });

  it('detects cp1251 in a long file from its first KiB of non-ASCII text', async () => {
    const long = `${'a,b\n'.repeat(5000)}${'Ж'.repeat(10)},${'Привет мир, '.repeat(400)}\n`;
    const r = await decodeAll(iconv.encode(long, 'win1251'), 'auto', 4096);
    expect(r.encoding).toBe('cp1251');
    expect(r.text).toBe(long);
  });

  it('passes UTF-8 through untouched (with or without a byte order mark)', async () => {
    const bytes = Buffer.from(RUSSIAN, 'utf8');
    for (const size of [1, 5, 65536]) expect(await decodeAll(bytes, 'auto', size)).toMatchObject({ text: RUSSIAN, encoding: 'utf-8', unsure: false });
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
    expect((await decodeAll(withBom, 'auto', 1)).text).toBe(`\uFEFF${RUSSIAN}`);
  });

  it('reads UTF-16 LE and BE by their byte order mark, and UTF-16 LE when told', async () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(RUSSIAN, 'utf16le')]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(RUSSIAN, 'utf16-be')]);
    for (const size of [1, 3, 65536]) {
      expect(await decodeAll(le, 'auto', size), `le ${size}`).toMatchObject({ text: RUSSIAN, encoding: 'utf-16le' });
      expect(await decodeAll(be, 'auto', size), `be ${size}`).toMatchObject({ text: RUSSIAN, encoding: 'utf-16be' });
    }
    expect((await decodeAll(iconv.encode(RUSSIAN, 'utf16le'), 'utf-16le', 3)).text).toBe(RUSSIAN);
  });

  it('decodes as told, even when the bytes would be valid UTF-8', async () => {
    expect((await decodeAll(iconv.encode(RUSSIAN, 'win1251'), 'cp1251', 2)).text).toBe(RUSSIAN);
    // "Рѕ" in cp1251 is the UTF-8 of "о": told cp1251, the bytes are read so.
    expect((await decodeAll(Buffer.from('о', 'utf8'), 'cp1251')).text).toBe('Рѕ');
  });

  it('keeps Latin-1 text as UTF-8 with replacement characters and says it is unsure', async () => {
    const r = await decodeAll(iconv.encode('name\nCafé Müller GmbH, Straße 5\n', 'latin1'));
    expect(r).toMatchObject({ encoding: 'utf-8', unsure: true });
    expect(r.text).toContain('Caf\uFFFD');
  });

  it('ASCII only: no decision needed, nothing changed', async () => {
    expect(await decodeAll(Buffer.from('a,b\n1,2\n'), 'auto', 1)).toMatchObject({ text: 'a,b\n1,2\n', encoding: 'utf-8', unsure: false });
    expect(await decodeAll(Buffer.from('ab'), 'auto')).toMatchObject({ text: 'ab', encoding: 'utf-8' });
  });
});

describe('encoding helpers', () => {
  it('parses the usual spellings', () => {
    expect(['windows-1251', 'CP1251', '1251', 'utf8', 'UTF-16LE', 'utf_16be', 'auto'].map(parseEncoding)).toEqual(['cp1251', 'cp1251', 'cp1251', 'utf-8', 'utf-16le', 'utf-16be', 'auto']);
    expect(parseEncoding('koi8-r')).toBeUndefined();
  });

  it('tells Cyrillic cp1251 from isolated Latin-1 letters', () => {
    expect(looksCyrillicCp1251(iconv.encode('Привет, ООО «Ромашка»', 'win1251'))).toBe(true);
    expect(looksCyrillicCp1251(iconv.encode('Café São Paulo, Müller', 'latin1'))).toBe(false);
  });

  it('detectFormat reads a UTF-16 head', () => {
    const head = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('{"documentNumber":"X"}', 'utf16le')]);
    expect(detectFormat(head)).toBe('json');
    expect(Buffer.from(decodeHead(iconv.encode('Привет', 'win1251'), 'cp1251')).toString('utf8')).toBe('Привет');
  });
});

describe('intake of encoded CSV fixtures', () => {
  const reference = MINI_REFERENCE;
  async function parties(bytes: Buffer, encoding?: TextEncoding) {
    const out: string[] = [];
    for await (const r of intake([bytes], { filename: 'manifest.csv', reference, ...(encoding ? { encoding } : {}) })) {
      expect(r.problems.filter((p) => p.level === 'error')).toEqual([]);
      out.push(...(r.consignment?.parties.map((p) => p.name) ?? []), ...(r.consignment?.goodsItems.map((g) => g.description ?? '') ?? []));
    }
    return out;
  }
  const expected = [
    'ТОО «Жибек Жолы Логистик»',
    'ООО «Ташкент Текстиль Импорт»',
    'Ткань хлопчатобумажная джинсовая',
    'Джемперы трикотажные',
    'ЧП "Днепр-Агро"',
    'АО «Каспий Нефтехим»',
    'Полиэтилен в гранулах',
  ];

  it('Windows-1251 (detected or given) and UTF-16 LE with BOM give the same Cyrillic names', async () => {
    expect(await parties(fixture('manifest-cp1251.csv'))).toEqual(expected);
    expect(await parties(fixture('manifest-cp1251.csv'), 'cp1251')).toEqual(expected);
    expect(await parties(fixture('manifest-utf16le.csv'))).toEqual(expected);
  });
});
