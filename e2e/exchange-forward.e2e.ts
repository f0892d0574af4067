/**
 * Attachments and TLP-bound forwarding in real browsers, two sessions side by side: the Karachi unit head
 * attaches a scanner image to a TLP:AMBER warning for Azerbaijan (a text file posing as an image is refused
 * with a clear message); the Alat unit head downloads the image byte for byte and forwards the warning — only
 * within Azerbaijan, as AMBER allows — to the Baku air cargo unit, the image travelling with it; a TLP:AMBER+STRICT
 * warning says why it cannot be forwarded at all (and the server refuses both attempts); Karachi sees the forward
 * and the download in the warning's use log.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { containerNumber, launchBrowser, screenshotBoth, apiCall, openSession } from './helpers.ts';

let browser: Browser;
const sessions: BrowserContext[] = [];
let karachi: Page;
let alat: Page;

const stamp = Date.now().toString(36);
const amberSubject = `E2E heroin in marble slabs to Alat ${stamp}`;
const strictSubject = `E2E informant report on Alat ferry ${stamp}`;
const WAIT = { timeout: 15_000 };
// A 2×2 PNG: the server types files by their first bytes, not by name.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==', 'base64');
const IMAGE = `xray-${stamp}.png`;
let amberId = '';
let strictId = '';

const open = (username: string): Promise<Page> => openSession(browser, sessions, username, { language: 'en' });

const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

beforeAll(async () => {
  browser = await launchBrowser();
  karachi = await open('pk.unit_head');
  alat = await open('az.unit_head');
  // Set-up through the API (writing warnings in the form is exchange.e2e.ts's subject): a unit head's warnings
  // go out without approval.
  const units = await apiCall<{ data: { id: string; code: string }[] }>(karachi, 'GET', '/api/v1/units?country=AZ&limit=50');
  const alatUnit = units.json.data.find((u) => u.code === 'AZ-ALA-PCU')!.id;
  const base = { facts: { containers: [containerNumber('MSCU', 400000 + (Date.now() % 99999))], goods: 'Marble slabs, 6802' }, reasons: 'Consignee registered last month; route via Bandar Abbas.', requestedAction: 'X-ray on arrival.' };
  const amber = await apiCall<{ data: { id: string } }>(karachi, 'POST', '/api/v1/warnings', { ...base, subject: amberSubject, tlp: 'AMBER', distribution: 'named', recipients: [{ country: 'AZ' }] });
  const strict = await apiCall<{ data: { id: string } }>(karachi, 'POST', '/api/v1/warnings', { ...base, subject: strictSubject, tlp: 'AMBER+STRICT', distribution: 'named', recipients: [{ country: 'AZ', unitId: alatUnit }] });
  expect([amber.status, strict.status], JSON.stringify([amber.json, strict.json])).toEqual([201, 201]);
  amberId = amber.json.data.id;
  strictId = strict.json.data.id;
});

afterAll(async () => {
  for (const c of sessions) await c.close();
  await browser?.close();
});

describe('attachments', () => {
  it('the sender uploads a scanner image; a text file posing as an image is refused with a clear message', async () => {
    await karachi.goto(`/warnings/${amberId}`);
    await expect.poll(() => h1(karachi), WAIT).toBe(amberSubject);
    const box = karachi.getByTestId('attachments');
    const input = box.locator('input[type="file"]');

    await input.setInputFiles({ name: 'scan.png', mimeType: 'image/png', buffer: Buffer.from('not really an image\n') });
    const refused = karachi.waitForResponse((r) => r.url().endsWith('/attachments') && r.request().method() === 'POST');
    await box.getByRole('button', { name: 'Upload' }).click();
    expect((await refused).status()).toBe(415);
    await box.getByText('Only JPEG, PNG or WebP images and PDF documents can be attached').waitFor();

    await input.setInputFiles({ name: IMAGE, mimeType: 'image/png', buffer: PNG });
    const uploaded = karachi.waitForResponse((r) => r.url().endsWith('/attachments') && r.request().method() === 'POST');
    await box.getByRole('button', { name: 'Upload' }).click();
    expect((await uploaded).status()).toBe(201);
    await box.getByRole('link', { name: IMAGE }).waitFor();
    expect(await box.textContent()).toContain('image/png');
  });

  it('the receiving unit downloads it as sent', async () => {
    await alat.goto(`/warnings/${amberId}`);
    await expect.poll(() => h1(alat), WAIT).toBe(amberSubject);
    const link = alat.getByTestId('attachments').getByRole('link', { name: IMAGE });
    const [download] = await Promise.all([alat.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe(IMAGE);
    expect(fs.readFileSync(await download.path()).equals(PNG)).toBe(true);
  });
});

describe('forwarding under TLP', () => {
  it('TLP:AMBER goes only to units of the own country: Alat forwards it to the Baku air cargo unit', async () => {
    await alat.getByRole('button', { name: 'Forward…' }).click();
    const dialog = alat.getByRole('dialog', { name: 'Forward the warning' });
    expect(await dialog.getByTestId('forward-rule').textContent()).toBe('TLP:AMBER may be forwarded only to units of your own country.');
    // The country is fixed to Azerbaijan: no other country is offered.
    await dialog.getByRole('combobox', { name: 'Country 1' }).click();
    expect(await alat.getByRole('option').allTextContents()).toEqual(['Azerbaijan']);
    await alat.getByRole('option', { name: 'Azerbaijan' }).click();
    await dialog.getByRole('combobox', { name: 'Unit 1' }).click();
    await alat.getByRole('option', { name: /^AZ-BAK-ACCU/ }).click();
    await dialog.getByRole('textbox', { name: 'Note to the new recipients' }).fill('For the air cargo of the same consignee.');
    await screenshotBoth(alat, 'warning-forward');
    const forwarded = alat.waitForResponse((r) => r.url().endsWith('/forward') && r.request().method() === 'POST');
    await dialog.getByRole('button', { name: 'Forward', exact: true }).click();
    expect((await forwarded).status()).toBe(201);
    // The copy: a new warning from Alat, pointing at the original, with the image along.
    await alat.waitForURL((u) => /\/warnings\/[0-9a-f-]{36}$/.test(u.pathname) && !u.pathname.endsWith(amberId));
    await expect.poll(() => h1(alat), WAIT).toBe(amberSubject);
    await alat.getByText('Forwarded copy of another warning.').waitFor();
    expect(await alat.getByTestId('warning-reasons').textContent()).toContain('For the air cargo of the same consignee.');
    await alat.getByTestId('attachments').getByRole('link', { name: IMAGE }).waitFor();

    // The server holds the same line: the same warning to Georgia is refused, naming the rule.
    const abroad = await apiCall<{ error: { code: string; message: string } }>(alat, 'POST', `/api/v1/warnings/${amberId}/forward`, { recipients: [{ country: 'GE' }] });
    expect(abroad.status).toBe(403);
    expect(abroad.json.error).toMatchObject({ code: 'TLP_FORWARD_REFUSED', message: 'TLP:AMBER may be forwarded only to units of your own country' });
  });

  it('TLP:AMBER+STRICT says it cannot be forwarded, and offers no forward', async () => {
    await alat.goto(`/warnings/${strictId}`);
    await expect.poll(() => h1(alat), WAIT).toBe(strictSubject);
    expect(await alat.getByTestId('forward-refused').textContent()).toBe('TLP:AMBER+STRICT stays within your unit: it cannot be forwarded.');
    expect(await alat.getByRole('button', { name: 'Forward…' }).count()).toBe(0);
    const inside = await apiCall<{ error: { code: string } }>(alat, 'POST', `/api/v1/warnings/${strictId}/forward`, { recipients: [{ country: 'AZ' }] });
    expect(inside.json.error.code).toBe('TLP_FORWARD_REFUSED');
  });

  it('the sender sees the download and the forward in the use log', async () => {
    await karachi.reload();
    await expect.poll(() => h1(karachi), WAIT).toBe(amberSubject);
    const log = karachi.getByTestId('use-log');
    await expect.poll(() => log.textContent(), WAIT).toContain('Forwarded');
    expect(await log.textContent()).toContain('Attachment downloaded');
    // Country names arrive with the reference data, which may come after the log itself.
    await expect.poll(() => log.textContent(), WAIT).toContain('Azerbaijan');
  });
});
