/**
 * The directory in a real browser: a national coordinator logs in with 2FA, switches the UI to Russian,
 * browses the units, creates an officer in a Kazakh unit, and sees only Kazakh users.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { demoUser, launchBrowser, loginWithFreshCode, newPage, savedLanguage, screenshot, VIEWPORTS } from './helpers.ts';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** Picks an option in a Mantine Select by its label text. */
async function choose(page: Page, label: string, option: string | RegExp) {
  await page.getByRole('dialog').getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option }).click();
}

describe('directory (national coordinator, Russian UI)', () => {
  it('logs in with 2FA, switches to Russian, browses units and creates an officer', async () => {
    const { context, page } = await newPage(browser, VIEWPORTS.laptop);
    try {
      const coordinator = demoUser('kz.national_coordinator');
      expect(coordinator.totpSecret).toBeTruthy();
      await loginWithFreshCode(page, 'kz.national_coordinator');
      await page.getByRole('heading', { level: 1 }).waitFor();

      // The demo account starts in Russian; go to English and back, each choice saved on the account.
      const switchTo = async (label: 'EN' | 'RU', nav: string) => {
        const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/me') && r.request().method() === 'PATCH');
        await page.getByText(label, { exact: true }).click();
        expect((await saved).status()).toBe(204);
        await page.getByRole('navigation', { name: nav }).waitFor();
      };
      await switchTo('EN', 'Main navigation');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Welcome, Dauren Serikbayev');
      expect(await savedLanguage(page)).toBe('en');
      await screenshot(page, 'dashboard-en-laptop');
      await switchTo('RU', 'Основная навигация');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Добро пожаловать, Dauren Serikbayev');
      expect(await savedLanguage(page)).toBe('ru');
      expect(await page.locator('html').getAttribute('lang')).toBe('ru');
      const nav = page.getByRole('navigation', { name: 'Основная навигация' });

      // Units, in Russian.
      await nav.getByRole('link', { name: 'Подразделения' }).click();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Подразделения');
      const headers = await page.getByRole('columnheader').allTextContents();
      expect(headers).toEqual(expect.arrayContaining(['Код', 'Название', 'Тип', 'Местоположение', 'Ведомство', 'Статус']));
      // The coordinator's own country is the initial filter (so the country column is left out).
      expect(await page.getByRole('combobox', { name: 'Страна' }).inputValue()).toBe('Казахстан');
      const aktau = page.getByRole('row').filter({ hasText: 'KZ-AAU-PCU' });
      await aktau.waitFor();
      const aktauText = await aktau.textContent();
      expect(aktauText).toContain('Группа портового контроля Актау');
      expect(aktauText).toContain('ГПК');
      expect(aktauText).toContain('KZAAU');
      expect(aktauText).toContain('Действует');
      await screenshot(page, 'units-ru-laptop');

      // Users: create an officer in the Aktau unit.
      await nav.getByRole('link', { name: 'Пользователи' }).click();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Пользователи');
      await page.getByRole('row').filter({ hasText: 'kz.officer' }).waitFor();
      await page.getByRole('button', { name: 'Новый пользователь' }).click();
      const dialog = page.getByRole('dialog', { name: 'Новый пользователь' });
      await dialog.waitFor();
      const username = `kz.e2e.${Date.now().toString(36)}`;
      await dialog.getByRole('textbox', { name: 'Имя пользователя' }).fill(username);
      await dialog.getByRole('textbox', { name: 'ФИО' }).fill('Айгерим Тестова');
      expect(await dialog.getByRole('combobox', { name: 'Роль' }).inputValue()).toBe('Сотрудник');
      await choose(page, 'Подразделение', /KZ-AAU-PCU/);
      await screenshot(page, 'user-create-ru-laptop');
      const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/users') && r.request().method() === 'POST');
      await dialog.getByRole('button', { name: 'Создать' }).click();
      expect((await created).status()).toBe(201);

      // The temporary password is shown once.
      const temp = page.getByRole('dialog', { name: 'Временный пароль' });
      await temp.waitFor();
      expect((await temp.getByTestId('one-time-secret').textContent())?.trim()).toMatch(/^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$/);
      await screenshot(page, 'user-temp-password-ru-laptop');
      await temp.getByRole('button', { name: 'Готово' }).click();
      await temp.waitFor({ state: 'hidden' });

      const row = page.getByRole('row').filter({ hasText: username });
      await row.waitFor();
      const rowText = await row.textContent();
      expect(rowText).toContain('Айгерим Тестова');
      expect(rowText).toContain('Сотрудник');
      expect(rowText).toContain('KZ-AAU-PCU');
      expect(rowText).toContain('Временный пароль');

      // Only Kazakh users: nothing from Uzbekistan in the table, nor in what the API gives this session.
      const tableText = (await page.getByTestId('users-table').textContent()) ?? '';
      expect(tableText).not.toContain('Узбекистан');
      expect(tableText).not.toMatch(/\buz\./);
      const apiUsers = await page.evaluate(async () => {
        const res = await fetch('/api/v1/users?limit=200', { credentials: 'same-origin' });
        return ((await res.json()) as { data: { username: string; country: string | null }[] }).data;
      });
      expect(apiUsers.length).toBeGreaterThan(3);
      expect(apiUsers.every((u) => u.country === 'KZ')).toBe(true);
      expect(apiUsers.map((u) => u.username)).toContain(username);
      expect(apiUsers.some((u) => u.username.startsWith('uz.'))).toBe(false);
      await screenshot(page, 'users-ru-laptop');
    } finally {
      await context.close();
    }
  });

  it('keeps the saved Russian on the next login and fits a tablet', async () => {
    const { context, page } = await newPage(browser, VIEWPORTS.tablet);
    try {
      // The account's language (Russian, saved in the previous test) applies from the 2FA step on, and after
      // login the page asked for before logging in is shown.
      await loginWithFreshCode(page, 'kz.national_coordinator', { path: '/directory/units' });
      expect(await page.locator('html').getAttribute('lang')).toBe('ru');
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Подразделения');
      await page.getByRole('row').filter({ hasText: 'KZ-AAU-PCU' }).waitFor();
      // 820 px wide (≥ the sm breakpoint): the navigation stays beside the content, no burger.
      expect(await page.getByRole('navigation', { name: 'Основная навигация' }).isVisible()).toBe(true);
      expect(await page.getByRole('button', { name: 'Показать или скрыть меню' }).isVisible()).toBe(false);
      await screenshot(page, 'units-ru-tablet');
      await page.getByRole('link', { name: 'Пользователи' }).click();
      await page.getByRole('row').filter({ hasText: 'kz.officer' }).waitFor();
      await screenshot(page, 'users-ru-tablet');
    } finally {
      await context.close();
    }
  });
});
