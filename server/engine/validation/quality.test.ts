import { describe, expect, it } from 'vitest';
import type { Consignment } from '../intake/model.ts';
import { problem } from './problems.ts';
import { assessQuality, isVagueDescription } from './quality.ts';

const good = (): Consignment => ({
  documentType: 'BL_MASTER',
  documentNumber: 'BL1',
  mode: 'sea',
  imoNumber: '9319466',
  placeOfLoading: 'TRAMR',
  placeOfDischarge: 'GEPTI',
  countryOfOrigin: 'TR',
  transshipments: [],
  parties: [
    { role: 'consignor', name: 'A', addressLines: ['street 1'], identifiers: [] },
    { role: 'consignee', name: 'B', addressLines: [], city: 'Tbilisi', identifiers: [] },
  ],
  goodsItems: [
    { seq: 1, hsCode: '847130', description: 'LAPTOP COMPUTERS', packageCount: 10, grossMassKg: 100, containerNumbers: ['CSQU3054383'] },
    { seq: 2, hsCode: '940360', description: 'OFFICE DESKS', packageCount: 5, grossMassKg: 400, containerNumbers: ['CSQU3054383'] },
  ],
  equipment: [{ containerNumber: 'CSQU3054383', seals: ['S1'], fullEmpty: 'FULL' }],
});

describe('isVagueDescription', () => {
  it.each([
    'FAK',
    'Freight All Kinds',
    'GENERAL CARGO',
    'SAID TO CONTAIN',
    'S.T.C. 20 PALLETS',
    'STC 10 PACKAGES GENERAL CARGO',
    'PARTS',
    'SPARE PARTS',
    'GOODS',
    'CONSOLIDATED CARGO',
    'AS PER INVOICE',
    'as per invoice no. 123',
    'ТНП',
    'груз',
    'СБОРНЫЙ ГРУЗ',
    'ТОВАРЫ НАРОДНОГО ПОТРЕБЛЕНИЯ',
    'ЗАПЧАСТИ',
    "SHIPPER'S LOAD AND COUNT",
    '---',
  ])('%s is vague', (d) => expect(isVagueDescription(d)).toBe(true));

  it.each(['LAPTOP COMPUTERS', 'SAID TO CONTAIN 20 PALLETS OF CERAMIC TILES', 'AUTO PARTS: BRAKE PADS', 'ШИНЫ ПНЕВМАТИЧЕСКИЕ', 'FROZEN FISH', 'STC 100 CTNS SHOES'])(
    '%s is specific',
    (d) => expect(isVagueDescription(d)).toBe(false),
  );
});

describe('assessQuality', () => {
  it('scores a complete consignment 100', () => {
    expect(assessQuality(good())).toEqual({ score: 100, flags: [] });
  });

  it('flags missing and vague data, weighted by the share of goods items', () => {
    const c = good();
    c.goodsItems[0] = { seq: 1, description: 'FAK', containerNumbers: [] };
    c.parties = [{ role: 'consignee', name: 'B', addressLines: [], identifiers: [] }];
    delete c.countryOfOrigin;
    const q = assessQuality(c);
    expect(q.flags.map((f) => [f.code, f.points])).toEqual([
      ['MISSING_HS', 10],
      ['VAGUE_DESCRIPTION', 10],
      ['NO_WEIGHT', 7.5],
      ['NO_PACKAGES', 2.5],
      ['MISSING_CONSIGNEE_ADDRESS', 10],
      ['MISSING_CONSIGNOR', 10],
      ['MISSING_ORIGIN_COUNTRY', 3],
    ]);
    expect(q.flags[0]?.fields).toEqual(['goodsItems[0].hsCode']);
    expect(q.score).toBe(47);
  });

  it('flags implausible weights, overweight containers and missing seals', () => {
    const c = good();
    c.goodsItems[0]!.grossMassKg = 40_000;
    c.goodsItems[1]!.netMassKg = 500;
    c.goodsItems[1]!.packageCount = 1_000_000;
    c.equipment[0]!.seals = [];
    const q = assessQuality(c);
    expect(q.flags.map((f) => f.code)).toEqual(['IMPLAUSIBLE_WEIGHT_PER_PACKAGE', 'NET_EXCEEDS_GROSS', 'CONTAINER_WEIGHT_IMPLAUSIBLE', 'FULL_CONTAINER_WITHOUT_SEAL']);
    expect(q.flags[0]?.fields).toEqual(['goodsItems[1].grossMassKg']);
  });

  it('bulk packages are not weighed per package; empty containers with cargo are implausible', () => {
    const c = good();
    c.goodsItems = [{ seq: 1, hsCode: '151211', description: 'SUNFLOWER OIL', packageCount: 1, packageType: 'VQ', grossMassKg: 21_500, containerNumbers: ['CSQU3054383'] }];
    expect(assessQuality(c).flags).toEqual([]);
    c.equipment[0]!.fullEmpty = 'EMPTY';
    expect(assessQuality(c).flags.map((f) => f.code)).toEqual(['CONTAINER_WEIGHT_IMPLAUSIBLE']);
  });

  it('no goods, no routing, no transport id, and validation warnings', () => {
    const c = good();
    c.goodsItems = [];
    delete c.placeOfLoading;
    delete c.imoNumber;
    const warnings = Array.from({ length: 7 }, () => problem({ code: 'UNKNOWN_LOCODE', message: 'x', field: 'placeOfDischarge' }));
    const q = assessQuality(c, warnings);
    expect(q.flags.map((f) => [f.code, f.points])).toEqual([
      ['NO_GOODS_ITEMS', 40],
      ['MISSING_ROUTING', 5],
      ['MISSING_TRANSPORT_ID', 5],
      ['VALIDATION_WARNINGS', 10],
    ]);
    expect(q.score).toBe(40);
  });

  it('never goes below 0', () => {
    const c: Consignment = { documentType: 'AWB_MASTER', documentNumber: 'X', mode: 'air', transshipments: [], parties: [], goodsItems: [{ seq: 1, containerNumbers: [] }], equipment: [] };
    const q = assessQuality(c, Array.from({ length: 9 }, () => problem({ code: 'AWB_FORMAT', message: 'x' })));
    expect(q.score).toBe(0);
  });
});
