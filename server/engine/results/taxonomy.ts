/**
 * Seizure taxonomy: commodities (with the units their quantity may be given in), concealment methods,
 * detection methods and transport modes — codes stored in the database, labels in English and Russian.
 * Plain data, no database: the API validates against it, the web form and statistics label with it.
 *
 *   commodityByCode.get('heroin')?.units  → ['kg', 'g']
 *   unitFits('cigarettes', 'kg')          → false (cigarettes are counted in pieces or sticks)
 *   toBaseQuantity(2500, 'g')             → { quantity: 2.5, unit: 'kg' }
 */

export interface Label {
  en: string;
  ru: string;
}

export const QUANTITY_UNITS = ['kg', 'g', 't', 'l', 'pieces', 'sticks', 'tablets', 'rounds', 'm3', 'amount'] as const;
export type QuantityUnit = (typeof QUANTITY_UNITS)[number];

export const UNIT_LABELS: Record<QuantityUnit, Label> = {
  kg: { en: 'kg', ru: 'кг' },
  g: { en: 'g', ru: 'г' },
  t: { en: 't', ru: 'т' },
  l: { en: 'l', ru: 'л' },
  pieces: { en: 'pieces', ru: 'шт.' },
  sticks: { en: 'sticks', ru: 'сигарет' },
  tablets: { en: 'tablets', ru: 'таблеток' },
  rounds: { en: 'rounds', ru: 'патронов' },
  m3: { en: 'm³', ru: 'м³' },
  amount: { en: 'amount (in the seizure currency)', ru: 'сумма (в валюте изъятия)' },
};

export const COMMODITY_CATEGORIES = ['drugs', 'precursors', 'weapons', 'strategic', 'environment', 'tobacco', 'ipr', 'currency', 'cultural', 'other'] as const;
export type CommodityCategory = (typeof COMMODITY_CATEGORIES)[number];

export interface Commodity {
  code: string;
  category: CommodityCategory;
  label: Label;
  /** Units a quantity of it may be given in; the first is the one statistics add up in. */
  units: readonly QuantityUnit[];
  /** A catch-all code: a description is expected with it (the quality score asks for one). */
  vague?: boolean;
}

const MASS = ['kg', 'g', 't'] as const;

