/**
 * Canonical consignment model used by every intake format (JSON, CSV, UN/EDIFACT CUSCAR).
 *
 * One `Consignment` = one transport document: a master or house bill of lading, or a master or house
 * air waybill. Names follow the WCO Data Model / CUSCAR where they exist (consignor, consignee,
 * notify party, freight forwarder, goods item, transport equipment, place of loading/discharge…).
 *
 * Conventions
 * - Codes are stored upper-case and trimmed: UN/LOCODE is 5 characters without a space (`GEPTI`),
 *   IATA airport codes are 3 letters, countries ISO 3166-1 alpha-2, currencies ISO 4217.
 * - HS codes are digits only (dots/spaces removed), 6 to 10 digits (national extensions allowed).
 * - Dates are ISO 8601 strings: `YYYY-MM-DD` or `YYYY-MM-DDTHH:mm[:ss][Z|±hh:mm]`. No time zone is
 *   invented: a local time stays without an offset.
 * - Masses are kilograms, `value` is in `currency`.
 * - Arrays are always present (possibly empty) so consumers never test for `undefined`.
 */

export const DOCUMENT_TYPES = ['BL_MASTER', 'BL_HOUSE', 'AWB_MASTER', 'AWB_HOUSE'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const TRANSPORT_MODES = ['sea', 'air', 'road', 'rail'] as const;
export type TransportMode = (typeof TRANSPORT_MODES)[number];

/** Party roles. `consignor` is the shipper. */
export const PARTY_ROLES = ['consignor', 'consignee', 'notifyParty', 'freightForwarder'] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];

export const IDENTIFIER_SCHEMES = ['TIN', 'EORI', 'OTHER'] as const;
export type IdentifierScheme = (typeof IDENTIFIER_SCHEMES)[number];

export const FULL_EMPTY = ['FULL', 'EMPTY'] as const;
export type FullEmpty = (typeof FULL_EMPTY)[number];

export const INTAKE_FORMATS = ['json', 'csv', 'cuscar'] as const;
export type IntakeFormat = (typeof INTAKE_FORMATS)[number];

export interface PartyIdentifier {
  scheme: IdentifierScheme;
  value: string;
}

export interface Party {
  role: PartyRole;
  /** Name in any script (Latin, Cyrillic, Georgian…), as sent. */
  name: string;
  addressLines: string[];
  city?: string;
  postcode?: string;
  /** ISO 3166-1 alpha-2. */
  country?: string;
  identifiers: PartyIdentifier[];
}

export interface Carrier {
  /** SCAC, IATA airline designator/prefix or another carrier code. */
  code?: string;
  name?: string;
}

export interface GoodsItem {
  /** Goods item number (GID 1496), 1-based. */
  seq: number;
  /** Harmonized System code, digits only, 6–10 digits (shorter codes are kept and flagged). */
  hsCode?: string;
  description?: string;
  packageCount?: number;
  /** UN/ECE Recommendation 21 package type code, e.g. `CT`, `PX`, `BG`. */
  packageType?: string;
  grossMassKg?: number;
  netMassKg?: number;
  value?: number;
  /** ISO 4217. */
  currency?: string;
  /** UN number for dangerous goods, 4 digits. */
  unNumber?: string;
  /** Containers (ISO 6346 numbers) holding this goods item. */
  containerNumbers: string[];
}

export interface Equipment {
  /** ISO 6346 container number, 11 characters, e.g. `CSQU3054383`. */
  containerNumber: string;
  /** ISO 6346 size/type code, e.g. `22G1`, `45G1`. */
  sizeType?: string;
  seals: string[];
  fullEmpty?: FullEmpty;
}

export interface SourceRef {
  format: IntakeFormat;
  file?: string;
  /** 1-based line of the first row / line of the document. */
  line?: number;
  /** CUSCAR: 1-based number of the CNI segment within the interchange (UNA not counted). */
  segment?: number;
  /** Byte offset of the start of the record in the file. */
  byteOffset?: number;
  /** CUSCAR: interchange control reference (UNB 0020) and message reference (UNH 0062). */
  interchangeRef?: string;
  messageRef?: string;
  /** CUSCAR: document/message date (DTM+137), ISO 8601. */
  documentDate?: string;
}

export interface Consignment {
  documentType: DocumentType;
  documentNumber: string;
  /** For house documents: the master B/L or master AWB number. */
  masterDocumentNumber?: string;
  mode: TransportMode;
  carrier?: Carrier;
  vesselName?: string;
  /** IMO ship identification number, 7 digits (no "IMO" prefix). */
  imoNumber?: string;
  voyageNumber?: string;
  /** Flight number for air, e.g. `TK1234`. */
  flightNumber?: string;
  /** UN/LOCODE (5 characters) or, for air, an IATA airport code (3 letters). */
  placeOfLoading?: string;
  placeOfDischarge?: string;
  /** Places of transshipment, in route order. */
  transshipments: string[];
  placeOfDelivery?: string;
  countryOfOrigin?: string;
  countryOfDestination?: string;
  /** Actual or scheduled departure from the place of loading. */
  departureDate?: string;
  /** Estimated arrival at the place of discharge. */
  estimatedArrivalDate?: string;
  parties: Party[];
  goodsItems: GoodsItem[];
  equipment: Equipment[];
  source?: SourceRef;
}

/** Helper for consumers: first party with a role. */
export function partyOf(c: Consignment, role: PartyRole): Party | undefined {
  return c.parties.find((p) => p.role === role);
}
