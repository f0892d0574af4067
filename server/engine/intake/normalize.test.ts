import { describe, expect, it } from 'vitest';
import { compileDateFormat, normalizeConsignment, normalizeDocumentNumber, normalizeHsCode, normalizeIsoDate, parseNumber } from './normalize.ts';

describe('normalize', () => {
  it.each([
    ['2025-03-14', '2025-03-14'],
    ['20250314', '2025-03-14'],
    ['2025-03-14T08:15', '2025-03-14T08:15'],
    ['2025-03-14 08:15:30', '2025-03-14T08:15:30'],
    ['2025-03-14T08:15:30.123Z', '2025-03-14T08:15:30Z'],
    ['2025-03-14T08:15+0400', '2025-03-14T08:15+04:00'],
    ['14.03.2025', '2025-03-14'],
    ['4.3.2025 8:15', '2025-03-04T08:15'],
    ['2025-02-29', undefined],
    ['2025-13-01', undefined],
    ['03/14/2025', undefined],
    ['tomorrow', undefined],
  ])('normalizeIsoDate(%s) = %s', (input, expected) => expect(normalizeIsoDate(input)).toBe(expected));

  it('compiles date formats', () => {
    expect(compileDateFormat('DD/MM/YYYY')('14/03/2025')).toBe('2025-03-14');
    expect(compileDateFormat('MM/DD/YY HH:mm')('03/14/25 23:59')).toBe('2025-03-14T23:59');
    expect(compileDateFormat('D.M.YYYY')('4.3.2025')).toBe('2025-03-04');
    expect(compileDateFormat('DD/MM/YYYY')('2025-03-14')).toBeUndefined();
    expect(compileDateFormat('DD/MM/YYYY')('31/02/2025')).toBeUndefined();
  });

  it.each([
    ['1234.5', undefined, 1234.5],
    ['1 234,5', undefined, 1234.5],
    ['12,5', undefined, 12.5],
    ['1,250', undefined, 1250],
    ['1.234,5', ',', 1234.5],
    ['1,234.5', '.', 1234.5],
    ['-3', undefined, -3],
    ['12 kg', undefined, undefined],
    ['', undefined, undefined],
  ] as const)('parseNumber(%s, %s) = %s', (input, sep, expected) => expect(parseNumber(input, sep)).toBe(expected));

  it('normalises codes and document numbers', () => {
    expect(normalizeHsCode(' 8471.30.00 ')).toBe('84713000');
    expect(normalizeDocumentNumber(' 235 1234 5675 ', 'AWB_MASTER')).toBe('235-12345675');
    expect(normalizeDocumentNumber('meduTR 123', 'BL_MASTER')).toBe('MEDUTR123');
    const c = normalizeConsignment({
      documentType: 'BL_MASTER',
      documentNumber: ' bl1 ',
      mode: 'sea',
      imoNumber: 'IMO 9319466',
      placeOfLoading: 'ge pti',
      transshipments: [' trist ', ''],
      carrier: { code: ' ', name: '  ' },
      parties: [{ role: 'consignee', name: '  ООО   «Груз» ', addressLines: [' a ', ''], country: 'ge', identifiers: [{ scheme: 'TIN', value: ' 123 ' }, { scheme: 'OTHER', value: '' }] }],
      goodsItems: [{ seq: 1, hsCode: '8471.30', unNumber: 'UN1263', packageType: 'ct', currency: 'usd', containerNumbers: ['csqu 305438-3', 'CSQU3054383'] }],
      equipment: [{ containerNumber: 'csqu3054383', seals: ['s1', 'S1'] }],
    });
    expect(c).toEqual({
      documentType: 'BL_MASTER',
      documentNumber: 'BL1',
      mode: 'sea',
      imoNumber: '9319466',
      placeOfLoading: 'GEPTI',
      transshipments: ['TRIST'],
      parties: [{ role: 'consignee', name: 'ООО «Груз»', addressLines: ['a'], country: 'GE', identifiers: [{ scheme: 'TIN', value: '123' }] }],
      goodsItems: [{ seq: 1, hsCode: '847130', unNumber: '1263', packageType: 'CT', currency: 'USD', containerNumbers: ['CSQU3054383'] }],
      equipment: [{ containerNumber: 'CSQU3054383', seals: ['S1'] }],
    });
  });
});