export const COMMODITIES: readonly Commodity[] = [
  { code: 'cocaine', category: 'drugs', label: { en: 'Cocaine', ru: 'Кокаин' }, units: ['kg', 'g'] },
  { code: 'heroin', category: 'drugs', label: { en: 'Heroin', ru: 'Героин' }, units: ['kg', 'g'] },
  { code: 'opium', category: 'drugs', label: { en: 'Opium', ru: 'Опий' }, units: ['kg', 'g'] },
  { code: 'morphine', category: 'drugs', label: { en: 'Morphine', ru: 'Морфин' }, units: ['kg', 'g'] },
  { code: 'cannabis_resin', category: 'drugs', label: { en: 'Cannabis resin (hashish)', ru: 'Смола каннабиса (гашиш)' }, units: ['kg', 'g'] },
  { code: 'cannabis_herb', category: 'drugs', label: { en: 'Cannabis herb', ru: 'Марихуана' }, units: ['kg', 'g', 't'] },
  { code: 'methamphetamine', category: 'drugs', label: { en: 'Methamphetamine', ru: 'Метамфетамин' }, units: ['kg', 'g', 'tablets'] },
  { code: 'amphetamine', category: 'drugs', label: { en: 'Amphetamine', ru: 'Амфетамин' }, units: ['kg', 'g', 'tablets'] },
  { code: 'captagon', category: 'drugs', label: { en: 'Captagon (fenetylline) tablets', ru: 'Каптагон (таблетки)' }, units: ['tablets', 'kg', 'g'] },
  { code: 'synthetic_opioids', category: 'drugs', label: { en: 'Synthetic opioids (fentanyl, tramadol…)', ru: 'Синтетические опиоиды (фентанил, трамадол…)' }, units: ['kg', 'g', 'tablets'] },
  { code: 'nps', category: 'drugs', label: { en: 'New psychoactive substances', ru: 'Новые психоактивные вещества' }, units: ['kg', 'g', 'tablets'] },
  { code: 'other_drugs', category: 'drugs', label: { en: 'Other drugs', ru: 'Прочие наркотики' }, units: ['kg', 'g', 'tablets', 'l'], vague: true },
  { code: 'acetic_anhydride', category: 'precursors', label: { en: 'Acetic anhydride', ru: 'Уксусный ангидрид' }, units: ['l', 'kg', 't'] },
  { code: 'precursors', category: 'precursors', label: { en: 'Other precursor chemicals', ru: 'Прочие прекурсоры' }, units: ['kg', 'l', 't'] },
  { code: 'weapons', category: 'weapons', label: { en: 'Weapons', ru: 'Оружие' }, units: ['pieces'] },
  { code: 'ammunition', category: 'weapons', label: { en: 'Ammunition', ru: 'Боеприпасы' }, units: ['rounds'] },
  { code: 'explosives', category: 'weapons', label: { en: 'Explosives', ru: 'Взрывчатые вещества' }, units: ['kg', 'g', 'pieces'] },
  { code: 'dual_use', category: 'strategic', label: { en: 'Strategic / dual-use goods', ru: 'Товары двойного назначения' }, units: ['pieces', 'kg'] },
  { code: 'cites_wildlife', category: 'environment', label: { en: 'CITES wildlife and products', ru: 'Дикая фауна и флора (СИТЕС)' }, units: ['pieces', 'kg'] },
  { code: 'cites_timber', category: 'environment', label: { en: 'CITES timber', ru: 'Древесина (СИТЕС)' }, units: ['m3', 't', 'kg'] },
  { code: 'hazardous_waste', category: 'environment', label: { en: 'Hazardous waste', ru: 'Опасные отходы' }, units: [...MASS] },
  { code: 'ods', category: 'environment', label: { en: 'Ozone-depleting substances', ru: 'Озоноразрушающие вещества' }, units: ['kg', 't', 'pieces'] },
  { code: 'cigarettes', category: 'tobacco', label: { en: 'Cigarettes', ru: 'Сигареты' }, units: ['pieces', 'sticks'] },
  { code: 'tobacco', category: 'tobacco', label: { en: 'Tobacco (raw, water-pipe, other)', ru: 'Табак (сырьё, кальянный и др.)' }, units: [...MASS] },
  { code: 'counterfeit', category: 'ipr', label: { en: 'Counterfeit goods (IPR)', ru: 'Контрафактные товары' }, units: ['pieces', 'kg'] },
  { code: 'currency', category: 'currency', label: { en: 'Currency (undeclared cash)', ru: 'Валюта (незадекларированные наличные)' }, units: ['amount'] },
  { code: 'cultural_goods', category: 'cultural', label: { en: 'Cultural goods', ru: 'Культурные ценности' }, units: ['pieces'] },
  { code: 'other', category: 'other', label: { en: 'Other', ru: 'Прочее' }, units: ['pieces', 'kg', 'g', 't', 'l', 'm3'], vague: true },
];

export const commodityByCode: ReadonlyMap<string, Commodity> = new Map(COMMODITIES.map((c) => [c.code, c]));

export const CONCEALMENT_METHODS = ['false_wall', 'false_floor', 'in_goods', 'mixed_with_goods', 'refrigeration_unit', 'rip_on_rip_off', 'container_structure', 'vehicle_compartment', 'baggage', 'postal_item', 'on_body', 'none', 'other'] as const;
export const CONCEALMENT_LABELS: Record<(typeof CONCEALMENT_METHODS)[number], Label> = {
  false_wall: { en: 'False wall', ru: 'Фальшстена' },
  false_floor: { en: 'False floor', ru: 'Двойной пол' },
  in_goods: { en: 'Inside the goods', ru: 'Внутри товара' },
  mixed_with_goods: { en: 'Mixed with legitimate goods', ru: 'Среди законного товара' },
  refrigeration_unit: { en: 'Refrigeration unit', ru: 'Холодильная установка' },
  rip_on_rip_off: { en: 'Rip-on/rip-off', ru: 'Rip-on/rip-off (подброс в контейнер)' },
  container_structure: { en: 'Body of the container', ru: 'Конструкция контейнера' },
  vehicle_compartment: { en: 'Vehicle compartment', ru: 'Тайник в транспортном средстве' },
  baggage: { en: 'Baggage', ru: 'Багаж' },
  postal_item: { en: 'Postal / express item', ru: 'Почтовое / экспресс-отправление' },
  on_body: { en: 'On or in the body', ru: 'На теле или в теле' },
  none: { en: 'Not concealed', ru: 'Без сокрытия' },
  other: { en: 'Other', ru: 'Другое' },
};

