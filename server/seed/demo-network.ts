/**
 * The demo network: the IREN countries with units at real UN/LOCODE places. Codes were looked up in
 * reference/unlocode.csv (e.g. GEPTI Poti, PKBQM Muhammad Bin Qasim = Port Qasim, UAILK Chornomorsk,
 * TMKRW Turkmenbashi, AZALA Alat, KGFRU Bishkek, KZHOR Horgos).
 */
import type { AgencyKind, UnitKind } from '../db/schema.ts';

export interface DemoAgency {
  key: string;
  country: string;
  name: string;
  nameRu: string;
  kind: AgencyKind;
}

export interface DemoUnit {
  code: string;
  name: string;
  nameRu: string;
  kind: UnitKind;
  agency: string;
  locode: string;
  dailyCapacity: number;
}

export const DEMO_AGENCIES: DemoAgency[] = [
  { key: 'AF-C', country: 'AF', name: 'Afghanistan Customs Department', nameRu: 'Таможенный департамент Афганистана', kind: 'customs' },
  { key: 'AF-P', country: 'AF', name: 'Counter Narcotics Police of Afghanistan', nameRu: 'Полиция по борьбе с наркотиками Афганистана', kind: 'police' },
  { key: 'AZ-C', country: 'AZ', name: 'State Customs Committee of Azerbaijan', nameRu: 'Государственный таможенный комитет Азербайджана', kind: 'customs' },
  { key: 'GE-C', country: 'GE', name: 'Revenue Service of Georgia — Customs Department', nameRu: 'Служба доходов Грузии — Таможенный департамент', kind: 'customs' },
  { key: 'KZ-C', country: 'KZ', name: 'State Revenue Committee of Kazakhstan — Customs', nameRu: 'Комитет государственных доходов РК — Таможня', kind: 'customs' },
  { key: 'KZ-B', country: 'KZ', name: 'Border Service of the National Security Committee', nameRu: 'Пограничная служба КНБ РК', kind: 'border_guard' },
  { key: 'KG-C', country: 'KG', name: 'State Customs Service of the Kyrgyz Republic', nameRu: 'Государственная таможенная служба КР', kind: 'customs' },
  { key: 'PK-C', country: 'PK', name: 'Pakistan Customs', nameRu: 'Таможня Пакистана', kind: 'customs' },
  { key: 'PK-A', country: 'PK', name: 'Anti-Narcotics Force', nameRu: 'Силы по борьбе с наркотиками', kind: 'drug_control' },
  { key: 'TJ-C', country: 'TJ', name: 'Customs Service of Tajikistan', nameRu: 'Таможенная служба Таджикистана', kind: 'customs' },
  { key: 'TJ-D', country: 'TJ', name: 'Drug Control Agency of Tajikistan', nameRu: 'Агентство по контролю за наркотиками РТ', kind: 'drug_control' },
  { key: 'TM-C', country: 'TM', name: 'State Customs Service of Turkmenistan', nameRu: 'Государственная таможенная служба Туркменистана', kind: 'customs' },
  { key: 'UA-C', country: 'UA', name: 'State Customs Service of Ukraine', nameRu: 'Государственная таможенная служба Украины', kind: 'customs' },
  { key: 'UZ-C', country: 'UZ', name: 'Customs Committee of Uzbekistan', nameRu: 'Таможенный комитет Узбекистана', kind: 'customs' },
];

