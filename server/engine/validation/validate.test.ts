import { describe, expect, it } from 'vitest';
import type { Consignment } from '../intake/model.ts';
import { MINI_REFERENCE } from '../intake/fixtures/mini-reference.ts';
import { validateConsignment } from './validate.ts';

const base = (): Consignment => ({
  documentType: 'BL_MASTER',
  documentNumber: 'MEDUTR123456',
  mode: 'sea',
  imoNumber: '9319466',
  placeOfLoading: 'TRAMR',
  placeOfDischarge: 'GEPTI',
  transshipments: [],
  countryOfOrigin: 'CN',
  parties: [{ role: 'consignee', name: 'ООО "КАВКАЗ"', addressLines: ['ул. Церетели 116'], country: 'GE', identifiers: [] }],
  goodsItems: [{ seq: 1, hsCode: '847130', description: 'LAPTOPS', currency: 'USD', value: 1, unNumber: '1263', packageType: 'CT', containerNumbers: ['CSQU3054383'] }],
  equipment: [{ containerNumber: 'CSQU3054383', sizeType: '22G1', seals: ['S1'], fullEmpty: 'FULL' }],
});

const codes = (c: Consignment) => validateConsignment(c, MINI_REFERENCE).map((p) => `${p.level}:${p.code}:${p.field ?? ''}`);

describe('validateConsignment', () => {
  it('accepts a clean consignment', () => {
    expect(codes(base())).toEqual([]);
  });

  it('checks container, IMO and size/type codes', () => {
    const c = base();
    c.imoNumber = '9319467';
    c.equipment = [
      { containerNumber: 'CSQU3054384', sizeType: '40HC', seals: [] },
      { containerNumber: 'CSQ3054383', seals: [] },
      { containerNumber: 'CSQU3054384', seals: [] },
    ];
    c.goodsItems[0]!.containerNumbers = ['CSQU3054383', 'TCNU7200794'];
    expect(codes(c)).toEqual([
      'warning:IMO_CHECK_DIGIT:imoNumber',
      'warning:CONTAINER_CHECK_DIGIT:equipment[0].containerNumber',
      'warning:CONTAINER_SIZE_TYPE:equipment[0].sizeType',
      'warning:CONTAINER_FORMAT:equipment[1].containerNumber',
      'warning:DUPLICATE_CONTAINER:equipment[2].containerNumber',
      'warning:CONTAINER_CHECK_DIGIT:equipment[2].containerNumber',
      'warning:CONTAINER_NOT_DECLARED:goodsItems[0].containerNumbers[0]',
      'warning:CONTAINER_NOT_DECLARED:goodsItems[0].containerNumbers[1]',
    ]);
  });

  it('checks code lists: places, countries, currencies, HS levels', () => {
    const c = base();
    c.placeOfLoading = 'XXAAA';
    c.placeOfDischarge = 'IST';
    c.transshipments = ['GEPTI', 'POTI'];
    c.countryOfOrigin = 'XX';
    c.parties[0]!.country = 'Georgia';
    c.goodsItems = [
      { seq: 1, hsCode: '847199', containerNumbers: [] },
      { seq: 2, hsCode: '999999', currency: 'RUR', containerNumbers: [] },
      { seq: 2, hsCode: '8471', unNumber: '12345', packageType: 'CARTON', containerNumbers: [] },
      { seq: 4, hsCode: '84713000AB', grossMassKg: -5, containerNumbers: [] },
    ];
    c.equipment = [];
    expect(codes(c)).toEqual([
      'warning:UNKNOWN_LOCODE:placeOfLoading',
      'warning:LOCODE_FORMAT:placeOfDischarge',
      'warning:LOCODE_FORMAT:transshipments[1]',
      'warning:UNKNOWN_COUNTRY:countryOfOrigin',
      'warning:UNKNOWN_COUNTRY:parties[0].country',
      'warning:UNKNOWN_HS_SUBHEADING:goodsItems[0].hsCode',
      'warning:UNKNOWN_HS:goodsItems[1].hsCode',
      'warning:UNKNOWN_CURRENCY:goodsItems[1].currency',
      'warning:DUPLICATE_GOODS_ITEM:goodsItems[2].seq',
      'warning:HS_FORMAT:goodsItems[2].hsCode',
      'warning:UN_NUMBER_FORMAT:goodsItems[2].unNumber',
      'warning:PACKAGE_TYPE_FORMAT:goodsItems[2].packageType',
      'warning:HS_FORMAT:goodsItems[3].hsCode',
      'warning:NEGATIVE_QUANTITY:goodsItems[3].grossMassKg',
    ]);
  });

  it('checks air waybills and mode consistency; IATA codes only for air', () => {
    const c = base();
    c.documentType = 'AWB_HOUSE';
    c.documentNumber = 'HAWB-1';
    c.masterDocumentNumber = '235-12345674';
    c.placeOfLoading = 'IST';
    c.placeOfDischarge = 'KUT';
    c.flightNumber = 'TK380';
    expect(codes(c)).toEqual([
      'warning:AWB_CHECK_DIGIT:masterDocumentNumber',
      'warning:MODE_MISMATCH:mode',
      'warning:MODE_MISMATCH:flightNumber',
      'warning:LOCODE_FORMAT:placeOfLoading',
      'warning:LOCODE_FORMAT:placeOfDischarge',
    ]);
    c.mode = 'air';
    delete c.imoNumber;
    expect(codes(c)).toEqual(['warning:AWB_CHECK_DIGIT:masterDocumentNumber', 'warning:UNKNOWN_IATA:placeOfDischarge']);
  });

  it('reports missing document number and goods, date order, self-referencing master', () => {
    const c = base();
    c.documentNumber = '';
    c.goodsItems = [];
    c.departureDate = '2025-03-15';
    c.estimatedArrivalDate = '2025-03-12T10:00';
    c.documentType = 'BL_HOUSE';
    c.masterDocumentNumber = '';
    expect(codes(c)).toEqual(['error:REQUIRED_FIELD:documentNumber', 'warning:DATE_ORDER:estimatedArrivalDate', 'warning:NO_GOODS_ITEMS:goodsItems']);
    const d = base();
    d.masterDocumentNumber = d.documentNumber;
    expect(codes(d)).toEqual(['warning:MASTER_EQUALS_HOUSE:masterDocumentNumber']);
  });

  it('applies level overrides and copies the position', () => {
    const c = base();
    c.equipment[0]!.containerNumber = 'CSQU3054384';
    c.goodsItems[0]!.containerNumbers = ['CSQU3054384'];
    const ps = validateConsignment(c, MINI_REFERENCE, { levels: { CONTAINER_CHECK_DIGIT: 'error' }, file: 'a.edi', segment: 12, line: 13 });
    expect(ps).toEqual([
      {
        level: 'error',
        code: 'CONTAINER_CHECK_DIGIT',
        field: 'equipment[0].containerNumber',
        message: 'container CSQU3054384: check digit 4, expected 3',
        file: 'a.edi',
        line: 13,
        segment: 12,
      },
    ]);
  });
});
