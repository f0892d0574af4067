/**
 * The home page in a real browser: a unit head sees the unit's work (warnings received, overdue, awaiting
 * approval, open requests, unread notifications, the top of the targeting queue) with the same figures the API
 * gives that user; an observer sees only the network's aggregate figures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, loginWithFreshCode, newPage, screenshot, apiGet } from './helpers.ts';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function tileValue(page: Page, label: string): Promise<number> {
  const tile = page.locator('a[data-testid^="tile-"]').filter({ hasText: label });
  const value = tile.locator('[data-value]');
  await value.waitFor();
  return Number(await value.getAttribute('data-value'));
}

describe('dashboard', () => {
  it("shows a unit head the unit's work with the API's figures", async () => {
    const { context, page } = await newPage(browser);
    try {
      await loginWithFreshCode(page, 'kz.unit_head');
      await page.getByText('EN', { exact: true }).click();
      await page.getByRole('heading', { level: 1, name: /^Welcome, / }).waitFor();

      const inbox = await apiGet<{ total: number }>(page, '/api/v1/warnings?box=inbox&state=sent&limit=1');
      const overdue = await apiGet<{ total: number }>(page, '/api/v1/warnings?box=inbox&state=sent&overdue=true&limit=1');
      const pending = await apiGet<{ total: number }>(page, '/api/v1/warnings?box=outbox&state=pending_approval&limit=1');
      const requests = await apiGet<{ page: { total: number } }>(page, '/api/v1/requests?box=inbox&state=open&limit=1');
      const me = await apiGet<{ data: { unit: { id: string } } }>(page, '/api/v1/me');
      const queue = await apiGet<{ data: { documentNumber: string }[] }>(page, `/api/v1/targeting/queue?unitId=${me.data.unit.id}&limit=5`);
      const stats = await apiGet<{ data: { kpis: { seizures: number } } }>(page, '/api/v1/statistics/dashboard');

      // The demo network sends Kazakhstan warnings, so the figures are not all zero.
      expect(inbox.total).toBeGreaterThan(0);
      expect(await tileValue(page, 'Warnings received')).toBe(inbox.total);
      expect(await tileValue(page, 'Overdue feedback')).toBe(overdue.total);
      expect(await tileValue(page, 'Awaiting approval')).toBe(pending.total);
      expect(await tileValue(page, 'Open requests')).toBe(requests.page.total);

      const queueTable = page.getByRole('table', { name: 'Top of the targeting queue' });
      await queueTable.waitFor();
      expect(queue.data.length).toBeGreaterThan(0);
      const shown = await queueTable.getByRole('link').allTextContents();
      expect(shown).toEqual(queue.data.map((q) => q.documentNumber));

      const seizures = page.getByTestId('kpi-seizures');
      await seizures.waitFor();
      expect((await seizures.textContent())?.replace(/\D/g, '')).toBe(String(stats.data.kpis.seizures));
      await screenshot(page, 'dashboard-unit-head');

      // A tile leads to the page where the work is done.
      await page.locator('a[data-testid^="tile-"]').filter({ hasText: 'Open requests' }).click();
      await page.waitForURL(/\/requests$/);
    } finally {
      await context.close();
    }
  });

  it('shows an observer the aggregates only', async () => {
    const { context, page } = await newPage(browser);
    try {
      await loginWithFreshCode(page, 'kz.observer');
      await page.getByText('EN', { exact: true }).click();
      await page.getByRole('heading', { level: 3, name: 'Network figures, last 12 months' }).waitFor();
      expect(await page.locator('a[data-testid^="tile-"]').count()).toBe(0);
      expect(await page.getByRole('table', { name: 'Top of the targeting queue' }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
