import { describe, expect, it } from 'vitest';
import type { Consignment } from '../../engine/intake/model.ts';
import { demoConsignments } from '../../seed/demo-cargo.ts';
import {
  consignmentLine,
  consignmentRow,
  copyEscape,
  copyLine,
  copyRows,
  equipmentRows,
  goodsRows,
  INTAKE_TABLES,
  partyRows,
  type PreparedConsignment,
} from './consignment-rows.ts';

const today = new Date('2026-11-28T00:00:00Z');

const awkward: Consignment = {
  documentType: 'BL_HOUSE',
  documentNumber: 'HBL\\42\t"X"',
  masterDocumentNumber: 'M\n1',
  mode: 'sea',
  carrier: { name: 'Back\\slash "Lines"' },
  transshipments: ['TR"AMB', 'GR\\PIR'],
  parties: [
    { role: 'consignor', name: 'ООО "Ромашка"\tЛтд', addressLines: ['line 1', 'line\\2'], identifiers: [{ scheme: 'TIN', value: '12\\34' }] },
    { role: 'consignee', name: '', addressLines: [], identifiers: [] },
  ],
  goodsItems: [
    { seq: 1, description: 'a\r\nb', grossMassKg: 0.1 + 0.2, netMassKg: Number.NaN, value: 1e21, containerNumbers: ['CSQU3054383', 'A"B'] },
    { seq: 2, containerNumbers: [] },
  ],
  equipment: [{ containerNumber: 'CSQU3054383', seals: ['S\\1', 'S"2', ''] }],
  source: { format: 'csv', file: 'a\tb.csv', line: 3 },
};

function prepared(c: Consignment, i: number): PreparedConsignment {
  return {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    key: `K|${c.documentNumber}`,
    hash: `h${i}`,
    consignment: c,
    quality: { score: 87.5, flags: [{ code: 'VAGUE', note: 'tab\there' }] } as unknown as PreparedConsignment['quality'],
    warnings: i % 2 ? [] : [{ level: 'warning', code: 'CONTAINER_CHECK_DIGIT', message: 'bad \\ digit' }] as unknown as PreparedConsignment['warnings'],
  };
}

describe('COPY rows', () => {
  it('copyRows writes what copyLine writes over the row objects', () => {
    const all = [...demoConsignments({ place: 'UAODS', country: 'UA', count: 30, seed: 3, today }), ...demoConsignments({ place: 'TBS', country: 'GE', count: 10, seed: 4, today }), awkward];
    all.forEach((c, i) => {
      const p = prepared(c, i);
      const owner = { country: 'UA', unitId: '11111111-1111-4111-8111-111111111111', importId: i % 3 ? '22222222-2222-4222-8222-222222222222' : null };
      const rows = copyRows(p, owner);
      for (const version of [1, 3]) expect(consignmentLine(rows, version)).toBe(copyLine(INTAKE_TABLES.consignments, consignmentRow(p, owner, version)));
      expect(rows.consignment_parties).toBe(partyRows(p).map((r) => copyLine(INTAKE_TABLES.consignment_parties, r)).join(''));
      expect(rows.goods_items).toBe(goodsRows(p).map((r) => copyLine(INTAKE_TABLES.goods_items, r)).join(''));
      expect(rows.equipment).toBe(equipmentRows(p).map((r) => copyLine(INTAKE_TABLES.equipment, r)).join(''));
    });
  });

  it('escapes backslash, tab and line breaks, quotes array elements, and writes NULL as \\N', () => {
    expect(copyEscape('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
    const line = copyLine(INTAKE_TABLES.equipment, { consignment_id: 'x', container_number: 'C', size_type: null, seals: ['q"u\\o', 'p'], full_empty: 'FULL' });
    expect(line).toBe('x\tC\t\\N\t{"q\\\\"u\\\\\\\\o","p"}\tFULL\n');
  });
});
