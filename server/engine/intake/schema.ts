/**
 * JSON Schema of the JSON intake format, written with TypeBox. The published copy is
 * `server/engine/intake/consignment.schema.json` (regenerate with
 * `npx tsx server/engine/intake/schema.ts > server/engine/intake/consignment.schema.json`; a unit test
 * fails when the two drift apart).
 *
 * The schema is structural: types, required fields, enumerations, no unknown fields. Code formats
 * (UN/LOCODE, HS, ISO 6346, check digits…) are checked by the validator and reported as warnings, so that
 * a typo in one container number does not make a partner's whole document unreadable.
 */
import { pathToFileURL } from 'node:url';
import { Type, type Static } from 'typebox';
import { DOCUMENT_TYPES, FULL_EMPTY, IDENTIFIER_SCHEMES, PARTY_ROLES, TRANSPORT_MODES } from './model.ts';

const Str = (description: string, extra: Record<string, unknown> = {}) => Type.String({ description, ...extra });
const OptStr = (description: string, extra: Record<string, unknown> = {}) => Type.Optional(Str(description, extra));
const OptNum = (description: string) => Type.Optional(Type.Number({ description }));
const StrList = (description: string) => Type.Optional(Type.Array(Type.String(), { description }));

export const PartyIdentifierSchema = Type.Object(
  {
    scheme: Type.Enum(IDENTIFIER_SCHEMES, { description: 'TIN, EORI or OTHER' }),
    value: Str('Identifier as issued, e.g. DE123456789012345'),
  },
  { additionalProperties: false },
);

export const PartySchema = Type.Object(
  {
    role: Type.Enum(PARTY_ROLES, { description: 'consignor (= shipper), consignee, notifyParty, freightForwarder' }),
    name: Str('Name in any script'),
    addressLines: StrList('Street address lines'),
    city: OptStr('City'),
    postcode: OptStr('Postal code'),
    country: OptStr('ISO 3166-1 alpha-2', { examples: ['GE'] }),
    identifiers: Type.Optional(Type.Array(PartyIdentifierSchema)),
  },
  { additionalProperties: false },
);

export const GoodsItemSchema = Type.Object(
  {
    seq: Type.Integer({ description: 'Goods item number, 1-based', minimum: 1 }),
    hsCode: OptStr('HS code, 6–10 digits (dots and spaces are removed)', { examples: ['847130'] }),
    description: OptStr('Plain-language description of the goods'),
    packageCount: OptNum('Number of packages'),
    packageType: OptStr('UN/ECE Rec. 21 package type code', { examples: ['CT', 'PX'] }),
    grossMassKg: OptNum('Gross mass in kg'),
    netMassKg: OptNum('Net mass in kg'),
    value: OptNum('Value of the goods in currency'),
    currency: OptStr('ISO 4217', { examples: ['USD'] }),
    unNumber: OptStr('UN number of dangerous goods, 4 digits', { examples: ['1263'] }),
    containerNumbers: StrList('ISO 6346 numbers of the containers holding the item'),
  },
  { additionalProperties: false },
);

export const EquipmentSchema = Type.Object(
  {
    containerNumber: Str('ISO 6346 container number', { examples: ['CSQU3054383'] }),
    sizeType: OptStr('ISO 6346 size/type code', { examples: ['22G1', '45G1'] }),
    seals: StrList('Seal numbers'),
    fullEmpty: Type.Optional(Type.Enum(FULL_EMPTY)),
  },
  { additionalProperties: false },
);

export const ConsignmentInputSchema = Type.Object(
  {
    documentType: Type.Enum(DOCUMENT_TYPES, { description: 'Transport document type' }),
    documentNumber: Str('Bill of lading or air waybill number'),
    masterDocumentNumber: OptStr('Master B/L or master AWB of a house document'),
    mode: Type.Enum(TRANSPORT_MODES, { description: 'Mode of transport at the border' }),
    carrier: Type.Optional(
      Type.Object({ code: OptStr('Carrier code (SCAC, IATA…)'), name: OptStr('Carrier name') }, { additionalProperties: false }),
    ),
    vesselName: OptStr('Vessel name (sea)'),
    imoNumber: OptStr('IMO ship number, 7 digits (sea)'),
    voyageNumber: OptStr('Voyage number (sea)'),
    flightNumber: OptStr('Flight number (air)'),
    placeOfLoading: OptStr('UN/LOCODE, or IATA code for air', { examples: ['CNSHA', 'PVG'] }),
    placeOfDischarge: OptStr('UN/LOCODE, or IATA code for air', { examples: ['GEPTI', 'TBS'] }),
    transshipments: StrList('Places of transshipment in route order'),
    placeOfDelivery: OptStr('UN/LOCODE, or IATA code for air'),
    countryOfOrigin: OptStr('ISO 3166-1 alpha-2'),
    countryOfDestination: OptStr('ISO 3166-1 alpha-2'),
    departureDate: OptStr('ISO 8601 date or date-time'),
    estimatedArrivalDate: OptStr('ISO 8601 date or date-time'),
    parties: Type.Optional(Type.Array(PartySchema)),
    goodsItems: Type.Optional(Type.Array(GoodsItemSchema)),
    equipment: Type.Optional(Type.Array(EquipmentSchema)),
  },
  {
    $id: 'urn:iren:schema:consignment:1',
    title: 'iren consignment (JSON intake format)',
    description:
      'One transport document (B/L or AWB). A JSON file holds one such object, an array of them, or one per line (NDJSON).',
    additionalProperties: false,
  },
);

export type ConsignmentInput = Static<typeof ConsignmentInputSchema>;

/** The published JSON Schema document. */
export function consignmentJsonSchema(): Record<string, unknown> {
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', ...(JSON.parse(JSON.stringify(ConsignmentInputSchema)) as Record<string, unknown>) };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${JSON.stringify(consignmentJsonSchema(), null, 2)}\n`);
}