export const DEMO_UNITS: DemoUnit[] = [
  { code: 'GE-PTI-PCU', name: 'Poti Port Control Unit', nameRu: 'Группа портового контроля Поти', kind: 'pcu', agency: 'GE-C', locode: 'GEPTI', dailyCapacity: 40 },
  { code: 'GE-BUS-PCU', name: 'Batumi Port Control Unit', nameRu: 'Группа портового контроля Батуми', kind: 'pcu', agency: 'GE-C', locode: 'GEBUS', dailyCapacity: 25 },
  { code: 'GE-TBS-ACCU', name: 'Tbilisi Air Cargo Control Unit', nameRu: 'Группа контроля авиагрузов Тбилиси', kind: 'accu', agency: 'GE-C', locode: 'GETBS', dailyCapacity: 15 },
  { code: 'UA-ODS-PCU', name: 'Odesa Port Control Unit', nameRu: 'Группа портового контроля Одесса', kind: 'pcu', agency: 'UA-C', locode: 'UAODS', dailyCapacity: 50 },
  { code: 'UA-ILK-PCU', name: 'Chornomorsk Port Control Unit', nameRu: 'Группа портового контроля Черноморск', kind: 'pcu', agency: 'UA-C', locode: 'UAILK', dailyCapacity: 40 },
  { code: 'PK-KHI-PCU', name: 'Karachi Port Control Unit', nameRu: 'Группа портового контроля Карачи', kind: 'pcu', agency: 'PK-C', locode: 'PKKHI', dailyCapacity: 60 },
  { code: 'PK-BQM-PCU', name: 'Port Qasim Port Control Unit', nameRu: 'Группа портового контроля Порт-Касим', kind: 'pcu', agency: 'PK-C', locode: 'PKBQM', dailyCapacity: 45 },
  { code: 'PK-LHE-ACCU', name: 'Lahore Air Cargo Control Unit', nameRu: 'Группа контроля авиагрузов Лахор', kind: 'accu', agency: 'PK-A', locode: 'PKLHE', dailyCapacity: 20 },
  { code: 'KZ-AAU-PCU', name: 'Aktau Port Control Unit', nameRu: 'Группа портового контроля Актау', kind: 'pcu', agency: 'KZ-C', locode: 'KZAAU', dailyCapacity: 30 },
  { code: 'KZ-ALA-ACCU', name: 'Almaty Air Cargo Control Unit', nameRu: 'Группа контроля авиагрузов Алматы', kind: 'accu', agency: 'KZ-C', locode: 'KZALA', dailyCapacity: 20 },
  { code: 'KZ-HOR-LBU', name: 'Khorgos Land Border Unit', nameRu: 'Пограничное подразделение Хоргос', kind: 'land_border', agency: 'KZ-B', locode: 'KZHOR', dailyCapacity: 35 },
  { code: 'TM-KRW-PCU', name: 'Turkmenbashi Port Control Unit', nameRu: 'Группа портового контроля Туркменбашы', kind: 'pcu', agency: 'TM-C', locode: 'TMKRW', dailyCapacity: 25 },
  { code: 'AZ-ALA-PCU', name: 'Baku International Sea Trade Port (Alat) PCU', nameRu: 'Группа портового контроля Бакинского порта (Алят)', kind: 'pcu', agency: 'AZ-C', locode: 'AZALA', dailyCapacity: 35 },
  { code: 'AZ-BAK-ACCU', name: 'Baku Air Cargo Control Unit', nameRu: 'Группа контроля авиагрузов Баку', kind: 'accu', agency: 'AZ-C', locode: 'AZBAK', dailyCapacity: 15 },
  { code: 'UZ-TAS-PCU', name: 'Tashkent Dry Port Control Unit', nameRu: 'Группа контроля сухого порта Ташкент', kind: 'pcu', agency: 'UZ-C', locode: 'UZTAS', dailyCapacity: 30 },
  { code: 'UZ-TER-LBU', name: 'Termez Land Border Unit', nameRu: 'Пограничное подразделение Термез', kind: 'land_border', agency: 'UZ-C', locode: 'UZTER', dailyCapacity: 25 },
  { code: 'KG-FRU-ACCU', name: 'Bishkek Air Cargo Control Unit', nameRu: 'Группа контроля авиагрузов Бишкек', kind: 'accu', agency: 'KG-C', locode: 'KGFRU', dailyCapacity: 15 },
  { code: 'TJ-DYU-ACCU', name: 'Dushanbe Air Cargo Control Unit', nameRu: 'Группа контроля авиагрузов Душанбе', kind: 'accu', agency: 'TJ-D', locode: 'TJDYU', dailyCapacity: 15 },
  { code: 'AF-KBL-ACCU', name: 'Kabul Air Cargo Control Unit', nameRu: 'Группа контроля авиагрузов Кабул', kind: 'accu', agency: 'AF-C', locode: 'AFKBL', dailyCapacity: 15 },
  { code: 'AF-HRT-LBU', name: 'Hairatan Land Border Unit', nameRu: 'Пограничное подразделение Хайратон', kind: 'land_border', agency: 'AF-P', locode: 'AFHRT', dailyCapacity: 20 },
];

/** Demo people; the first unit of a country is where its unit head and officer work. */
export const DEMO_NAMES: Record<string, { head: string; officer: string; coordinator: string; observer: string }> = {
  AF: { head: 'Ahmad Rahimi', officer: 'Farid Noori', coordinator: 'Mohammad Karimi', observer: 'Observer (AF donor desk)' },
  AZ: { head: 'Elvin Mammadov', officer: 'Leyla Aliyeva', coordinator: 'Rashad Huseynov', observer: 'Observer (AZ donor desk)' },
  GE: { head: 'Giorgi Beridze', officer: 'Nino Kapanadze', coordinator: 'Levan Maisuradze', observer: 'Observer (GE donor desk)' },
  KZ: { head: 'Asel Nurlanovna', officer: 'Yerlan Akhmetov', coordinator: 'Dauren Serikbayev', observer: 'Observer (KZ donor desk)' },
  KG: { head: 'Aibek Toktogulov', officer: 'Aizada Sydykova', coordinator: 'Nurlan Abdyldaev', observer: 'Observer (KG donor desk)' },
  PK: { head: 'Imran Qureshi', officer: 'Ayesha Siddiqui', coordinator: 'Tariq Mahmood', observer: 'Observer (PK donor desk)' },
  TJ: { head: 'Firuz Rahmonov', officer: 'Zarina Saidova', coordinator: 'Sherzod Nazarov', observer: 'Observer (TJ donor desk)' },
  TM: { head: 'Merdan Atayev', officer: 'Aynur Orazova', coordinator: 'Batyr Gurbanov', observer: 'Observer (TM donor desk)' },
  UA: { head: 'Olena Kovalenko', officer: 'Andrii Shevchenko', coordinator: 'Serhii Bondarenko', observer: 'Observer (UA donor desk)' },
  UZ: { head: 'Rustam Akhmedov', officer: 'Dilnoza Yusupova', coordinator: 'Jamshid Karimov', observer: 'Observer (UZ donor desk)' },
};
