/**
 * UI translations. One namespace ("translation"); en.json and ru.json have the same nested keys, grouped by
 * screen (auth, nav, units, users, …) plus label tables for API enums (roles, unitKinds, agencyKinds,
 * auditTypes, entityTypes) and API error codes (errors.CODE). Keys are type-checked (see i18next.d.ts), and
 * the two assignments below make the build fail when one language misses a key the other has.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import ru from './ru.json';
import type { Language } from '../api/types.ts';

const _ruHasAllEnglishKeys: typeof en = ru;
const _enHasAllRussianKeys: typeof ru = en;

export const resources = { en: { translation: en }, ru: { translation: ru } } as const;

const STORAGE_KEY = 'iren.language';

export function isLanguage(v: unknown): v is Language {
  return v === 'en' || v === 'ru';
}

/** Before login: the language last used on this browser, else the browser's preference. */
function initialLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLanguage(stored)) return stored;
  } catch {
    // storage may be unavailable (private mode)
  }
  const prefs = typeof navigator !== 'undefined' ? (navigator.languages.length ? navigator.languages : [navigator.language]) : [];
  const first = prefs.find((l) => /^(en|ru)\b/i.test(l));
  return first?.toLowerCase().startsWith('ru') ? 'ru' : 'en';
}

function syncDocument(lng: string) {
  document.documentElement.lang = lng;
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // ignore
  }
}

void i18n.use(initReactI18next).init({
  resources,
  lng: initialLanguage(),
  fallbackLng: 'en',
  supportedLngs: ['en', 'ru'],
  interpolation: { escapeValue: false },
  returnNull: false,
});
syncDocument(i18n.language);
i18n.on('languageChanged', syncDocument);

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : 'en';
}

export default i18n;
