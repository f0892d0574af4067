/**
 * Seizures and statistics in a real browser, as an officer of Aktau: record a seizure through the form, linked
 * to the Georgian (Poti) warning and to the joint operation; see the "made on information shared by" banner,
 * the dashboard's "on shared information" figure go up by one, and the operation's after-action PDF count it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { extractText } from 'unpdf';
import { launchBrowser, loginWithFreshCode, newPage, screenshotBoth, apiGet } from './helpers.ts';

let browser: Browser;
let context: BrowserContext;
let page: Page;

const OPERATION = 'IREN-CASPIAN-2026';

beforeAll(async () => {
  browser = await launchBrowser();
  ({ context, page } = await newPage(browser));
  await loginWithFreshCode(page, 'kz.officer');
  // The demo Kazakh officer works in Russian; this test reads the English labels.
  await page.evaluate(() => fetch('/api/v1/me', { method: 'PATCH', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ language: 'en' }) }));
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

const nav = () => page.getByRole('navigation', { name: 'Main navigation' });
const h1 = () => page.getByRole('heading', { level: 1 }).textContent();

async function sharedKpi(): Promise<number> {
  const value = page.getByTestId('kpi-shared-value');
  await value.waitFor();
  return Number((await value.textContent())!.replace(/\D/g, ''));
}

async function operationPdfText(operationId: string): Promise<string> {
  const bytes = await page.evaluate(async (id) => Array.from(new Uint8Array(await (await fetch(`/api/v1/operations/${id}/report.pdf`, { credentials: 'same-origin' })).arrayBuffer())), operationId);
  return (await extractText(new Uint8Array(bytes), { mergePages: true })).text;
}

describe('a seizure made on shared information (officer, Aktau)', () => {
  let sharedBefore = 0;
  let operationId = '';
  let reportBefore = 0;
  let pdfBefore = '';

  it('reads the dashboard and the operation report before', async () => {
    await nav().getByRole('link', { name: 'Statistics' }).click();
    await expect.poll(h1).toBe('Statistics');
    sharedBefore = await sharedKpi();
    const ops = await apiGet<{ data: { id: string; code: string | null }[] }>(page, '/api/v1/operations?limit=100');
    operationId = ops.data.find((o) => o.code === OPERATION)?.id ?? '';
    expect(operationId).not.toBe('');
    reportBefore = (await apiGet<{ data: { seizures: { onSharedInformation: number } } }>(page, `/api/v1/operations/${operationId}/report`)).data.seizures.onSharedInformation;
    pdfBefore = await operationPdfText(operationId);
  });

  it('records it through the form, linked to the Poti warning and the operation, with the live quality score', async () => {
    await nav().getByRole('link', { name: 'Seizures' }).click();
    await expect.poll(h1).toBe('Seizures');
    await page.getByRole('link', { name: 'Record a seizure' }).click();
    await expect.poll(h1).toBe('Record a seizure');
    const score = page.getByTestId('quality-score');
    await score.waitFor();
    const emptyScore = Number(await score.textContent());

    await page.getByRole('textbox', { name: 'Place (UN/LOCODE)' }).fill('KZAAU');
    await page.getByRole('textbox', { name: 'Origin (country or UN/LOCODE)' }).fill('AF');
    await page.getByRole('textbox', { name: 'Destination (country or UN/LOCODE)' }).fill('KZ');
    await page.getByLabel('Detection method', { exact: true }).first().click();
    await page.getByRole('option', { name: 'Partner warning' }).click();
    await page.getByLabel('Commodity', { exact: true }).first().click();
    await page.getByRole('option', { name: 'Heroin', exact: true }).click();
    await page.getByRole('textbox', { name: 'Quantity' }).fill('7.5');
    await page.getByLabel('Warnings that led to it', { exact: true }).first().click();
    await page.getByRole('option', { name: /Suspected heroin in container/ }).click();
    await page.keyboard.press('Escape');
    await page.getByLabel('Joint operation', { exact: true }).first().click();
    await page.getByRole('option', { name: new RegExp(OPERATION) }).click();
    // The score follows the draft.
    await expect.poll(async () => Number(await score.textContent())).toBeGreaterThan(emptyScore);
    await screenshotBoth(page, 'seizure-form');
    await page.setViewportSize({ width: 1366, height: 768 });

    const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/seizures') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Save' }).click();
    expect((await saved).status()).toBe(201);
    await page.waitForURL(/\/seizures\/[0-9a-f-]{36}$/);
    const banner = page.getByTestId('shared-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('Made on information shared by Georgia (GE-PTI-PCU)');
    expect(await page.getByTestId('seizure-items').textContent()).toContain('Heroin');
    await screenshotBoth(page, 'seizure-detail');
  });

  it('is counted on the dashboard as made on shared information', async () => {
    await nav().getByRole('link', { name: 'Statistics' }).click();
    await expect.poll(h1).toBe('Statistics');
    await expect.poll(sharedKpi).toBe(sharedBefore + 1);
    await page.getByTestId('network-map').waitFor();
    expect(await page.locator('.route-arc').count()).toBeGreaterThan(0);
    await screenshotBoth(page, 'statistics');
  });

  it("is counted in the operation's after-action PDF", async () => {
    const report = (await apiGet<{ data: { seizures: { onSharedInformation: number } } }>(page, `/api/v1/operations/${operationId}/report`)).data.seizures.onSharedInformation;
    expect(report).toBe(reportBefore + 1);
    const text = await operationPdfText(operationId);
    expect(text).toContain(OPERATION);
    // The figures around the "On shared information" key figure: the same layout, with that count one higher.
    const near = (pdf: string) => {
      const i = pdf.indexOf('On shared information');
      expect(i, pdf.slice(0, 2000)).toBeGreaterThanOrEqual(0);
      return (pdf.slice(Math.max(0, i - 80), i + 80).match(/\d+/g) ?? []).map(Number);
    };
    const before = near(pdfBefore);
    const after = near(text);
    const k = before.lastIndexOf(reportBefore);
    expect(k, `${before.join(' ')} / ${after.join(' ')}`).toBeGreaterThanOrEqual(0);
    expect(after[k], `${before.join(' ')} / ${after.join(' ')}`).toBe(reportBefore + 1);
  });
});
