/**
 * Watchlists and the rule form builder in a real browser, as an officer of Poti: screen a Cyrillic name against
 * the demo watchlist and read which tokens matched how; create a unit watchlist, add an entry, find it, remove
 * it; in the profile editor, turn a simple rule into the form (and see a complex one refused), and change it in
 * the form with the rule text following.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, loginWithFreshCode, newPage, VIEWPORTS } from './helpers.ts';

let browser: Browser;
let context: BrowserContext;
let page: Page;
const stamp = Date.now().toString(36);

beforeAll(async () => {
  browser = await launchBrowser();
  ({ context, page } = await newPage(browser, VIEWPORTS.laptop));
  await loginWithFreshCode(page, 'ge.officer');
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe('watchlists (officer, Poti)', () => {
  it('screens a name in another script and explains the match', async () => {
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Watchlists' }).click();
    await page.getByTestId('watchlists-table').getByRole('row').filter({ hasText: 'Network watchlist (demo)' }).waitFor();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Рашидов Тимур');
    await page.getByRole('button', { name: 'Screen' }).click();
    const hits = page.getByTestId('screen-hits');
    await hits.getByRole('row').filter({ hasText: /Timur Rashidov|Рашидов Тимур/ }).first().waitFor();
    // The explanation pairs the tokens of both names with how they matched.
    expect(await hits.getByRole('row').nth(1).textContent()).toMatch(/rashidov.*↔.*rashidov/i);
  });

  it('creates a unit watchlist, adds an entry, finds it and removes it', async () => {
    await page.getByRole('button', { name: 'New watchlist' }).click();
    const dialog = page.getByRole('dialog', { name: 'New watchlist' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill(`E2E Poti list ${stamp}`);
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(`E2E Poti list ${stamp}`);
    await page.getByRole('button', { name: 'Add entry' }).click();
    const add = page.getByRole('dialog', { name: 'Add an entry' });
    await add.getByRole('textbox', { name: 'Names' }).fill('ООО «Батуми Трейд»\nBatumi Trade LLC');
    await add.getByRole('textbox', { name: 'Countries' }).fill('GE');
    await add.getByRole('button', { name: 'Add entry' }).click();
    const table = page.getByTestId('watchlist-entries');
    await table.getByRole('row').filter({ hasText: 'Batumi Trade LLC' }).waitFor();
    await page.getByRole('textbox', { name: 'Search entries' }).fill('батуми');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await table.getByRole('row').filter({ hasText: 'ООО «Батуми Трейд»' }).waitFor();
    page.once('dialog', (d) => void d.accept());
    await table.getByRole('button', { name: 'Remove ООО «Батуми Трейд»' }).click();
    await table.getByText('No entry matches the search.').waitFor();
  });
});

describe('rule form builder', () => {
  it('turns a simple rule into the form, refuses a complex one, and keeps the text in step', async () => {
    await page.goto('/risk/profiles/new');
    const rule = page.getByRole('textbox', { name: 'Rule' });
    await rule.fill('count(goods.hs startsWith "0901") >= 1');
    await page.getByTestId('rule-mode').getByText('Form').click();
    await page.getByTestId('not-expressible').waitFor();

    await page.getByTestId('rule-mode').getByText('Text').click();
    await rule.fill('goods.hs startsWith "0901" and mode = "sea"');
    await page.getByTestId('rule-mode').getByText('Form').click();
    await page.getByTestId('rule-builder').waitFor();
    expect(await page.getByTestId('builder-row').count()).toBe(2);
    await expect.poll(() => page.getByTestId('builder-text').textContent()).toBe('goods.hs startsWith "0901" and mode = "sea"');

    await page.getByTestId('rule-builder').getByText('or (any)').click();
    await expect.poll(() => page.getByTestId('builder-text').textContent()).toBe('goods.hs startsWith "0901" or mode = "sea"');
    await page.getByRole('button', { name: 'Remove condition 2' }).click();
    await expect.poll(() => page.getByTestId('builder-text').textContent()).toBe('goods.hs startsWith "0901"');
    // Back to text: the editor holds what the form made.
    await page.getByTestId('rule-mode').getByText('Text').click();
    expect(await page.getByRole('textbox', { name: 'Rule' }).inputValue()).toBe('goods.hs startsWith "0901"');
  });
});
