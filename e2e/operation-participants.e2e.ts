/**
 * Running an operation's participants in real browsers, two sessions side by side: the Turkmenbashi unit head
 * coordinates a new operation (Azerbaijan taking part), admits the Karachi PCU on the operation page — the
 * Karachi officer, who could not open the operation before, now sees it — then removes it again, and the
 * Karachi officer is shut out (404) while the last participant cannot be removed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshotBoth, setLanguage, openSession, apiCall } from './helpers.ts';

let browser: Browser;
const sessions: BrowserContext[] = [];
let coordinator: Page;
let karachi: Page;

const code = `E2E-${Date.now().toString(36).toUpperCase()}`;
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
let operationPath = '';
const WAIT = { timeout: 15_000 };

const open = (username: string): Promise<Page> => openSession(browser, sessions, username);

const status = async (page: Page, url: string) => (await apiCall(page, 'GET', url)).status;

beforeAll(async () => {
  browser = await launchBrowser();
  coordinator = await open('tm.unit_head');
  await setLanguage(coordinator, 'en');
  karachi = await open('pk.officer');
  // Set-up through the API: the operation itself (its creation form is not what this file tests).
  const created = await coordinator.evaluate(
    async (body) => {
      const res = await fetch('/api/v1/operations', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, id: ((await res.json()) as { data?: { id: string } }).data?.id ?? '' };
    },
    { code, name: 'Turkmenbashi ferry line check', startsOn: day(-1), endsOn: day(10), participants: [{ country: 'AZ' }] },
  );
  expect(created.status).toBe(201);
  operationPath = `/operations/${created.id}`;
});

afterAll(async () => {
  for (const c of sessions) await c.close();
  await browser?.close();
});

const members = () => coordinator.getByTestId('operation-members');

describe("an operation's participants, admitted and removed on its page", () => {
  it('the coordinating unit head admits the Karachi PCU; its officer now sees the operation', async () => {
    expect(await status(karachi, `/api/v1${operationPath}`)).toBe(404);
    await coordinator.goto(operationPath);
    await coordinator.getByRole('heading', { level: 1, name: new RegExp(code) }).waitFor();
    await coordinator.getByRole('tab', { name: 'Participants' }).click();
    await members().locator('tr[data-country="AZ"]').waitFor();
    // The only participant cannot be removed.
    expect(await members().getByRole('button', { name: /^Remove Azerbaijan/ }).isDisabled()).toBe(true);

    await coordinator.getByRole('combobox', { name: 'Country' }).click();
    await coordinator.getByRole('option', { name: 'Pakistan' }).click();
    await coordinator.getByRole('combobox', { name: 'Unit' }).click();
    await coordinator.getByRole('option', { name: /^PK-KHI-PCU/ }).click();
    const admitted = coordinator.waitForResponse((r) => r.url().endsWith('/participants') && r.request().method() === 'POST');
    await coordinator.getByRole('button', { name: 'Admit' }).click();
    expect((await admitted).status()).toBe(201);
    await members().locator('tr[data-unit="PK-KHI-PCU"]').waitFor();
    expect(await coordinator.getByRole('main').textContent()).toContain('Pakistan');
    await screenshotBoth(coordinator, 'operation-participants', () => members().waitFor());

    await karachi.goto(operationPath);
    await karachi.getByRole('heading', { level: 1, name: new RegExp(code) }).waitFor();
    await expect.poll(() => karachi.getByTestId('operation-units').textContent(), WAIT).toContain('PK-KHI-PCU');
  });

  it('removes it again: the Karachi officer no longer finds the operation', async () => {
    const removed = coordinator.waitForResponse((r) => r.url().includes('/participants?') && r.request().method() === 'DELETE');
    await members().getByRole('button', { name: 'Remove Pakistan · PK-KHI-PCU' }).click();
    expect((await removed).status()).toBe(204);
    await expect.poll(() => members().locator('tr[data-unit="PK-KHI-PCU"]').count(), WAIT).toBe(0);
    expect(await members().getByRole('button', { name: /^Remove Azerbaijan/ }).isDisabled()).toBe(true);

    expect(await status(karachi, `/api/v1${operationPath}`)).toBe(404);
    await karachi.reload();
    await karachi.getByRole('alert').waitFor();
    expect(await karachi.getByRole('heading', { level: 1, name: new RegExp(code) }).count()).toBe(0);
  });
});
