/**
 * Shared helpers for the browser tests: launching the system Chromium, a fresh context per test, logging in
 * through the real UI (including the TOTP step) and screenshots under .tmp/.
 * `baseUrl` and `demo` come from e2e/global-setup.ts (`inject('baseUrl')`, `inject('demo')`), which also
 * declares their types on vitest's ProvidedContext.
 */
import fs from 'node:fs';
import path from 'node:path';
import { generate } from 'otplib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { inject } from 'vitest';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const VIEWPORTS = {
  laptop: { width: 1366, height: 768 },
  tablet: { width: 820, height: 1180 },
} as const;

export const SCREENSHOT_DIR = path.resolve('.tmp');

const MAIN_NAV = /^(Main navigation|Основная навигация)$/;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

export async function newPage(browser: Browser, viewport: { width: number; height: number } = VIEWPORTS.laptop): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: 'en-US', timezoneId: 'UTC', baseURL: inject('baseUrl') });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

export function demoUser(username: string) {
  const user = inject('demo').users.find((u) => u.username === username);
  if (!user) throw new Error(`no demo user ${username}`);
  return user;
}

/** A TOTP code; `offsetSeconds: 30` gives the next step, for a second login within the same 30 s (codes are single-use). */
export function totpCode(secret: string, offsetSeconds = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSeconds });
}

/** The account language as the server has it (GET /api/v1/me in the page's session). */
export function savedLanguage(page: Page): Promise<string> {
  return page.evaluate(async () => ((await (await fetch('/api/v1/me', { credentials: 'same-origin' })).json()) as { data: { language: string } }).data.language);
}

/**
 * Sets the account language through the API and reloads (demo users outside Georgia work in Russian; tests that
 * read the English labels switch first). Only for users no other test file expects in the other language.
 */
export async function setLanguage(page: Page, language: 'en' | 'ru'): Promise<void> {
  const status = await page.evaluate(
    async (lang) => (await fetch('/api/v1/me', { method: 'PATCH', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ language: lang }) })).status,
    language,
  );
  if (status >= 300) throw new Error(`language not saved: ${status}`);
  await page.reload();
  await page.getByRole('navigation', { name: MAIN_NAV }).waitFor();
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}


/**
 * Logs in through the UI as a demo user and passes the TOTP step. The login form of a fresh browser is in
 * English; from the 2FA step on the UI follows the account's saved language, so both languages are accepted.
 * The user may have logged in moments ago (in another test or file): the server refuses a TOTP
 * step at or before the last one used, so this tries the current step, then the next one, and if both were
 * used waits for the next 30 s boundary and takes the step after it (accepted with the ±30 s tolerance).
 * Two refusals at most: far from the lockout after 5.
 */
export async function loginWithFreshCode(page: Page, username: string, opts: { path?: string } = {}): Promise<void> {
  const user = demoUser(username);
  await page.goto(opts.path ?? '/');
  await page.getByRole('textbox', { name: 'Username' }).fill(username);
  await page.getByRole('textbox', { name: 'Password' }).fill(inject('demo').password);
  await page.getByRole('button', { name: 'Log in' }).click();
  if (!user.totpSecret) {
    await page.getByRole('navigation', { name: MAIN_NAV }).waitFor();
    return;
  }
  const attempt = async (offsetSeconds: number): Promise<boolean> => {
    const field = page.getByRole('textbox', { name: /^(Verification code|Код подтверждения)$/ });
    await field.waitFor();
    await field.fill(await totpCode(user.totpSecret!, offsetSeconds));
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/totp') && r.request().method() === 'POST');
    await page.getByRole('button', { name: /^(Verify|Подтвердить)$/ }).click();
    return (await answer).ok();
  };
  let ok = (await attempt(0)) || (await attempt(30));
  if (!ok) {
    const toNextStep = 30_000 - (Date.now() % 30_000) + 1_000;
    await page.waitForTimeout(toNextStep);
    ok = await attempt(30);
  }
  if (!ok) throw new Error(`TOTP refused for ${username}`);
  await page.getByRole('navigation', { name: MAIN_NAV }).waitFor();
}

/** Screenshots of the current page at laptop and tablet size (the viewport is left at laptop size). */
export async function screenshotBoth(page: Page, name: string, ready?: () => Promise<unknown>): Promise<void> {
  await page.setViewportSize(VIEWPORTS.laptop);
  await ready?.();
  await screenshot(page, `${name}-laptop`);
  await page.setViewportSize(VIEWPORTS.tablet);
  await ready?.();
  await page.waitForTimeout(200);
  await screenshot(page, `${name}-tablet`);
  await page.setViewportSize(VIEWPORTS.laptop);
}

/** A valid ISO 6346 container number (owner code + 6-digit serial + check digit). */
export function containerNumber(owner: string, serial: number): string {
  const letters: Record<string, number> = {};
  let v = 10;
  for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') {
    if (v % 11 === 0) v++;
    letters[ch] = v++;
  }
  const base = `${owner.toUpperCase()}${String(serial).padStart(6, '0')}`;
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const c = base[i]!;
    sum += (/\d/.test(c) ? Number(c) : letters[c]!) * 2 ** i;
  }
  return `${base}${(sum % 11) % 10}`;
}

/**
 * A request in the page's session (its HttpOnly cookie), as the UI makes it: `{ status, json }`, json null when
 * the response has no body.
 */
export function apiCall<T = unknown>(page: Page, method: string, url: string, body?: unknown): Promise<{ status: number; json: T }> {
  return page.evaluate(
    async ({ method, url, body }) => {
      const res = await fetch(url, { method, credentials: 'same-origin', headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
      const text = await res.text();
      return { status: res.status, json: (text ? JSON.parse(text) : null) as T };
    },
    { method, url, body },
  );
}

/** GET in the page's session: the parsed body; an error status throws, naming the URL. */
export async function apiGet<T = unknown>(page: Page, url: string): Promise<T> {
  const { status, json } = await apiCall<T>(page, 'GET', url);
  if (status >= 400) throw new Error(`GET ${url}: ${status} ${JSON.stringify(json)}`);
  return json;
}

/**
 * A new browser context logged in as a demo user, kept in `contexts` for the file's afterAll to close; with
 * `language` the account is switched to it first, with `path` that page is opened.
 */
export async function openSession(browser: Browser, contexts: BrowserContext[], username: string, opts: { language?: 'en' | 'ru'; path?: string } = {}): Promise<Page> {
  const { context, page } = await newPage(browser);
  contexts.push(context);
  await loginWithFreshCode(page, username);
  if (opts.language) await setLanguage(page, opts.language);
  if (opts.path && opts.path !== '/') await page.goto(opts.path);
  return page;
}
