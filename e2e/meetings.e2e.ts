/**
 * Meetings after the fact, in a real browser, as Uzbekistan's national coordinator: record a debrief with its
 * participants, correct it (title, last day, online instead of a place, participants), add a recommendation,
 * correct its owner (a unit), due date and status, write a progress note that marks it done, and find it
 * among the done ones in the meeting's follow-up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, loginWithFreshCode, newPage, screenshotBoth, setLanguage } from './helpers.ts';

let browser: Browser;
let context: BrowserContext;
let page: Page;

const stamp = Date.now().toString(36);
const title = `Termez debrief ${stamp}`;
const corrected = `Termez debrief (online) ${stamp}`;
const recText = `Share the ferry and rail manifests with Termez 24 hours before arrival ${stamp}.`;
const WAIT = { timeout: 15_000 };

beforeAll(async () => {
  browser = await launchBrowser();
  ({ context, page } = await newPage(browser));
  await loginWithFreshCode(page, 'uz.national_coordinator');
  await setLanguage(page, 'en');
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

const h1 = () => page.getByRole('heading', { level: 1 }).textContent();

async function choose(scope: Page | ReturnType<Page['locator']>, label: string | RegExp, option: string | RegExp) {
  await scope.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option }).click();
}

describe('a meeting corrected after the fact', () => {
  it('records a debrief with its participants', async () => {
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Meetings', exact: true }).click();
    await expect.poll(h1, WAIT).toBe('Meetings');
    await page.getByRole('button', { name: 'New meeting' }).click();
    const dialog = page.getByRole('dialog', { name: 'New meeting' });
    await dialog.getByRole('textbox', { name: 'Title' }).fill(title);
    await choose(dialog, 'Type', 'Operational debrief');
    await dialog.getByLabel('First day').fill('2031-04-02');
    await dialog.getByLabel('Last day').fill('2031-04-02');
    await dialog.getByRole('textbox', { name: 'Place' }).fill('Termez');
    await choose(dialog, 'Country 1', 'Uzbekistan');
    await dialog.getByRole('textbox', { name: 'Agency 1' }).fill('Customs Committee');
    await dialog.getByRole('textbox', { name: 'People 1' }).fill('3');
    const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/meetings') && r.request().method() === 'POST');
    await dialog.getByRole('button', { name: 'Create' }).click();
    expect((await created).status()).toBe(201);
    await expect.poll(h1, WAIT).toBe(title);
    expect(await page.getByTestId('meeting-participants-text').textContent()).toContain('Uzbekistan (Customs Committee) × 3');
  });

  it('corrects title, last day, place → online and the participants', async () => {
    await page.getByRole('button', { name: 'Edit meeting' }).click();
    const dialog = page.getByRole('dialog', { name: 'Correct the meeting' });
    // The form opens with what was recorded.
    expect(await dialog.getByRole('textbox', { name: 'Title' }).inputValue()).toBe(title);
    expect(await dialog.getByRole('textbox', { name: 'Agency 1' }).inputValue()).toBe('Customs Committee');
    await dialog.getByRole('textbox', { name: 'Title' }).fill(corrected);
    await dialog.getByLabel('Last day').fill('2031-04-03');
    await dialog.getByRole('textbox', { name: 'Place' }).fill('');
    await dialog.getByRole('checkbox', { name: 'Online' }).check();
    await dialog.getByRole('textbox', { name: 'People 1' }).fill('4');
    await dialog.getByRole('button', { name: 'Add a participating country' }).click();
    await choose(dialog, 'Country 2', 'Afghanistan');
    await dialog.getByRole('textbox', { name: 'People 2' }).fill('2');
    await screenshotBoth(page, 'meeting-edit');
    const saved = page.waitForResponse((r) => /\/api\/v1\/meetings\/[0-9a-f-]{36}$/.test(r.url()) && r.request().method() === 'PATCH');
    await dialog.getByRole('button', { name: 'Save' }).click();
    const res = await saved;
    expect(res.status()).toBe(200);
    // Only what changed is sent.
    expect(Object.keys(res.request().postDataJSON() as object).sort()).toEqual(['endsOn', 'online', 'participants', 'place', 'title']);
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(h1, WAIT).toBe(corrected);
    const intro = await page.locator('main').textContent();
    expect(intro).toContain('Online');
    expect(intro).toContain('3 Apr 2031');
    const participants = await page.getByTestId('meeting-participants-text').textContent();
    expect(participants).toContain('Uzbekistan (Customs Committee) × 4');
    expect(participants).toContain('Afghanistan × 2');

    // A second correction touching the summary only sends the summary (the participants read back are unchanged).
    await page.getByRole('button', { name: 'Edit meeting' }).click();
    await dialog.getByRole('textbox', { name: 'Summary' }).fill('Two heroin seizures on the Hairatan rail line discussed.');
    const again = page.waitForResponse((r) => /\/api\/v1\/meetings\/[0-9a-f-]{36}$/.test(r.url()) && r.request().method() === 'PATCH');
    await dialog.getByRole('button', { name: 'Save' }).click();
    expect(Object.keys((await again).request().postDataJSON() as object)).toEqual(['summary']);
    await page.getByText('Two heroin seizures on the Hairatan rail line discussed.').waitFor();
  });

  it('adds a recommendation with its owner unit and corrects the unit, due date and status', async () => {
    const add = page.locator('form').filter({ has: page.getByRole('heading', { name: 'Add a recommendation' }) });
    await add.getByRole('textbox', { name: 'Text' }).fill(recText);
    await choose(add, 'Owner country', 'Uzbekistan');
    await choose(add, 'Owner unit', /^UZ-TAS-PCU/);
    await add.getByLabel('Due').fill('2031-06-30');
    await add.getByRole('button', { name: 'Add a recommendation' }).click();
    const card = page.locator('[data-testid="recommendation"][data-number="1"]');
    await card.waitFor();
    expect(await card.textContent()).toContain(recText);
    expect(await card.getByTestId('recommendation-meta').textContent()).toContain('Uzbekistan · UZ-TAS-PCU');
    expect(await card.getByTestId('recommendation-meta').textContent()).toContain('Due: 30 Jun 2031');

    await card.getByRole('button', { name: 'Correct recommendation 1' }).click();
    const edit = card.getByRole('form', { name: 'Correct recommendation 1' });
    await choose(edit, 'Owner unit', /^UZ-TER-LBU/);
    await edit.getByLabel('Due').fill('2031-07-15');
    await choose(edit, 'Status', 'In progress');
    const saved = page.waitForResponse((r) => /\/api\/v1\/recommendations\/[0-9a-f-]{36}$/.test(r.url()) && r.request().method() === 'PATCH');
    await edit.getByRole('button', { name: 'Save' }).click();
    expect((await saved).status()).toBe(200);
    await expect.poll(() => card.getAttribute('data-status'), WAIT).toBe('in_progress');
    const meta = await card.getByTestId('recommendation-meta').textContent();
    expect(meta).toContain('Uzbekistan · UZ-TER-LBU');
    expect(meta).toContain('Due: 15 Jul 2031');
    expect(await card.textContent()).toContain('In progress');
  });

  it('a progress note marks it done; the follow-up counts it among the done', async () => {
    const card = page.locator('[data-testid="recommendation"][data-number="1"]');
    await card.getByRole('button', { name: 'Add a progress note' }).click();
    await card.getByRole('textbox', { name: 'Progress note' }).fill('Standing instruction issued to the Termez border unit.');
    await choose(card, 'Status after this note', 'Done');
    await card.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => card.getAttribute('data-status'), WAIT).toBe('done');
    expect(await card.getByRole('list', { name: 'Progress notes' }).textContent()).toContain('Standing instruction issued to the Termez border unit.');
    await screenshotBoth(page, 'meeting-recommendations');

    await page.getByRole('link', { name: 'Follow-up of recommendations' }).click();
    await page.getByRole('heading', { level: 1, name: 'Follow-up of recommendations' }).waitFor();
    await expect.poll(async () => page.getByTestId('count-done').locator('p').last().textContent(), WAIT).toBe('1');
    expect(await page.getByTestId('count-late').locator('p').last().textContent()).toBe('0');
    expect(await page.locator('main').textContent()).toContain(recText);
  });
});
