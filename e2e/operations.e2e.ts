/**
 * Joint operations and meeting follow-up in a real browser, as the Poti officer (a participant of the demo
 * operation): the operation room with its map and feed, today's daily report, the after-action page and its
 * PDF; then the follow-up of the Tashkent meeting's recommendations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { extractText } from 'unpdf';
import { launchBrowser, loginWithFreshCode, newPage, screenshotBoth } from './helpers.ts';

let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  ({ context, page } = await newPage(browser));
  await loginWithFreshCode(page, 'ge.officer');
  await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

const nav = () => page.getByRole('navigation', { name: 'Main navigation' });

async function pdfText(href: string): Promise<string> {
  const bytes = await page.evaluate(async (u) => Array.from(new Uint8Array(await (await fetch(u, { credentials: 'same-origin' })).arrayBuffer())), href);
  return (await extractText(new Uint8Array(bytes), { mergePages: true })).text.replace(/\s+/g, ' ');
}

describe('operation room, daily report and after-action report', () => {
  it('opens IREN-CASPIAN-2026 from the list: ports on the map, the group warning in the feed', async () => {
    await nav().getByRole('link', { name: 'Operations' }).click();
    await page.getByRole('link', { name: 'IREN-CASPIAN-2026' }).click();
    await page.getByRole('heading', { level: 1, name: /IREN-CASPIAN-2026/ }).waitFor();
    await page.getByTestId('ports-map').waitFor();
    expect(await page.locator('[data-testid="ports-map"] .map-port').count()).toBe(6);
    await page.getByTestId('operation-feed').getByText('Methamphetamine in trailer flooring', { exact: false }).first().waitFor();
    await screenshotBoth(page, 'operation-room', () => page.getByTestId('ports-map').waitFor());
  });

  it("files today's daily report of the unit", async () => {
    await page.getByRole('tab', { name: 'Daily reports' }).click();
    await page.getByRole('textbox', { name: 'Screened' }).fill('87');
    await page.getByRole('textbox', { name: 'Selected' }).fill('6');
    await page.getByRole('textbox', { name: 'Inspected' }).fill('4');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').getByText('Report saved.').waitFor();
    await page.getByTestId('daily-reports').getByRole('cell', { name: '87' }).waitFor();
  });

  it('shows the after-action figures and a PDF with them', async () => {
    await page.getByRole('tab', { name: 'After-action report' }).click();
    await page.getByTestId('figure-screened').waitFor();
    const screened = (await page.getByTestId('figure-screened').textContent())!.replace(/\D/g, '');
    expect(Number(screened)).toBeGreaterThan(0);
    const href = await page.getByRole('link', { name: 'PDF' }).getAttribute('href');
    const text = await pdfText(href!);
    expect(text).toContain('IREN-CASPIAN-2026');
    expect(text).toContain(`Consignments screened ${Number(screened).toLocaleString('en-GB')}`);
    await screenshotBoth(page, 'operation-after-action', () => page.getByTestId('figure-screened').waitFor());
  });
});

describe('recommendation follow-up', () => {
  it('sorts the Tashkent recommendations and exports them', async () => {
    await nav().getByRole('link', { name: 'Recommendation follow-up' }).click();
    await page.getByRole('heading', { level: 1, name: 'Follow-up of recommendations' }).waitFor();
    await page.getByTestId('count-late').waitFor();
    expect(Number(await page.getByTestId('count-late').locator('p').last().textContent())).toBeGreaterThan(0);
    await page.getByRole('heading', { level: 2, name: /^Late/ }).waitFor();
    const text = await pdfText((await page.getByRole('link', { name: 'PDF' }).getAttribute('href'))!);
    expect(text).toContain('Late (due date passed, not done)');
    expect(text).toContain('IREN expert meeting, Tashkent');
    await screenshotBoth(page, 'recommendation-follow-up', () => page.getByTestId('count-late').waitFor());
  });
});
