/**
 * Cargo intake in a real browser: an officer of Poti uploads a small JSON-lines manifest with one bad record,
 * follows the import to its report (counts and the problem naming line and field), finds the good consignment
 * by its container and opens it: the route is drawn on the offline map.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { containerNumber, launchBrowser, loginWithFreshCode, newPage, screenshotBoth, VIEWPORTS } from './helpers.ts';

let browser: Browser;
let context: BrowserContext;
let page: Page;
let tmpDir: string;

const stamp = Date.now().toString(36).toUpperCase();
const goodDoc = `E2E${stamp}A`;
const badDoc = `E2E${stamp}B`;
const container = containerNumber('TGHU', Number.parseInt(stamp.slice(-5), 36) % 1_000_000);

beforeAll(async () => {
  browser = await launchBrowser();
  ({ context, page } = await newPage(browser, VIEWPORTS.laptop));
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'iren-e2e-intake-'));
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
});

function manifest(): string {
  const eta = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
  const good = {
    documentType: 'BL_MASTER',
    documentNumber: goodDoc,
    mode: 'sea',
    carrier: { code: 'MSCU', name: 'Mediterranean Shipping Company' },
    vesselName: 'MSC ANNA',
    imoNumber: '9777163',
    voyageNumber: '231E',
    placeOfLoading: 'CNSHA',
    transshipments: ['EGPSD'],
    placeOfDischarge: 'GEPTI',
    countryOfOrigin: 'CN',
    estimatedArrivalDate: eta,
    parties: [
      { role: 'consignor', name: 'Shanghai Orient Trading Co., Ltd.', addressLines: ['88 Port Road'], city: 'Shanghai', country: 'CN' },
      { role: 'consignee', name: 'შპს კავკასია ტრეიდი', addressLines: ['Rustaveli Ave 12'], city: 'Tbilisi', country: 'GE' },
    ],
    goodsItems: [{ seq: 1, hsCode: '610910', description: 'COTTON T-SHIRTS, KNITTED', packageCount: 400, packageType: 'CT', grossMassKg: 6100, netMassKg: 5700, value: 52000, currency: 'USD', containerNumbers: [container] }],
    equipment: [{ containerNumber: container, sizeType: '45G1', seals: ['CN7788991'], fullEmpty: 'FULL' }],
  };
  // Line 2: the gross mass is text — a schema error that rejects this record only.
  const bad = { documentType: 'BL_MASTER', documentNumber: badDoc, mode: 'sea', placeOfLoading: 'CNSHA', placeOfDischarge: 'GEPTI', goodsItems: [{ seq: 1, hsCode: '610910', grossMassKg: 'heavy' }] };
  return `${JSON.stringify(good)}\n${JSON.stringify(bad)}\n`;
}

describe('cargo intake (officer, Poti)', () => {
  it('uploads a manifest with one bad record and reads the report', async () => {
    await loginWithFreshCode(page, 'ge.officer');
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByRole('link', { name: 'Import' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Import cargo data');
    // The officer's own unit is chosen (and the only one offered).
    expect(await page.getByRole('combobox', { name: 'Unit' }).inputValue()).toContain('GE-PTI-PCU');

    const file = path.join(tmpDir, `manifest-${stamp}.jsonl`);
    fs.writeFileSync(file, manifest());
    await page.locator('input[type="file"]').setInputFiles(file);
    const uploaded = page.waitForResponse((r) => r.url().endsWith('/api/v1/imports') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Upload and import' }).click();
    expect((await uploaded).status()).toBe(202);

    const report = page.getByTestId('import-report');
    await report.and(page.locator('[data-state="done"]')).waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('count-accepted').textContent()).toBe('1');
    expect(await page.getByTestId('count-rejected').textContent()).toBe('1');
    expect(await page.getByTestId('count-containers').textContent()).toBe('1');
    const problem = page.getByTestId('import-problems').getByRole('row').filter({ hasText: 'goodsItems[0].grossMassKg' });
    const problemText = await problem.textContent();
    expect(problemText).toContain('Error');
    expect(problemText).toContain('line 2');
    expect(problemText).toContain('JSON_WRONG_TYPE');
    // The recent imports list has the file too.
    await page.getByTestId('recent-imports').getByRole('row').filter({ hasText: `manifest-${stamp}.jsonl` }).waitFor();
    await screenshotBoth(page, 'import-report');
  });

  it('finds the consignment by container and shows its route on the map', async () => {
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Consignments' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Consignments');
    await page.getByRole('textbox', { name: 'Container' }).fill(container.slice(0, 8));
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('container')).toBe(container.slice(0, 8));
    const row = page.getByTestId('consignments-table').getByRole('row').filter({ hasText: goodDoc });
    await row.waitFor();
    const rowText = await row.textContent();
    expect(rowText).toContain('CNSHA');
    expect(rowText).toContain('GEPTI');
    expect(rowText).toContain('შპს კავკასია ტრეიდი');
    expect(rowText).not.toContain(badDoc);
    expect(await page.getByTestId('consignments-table').getByRole('row').filter({ hasText: badDoc }).count()).toBe(0);
    await screenshotBoth(page, 'consignments-search');

    await row.getByRole('link', { name: goodDoc }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(`B/L ${goodDoc}`);
    const map = page.getByTestId('route-map');
    await map.waitFor();
    // Loading, transshipment, discharge: three points, in order, and the world outline drawn under them.
    await expect.poll(() => map.locator('.route-point').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-code')}:${e.getAttribute('data-role')}`))).toEqual(['CNSHA:loading', 'EGPSD:transshipment', 'GEPTI:discharge']);
    await expect.poll(async () => ((await map.locator('path').first().getAttribute('d')) ?? '').length).toBeGreaterThan(1000);
    expect(await map.getAttribute('role')).toBe('img');
    expect(await page.getByTestId('parties').textContent()).toContain('შპს კავკასია ტრეიდი');
    expect(await page.getByTestId('containers').textContent()).toContain(container);
    expect(await page.getByTestId('goods').textContent()).toContain('610910');
    await page.getByTestId('risk-panel').getByRole('heading', { name: 'Reasons' }).waitFor();
    await screenshotBoth(page, 'consignment', () => map.waitFor());
  });
});
