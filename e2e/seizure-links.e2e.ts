/**
 * Linking a seizure to the consignment and its inspection result in a real browser, as an officer of Alat
 * (AZ): the consignment is found by its container number, its inspection results are offered in a list (no
 * ids typed), the record shows both links, and the edit form opens with them chosen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, loginWithFreshCode, newPage, screenshotBoth, setLanguage, apiCall } from './helpers.ts';

let browser: Browser;
let context: BrowserContext;
let page: Page;

const stamp = Date.now().toString(36);
const WAIT = { timeout: 15_000 };
let consignment = { id: '', documentNumber: '', container: '' };
let inspectionId = '';
let seizurePath = '';

beforeAll(async () => {
  browser = await launchBrowser();
  ({ context, page } = await newPage(browser));
  await loginWithFreshCode(page, 'az.officer');
  await setLanguage(page, 'en');
  // Set-up through the API: a sea consignment of the unit with a container, and a detector-dog inspection that
  // found something (the demo data has no detector-dog results, so the option is this one).
  const list = await apiCall<{ data: { id: string; documentNumber: string; containerCount: number }[] }>(page, 'GET', '/api/v1/consignments?limit=50');
  const withContainer = list.json.data.find((c) => c.containerCount > 0);
  expect(withContainer, 'a demo consignment with a container').toBeTruthy();
  const detail = await apiCall<{ data: { equipment: { containerNumber: string }[] } }>(page, 'GET', `/api/v1/consignments/${withContainer!.id}`);
  consignment = { id: withContainer!.id, documentNumber: withContainer!.documentNumber, container: detail.json.data.equipment[0]!.containerNumber };
  const inspected = await apiCall<{ data: { id: string } }>(page, 'POST', `/api/v1/consignments/${consignment.id}/inspections`, { method: 'canine', outcome: 'seizure', notes: `E2E ${stamp}` });
  expect(inspected.status).toBe(201);
  inspectionId = inspected.json.data.id;
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe('a seizure linked to its consignment and inspection result', () => {
  it('finds the consignment by container number and picks its inspection result from a list', async () => {
    await page.goto('/seizures/new');
    await page.getByRole('heading', { level: 1, name: 'Record a seizure' }).waitFor();
    const inspection = page.getByRole('combobox', { name: 'Inspection result' });
    // Nothing to choose before the consignment.
    expect(await inspection.isDisabled()).toBe(true);

    await page.getByRole('combobox', { name: 'Consignment' }).fill(consignment.container.slice(0, 8));
    await page.getByRole('option', { name: new RegExp(consignment.documentNumber) }).click();
    await expect.poll(() => inspection.isDisabled(), WAIT).toBe(false);
    await inspection.click();
    await page.getByRole('option', { name: /Detector dog · Seizure$/ }).click();

    await page.getByRole('textbox', { name: 'Place (UN/LOCODE)' }).fill('AZALA');
    await page.getByLabel('Detection method', { exact: true }).first().click();
    await page.getByRole('option', { name: 'Detector dog' }).click();
    await page.getByLabel('Commodity', { exact: true }).first().click();
    await page.getByRole('option', { name: 'Heroin', exact: true }).click();
    await page.getByRole('textbox', { name: 'Quantity' }).fill('3.2');
    await screenshotBoth(page, 'seizure-form-links');
    await page.setViewportSize({ width: 1366, height: 768 });

    const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/seizures') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Save' }).click();
    const res = await saved;
    expect(res.status()).toBe(201);
    expect(res.request().postDataJSON()).toMatchObject({ consignmentId: consignment.id, inspectionId });
    await page.waitForURL(/\/seizures\/[0-9a-f-]{36}$/);
    seizurePath = new URL(page.url()).pathname;
    await expect.poll(() => page.getByTestId('linked-consignment').textContent(), WAIT).toContain(consignment.documentNumber);
    await expect.poll(() => page.getByTestId('linked-inspection').textContent(), WAIT).toContain('Detector dog · Seizure');
    expect(await page.getByTestId('linked-consignment').getAttribute('href')).toBe(`/cargo/consignments/${consignment.id}`);
  });

  it('the consignment page leads to the form with the consignment and the inspection result chosen', async () => {
    await page.goto(seizurePath);
    await page.getByTestId('linked-consignment').click();
    await page.waitForURL(`**/cargo/consignments/${consignment.id}`);
    const record = page.getByTestId('inspections').getByRole('listitem').filter({ hasText: `E2E ${stamp}` }).getByTestId('record-seizure');
    await record.click();
    await page.getByRole('heading', { level: 1, name: 'Record a seizure' }).waitFor();
    expect(new URL(page.url()).search).toBe(`?consignment=${consignment.id}&inspection=${inspectionId}`);
    await expect.poll(() => page.getByRole('combobox', { name: 'Consignment' }).inputValue(), WAIT).toContain(consignment.documentNumber);
    await expect.poll(() => page.getByRole('combobox', { name: 'Inspection result' }).inputValue(), WAIT).toContain('Detector dog · Seizure');
  });

  it('the edit form opens with both links chosen', async () => {
    await page.goto(`${seizurePath}/edit`);
    const chosen = page.getByRole('combobox', { name: 'Consignment' });
    await expect.poll(() => chosen.inputValue(), WAIT).toContain(consignment.documentNumber);
    await expect.poll(() => page.getByRole('combobox', { name: 'Inspection result' }).inputValue(), WAIT).toContain('Detector dog · Seizure');
  });
});