export const DETECTION_METHODS = ['risk_profile', 'partner_warning', 'scanner_image', 'canine', 'random', 'intelligence', 'physical_examination', 'documentary_check', 'other'] as const;
export const DETECTION_LABELS: Record<(typeof DETECTION_METHODS)[number], Label> = {
  risk_profile: { en: 'Risk profile', ru: 'Профиль риска' },
  partner_warning: { en: 'Partner warning', ru: 'Предупреждение партнёра' },
  scanner_image: { en: 'Scanner image', ru: 'Снимок сканера' },
  canine: { en: 'Detector dog', ru: 'Служебная собака' },
  random: { en: 'Random selection', ru: 'Случайный отбор' },
  intelligence: { en: 'Intelligence', ru: 'Оперативная информация' },
  physical_examination: { en: 'Physical examination', ru: 'Физический досмотр' },
  documentary_check: { en: 'Documentary check', ru: 'Документальный контроль' },
  other: { en: 'Other', ru: 'Другое' },
};

export const TRANSPORT_MODES = ['sea', 'air', 'road', 'rail', 'postal', 'passenger', 'other'] as const;
export const TRANSPORT_LABELS: Record<(typeof TRANSPORT_MODES)[number], Label> = {
  sea: { en: 'Sea', ru: 'Морской' },
  air: { en: 'Air', ru: 'Воздушный' },
  road: { en: 'Road', ru: 'Автомобильный' },
  rail: { en: 'Rail', ru: 'Железнодорожный' },
  postal: { en: 'Postal / express', ru: 'Почтовый / экспресс' },
  passenger: { en: 'Passenger', ru: 'Пассажир' },
  other: { en: 'Other', ru: 'Другой' },
};

export type ConcealmentMethod = (typeof CONCEALMENT_METHODS)[number];
export type DetectionMethod = (typeof DETECTION_METHODS)[number];
export type TransportMode = (typeof TRANSPORT_MODES)[number];

export function unitFits(commodity: string, unit: string): boolean {
  return commodityByCode.get(commodity)?.units.includes(unit as QuantityUnit) ?? false;
}

/** Masses are added up in kg and cigarettes' sticks count as pieces; other units stay as they are. */
export function toBaseQuantity(quantity: number, unit: string): { quantity: number; unit: string } {
  switch (unit) {
    case 'g':
      return { quantity: quantity / 1000, unit: 'kg' };
    case 't':
      return { quantity: quantity * 1000, unit: 'kg' };
    case 'sticks':
      return { quantity, unit: 'pieces' };
    default:
      return { quantity, unit };
  }
}

/** The same normalisation in SQL, for aggregates over seizure_items (alias `i`). */
export const BASE_QUANTITY_SQL = `CASE i.unit WHEN 'g' THEN i.quantity / 1000 WHEN 't' THEN i.quantity * 1000 ELSE i.quantity END`;
export const BASE_UNIT_SQL = `CASE i.unit WHEN 'g' THEN 'kg' WHEN 't' THEN 'kg' WHEN 'sticks' THEN 'pieces' ELSE i.unit END`;

/** The whole taxonomy as served to the web form (GET /api/v1/seizures/taxonomy). */
export function taxonomy() {
  return {
    commodities: COMMODITIES.map((c) => ({ code: c.code, category: c.category, label: c.label, units: [...c.units], vague: Boolean(c.vague) })),
    units: QUANTITY_UNITS.map((u) => ({ code: u, label: UNIT_LABELS[u] })),
    concealment: CONCEALMENT_METHODS.map((code) => ({ code, label: CONCEALMENT_LABELS[code] })),
    detection: DETECTION_METHODS.map((code) => ({ code, label: DETECTION_LABELS[code] })),
    transport: TRANSPORT_MODES.map((code) => ({ code, label: TRANSPORT_LABELS[code] })),
  };
}
