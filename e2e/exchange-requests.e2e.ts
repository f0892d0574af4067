/**
 * A request for information in real browsers, two sessions side by side: an officer in Dushanbe (TJ) asks the
 * Bishkek air cargo unit (KG) through the form; the Bishkek officer finds it in the unit's inbox and replies in
 * the thread; Dushanbe sees the reply and the state "Answered", closes the request, and Bishkek can no longer
 * reply.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshotBoth, openSession } from './helpers.ts';

let browser: Browser;
const sessions: BrowserContext[] = [];
let dushanbe: Page;
let bishkek: Page;

const stamp = Date.now().toString(36);
const subject = `E2E consignee of the Urumqi flights ${stamp}`;
const question = `Is Pamir Cargo Express LLC known to you? Its air waybills 176-… route via Bishkek. ${stamp}`;
const reply = `Yes: two shipments held in March for undeclared tramadol; details by secure mail. ${stamp}`;
const WAIT = { timeout: 15_000 };
let requestPath = '';

const open = (username: string): Promise<Page> => openSession(browser, sessions, username, { language: 'en' });

const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
const state = (page: Page) => page.getByTestId('request-state').getAttribute('data-state');

beforeAll(async () => {
  browser = await launchBrowser();
  dushanbe = await open('tj.officer');
  bishkek = await open('kg.officer');
});

afterAll(async () => {
  for (const c of sessions) await c.close();
  await browser?.close();
});

describe('a request for information between Tajikistan and Kyrgyzstan', () => {
  it('Dushanbe asks the Bishkek unit through the form', async () => {
    await dushanbe.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Requests', exact: true }).click();
    await expect.poll(() => h1(dushanbe), WAIT).toBe('Requests for information');
    await dushanbe.getByRole('link', { name: 'New request' }).click();
    await expect.poll(() => h1(dushanbe), WAIT).toBe('New request for information');
    const form = dushanbe.getByRole('form', { name: 'New request for information' });
    // Nothing chosen yet: the form says what is missing before asking the server.
    await form.getByRole('button', { name: 'Send request' }).click();
    await form.getByText('Choose a country').waitFor();
    expect(await form.getByText('At least 3 characters').count()).toBe(2);

    await form.getByRole('combobox', { name: 'Recipient country' }).click();
    await dushanbe.getByRole('option', { name: 'Kyrgyzstan' }).click();
    await form.getByRole('combobox', { name: 'Recipient unit' }).click();
    await dushanbe.getByRole('option', { name: /^KG-FRU-ACCU/ }).click();
    await form.getByRole('textbox', { name: 'Subject' }).fill(subject);
    await form.getByRole('textbox', { name: 'Question' }).fill(question);
    await form.getByLabel('Deadline').fill('2031-02-01');
    const created = dushanbe.waitForResponse((r) => r.url().endsWith('/api/v1/requests') && r.request().method() === 'POST');
    await form.getByRole('button', { name: 'Send request' }).click();
    expect((await created).status()).toBe(201);
    await expect.poll(() => h1(dushanbe), WAIT).toBe(subject);
    requestPath = new URL(dushanbe.url()).pathname;
    expect(requestPath).toMatch(/^\/requests\/[0-9a-f-]{36}$/);
    expect(await state(dushanbe)).toBe('open');
    expect(await dushanbe.getByTestId('request-thread').textContent()).toContain(question);
    expect(await dushanbe.getByText('No replies yet.').count()).toBe(1);
  });

  it("Bishkek finds it in the unit's inbox and replies", async () => {
    await bishkek.goto('/requests');
    const row = bishkek.getByTestId('requests-table').getByRole('row').filter({ hasText: subject });
    await expect.poll(() => row.count(), WAIT).toBe(1);
    // Country names arrive with the reference list; until then the row shows the ISO code.
    await expect.poll(() => row.textContent(), WAIT).toContain('Tajikistan');
    await row.getByRole('link', { name: subject }).click();
    await expect.poll(() => h1(bishkek), WAIT).toBe(subject);
    expect(await bishkek.getByTestId('request-thread').textContent()).toContain(question);
    await bishkek.getByRole('textbox', { name: 'Your reply' }).fill(reply);
    const sent = bishkek.waitForResponse((r) => r.url().endsWith('/replies') && r.request().method() === 'POST');
    await bishkek.getByRole('button', { name: 'Send reply' }).click();
    expect((await sent).status()).toBe(201);
    await expect.poll(() => bishkek.getByTestId('request-reply').textContent(), WAIT).toContain(reply);
    await screenshotBoth(bishkek, 'request-thread');
  });

  it('Dushanbe sees the reply, closes the request; Bishkek can no longer reply', async () => {
    await dushanbe.reload();
    await expect.poll(() => dushanbe.getByTestId('request-reply').textContent(), WAIT).toContain(reply);
    await expect.poll(() => dushanbe.getByTestId('request-reply').textContent(), WAIT).toContain('Kyrgyzstan');
    expect(await state(dushanbe)).toBe('answered');
    await dushanbe.getByRole('button', { name: 'Close the request' }).click();
    await expect.poll(() => state(dushanbe), WAIT).toBe('closed');

    await bishkek.reload();
    await expect.poll(() => state(bishkek), WAIT).toBe('closed');
    expect(await bishkek.getByRole('textbox', { name: 'Your reply' }).count()).toBe(0);
  });
});
