/**
 * Risk targeting in a real browser, as an officer of Poti: write a unit profile (first with a rule error shown
 * at its line), test it on history, activate it, see a consignment ranked in the queue with the profile's
 * reason (after the background re-scoring), record an inspection result and target it, and see the result in
 * the consignment's risk panel and the profile's performance. Also runs a selection and creates a list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, loginWithFreshCode, newPage, screenshotBoth, VIEWPORTS } from './helpers.ts';

let browser: Browser;
let context: BrowserContext;
let page: Page;

const stamp = Date.now().toString(36);
const profileName = `E2E bananas at Poti ${stamp}`;
const reason = 'Fresh bananas are a frequent cover load for cocaine in reefer containers.';
const instruction = 'Scan the reefer unit and the floor; compare the seal with the B/L.';
let profilePath = '';
let targetedDoc = '';

beforeAll(async () => {
  browser = await launchBrowser();
  ({ context, page } = await newPage(browser, VIEWPORTS.laptop));
  await loginWithFreshCode(page, 'ge.officer');
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

const nav = () => page.getByRole('navigation', { name: 'Main navigation' });
const h1 = () => page.getByRole('heading', { level: 1 }).textContent();

async function choose(label: string, option: string | RegExp, scope = page.locator('body')) {
  await scope.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option }).click();
}

describe('risk profiles and targeting (officer, Poti)', () => {
  it('writes a unit profile, shows rule errors at their line, tests it on history and activates it', async () => {
    await nav().getByRole('link', { name: 'Profiles' }).click();
    await expect.poll(h1).toBe('Risk profiles');
    await page.getByTestId('profiles-table').getByRole('row').filter({ hasText: 'Cocaine route: fruit from South America' }).waitFor();
    await screenshotBoth(page, 'profiles');

    await page.getByRole('link', { name: 'New profile' }).click();
    await expect.poll(h1).toBe('New risk profile');
    expect(await page.getByRole('combobox', { name: 'Owner unit' }).inputValue()).toContain('GE-PTI-PCU');
    await page.getByRole('textbox', { name: 'Name' }).fill(profileName);
    const rule = page.getByRole('textbox', { name: 'Rule' });
    await rule.fill('goods.hs startsWith "0803"\n  and consignee.foo = 1');
    await page.getByRole('button', { name: 'Test on history' }).click();
    const errors = page.getByTestId('rule-errors');
    await errors.waitFor();
    expect(await errors.textContent()).toMatch(/Line 2, column \d+:.*consignee\.foo/);
    expect(await page.locator('.rule-editor-gutter [data-error]').allTextContents()).toEqual(['2']);
    expect(await rule.getAttribute('aria-invalid')).toBe('true');
    await screenshotBoth(page, 'profile-editor-rule-error');

    await rule.fill('goods.hs startsWith "0803"');
    await page.getByRole('button', { name: 'Test on history' }).click();
    await page.getByTestId('test-result').waitFor();
    expect(Number(await page.getByTestId('test-hits').textContent())).toBeGreaterThan(0);
    expect(Number(await page.getByTestId('test-consignments').textContent())).toBeGreaterThan(0);
    await page.getByRole('textbox', { name: 'Weight' }).fill('60');
    await choose('Lane', 'Red');
    await page.getByRole('textbox', { name: 'Reason' }).fill(reason);
    await page.getByRole('textbox', { name: 'Officer instruction' }).fill(instruction);
    await screenshotBoth(page, 'profile-editor-tested');

    const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/risk/profiles') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Create draft' }).click();
    expect((await created).status()).toBe(201);
    await expect.poll(h1).toBe(profileName);
    profilePath = new URL(page.url()).pathname;
    expect(await page.locator('[data-state="draft"]').first().textContent()).toBe('Draft');
    const activated = page.waitForResponse((r) => r.url().endsWith('/state') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Activate' }).click();
    expect((await activated).status()).toBe(200);
    await page.locator('[data-state="active"]').first().waitFor();
    await page.getByRole('button', { name: 'Retire' }).waitFor();
  });

  it('ranks a matching consignment in the queue with the reason, records an inspection and targets it', async () => {
    await nav().getByRole('link', { name: 'Queue' }).click();
    await expect.poll(h1).toBe('Targeting queue');
    const top = page.getByTestId('queue-item').first();
    // The server re-scores recent consignments in a background job (risk.rescore) a second or two after activation.
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: 'Refresh' }).click();
          await page.waitForTimeout(500);
          return (await top.textContent()) ?? '';
        },
        { timeout: 45_000, interval: 1_500 },
      )
      .toContain(profileName);
    const topText = (await top.textContent()) ?? '';
    expect(topText).toContain(reason);
    expect(topText).toContain(instruction);
    expect(topText).toContain('Matched conditions (1)');
    expect(await top.locator('[data-lane="red"]').count()).toBeGreaterThan(0);
    targetedDoc = (await top.getAttribute('data-document')) ?? '';
    expect(targetedDoc).not.toBe('');
    await screenshotBoth(page, 'queue');

    // Inspection result.
    await top.getByRole('button', { name: `Record an inspection result for ${targetedDoc}` }).click();
    const inspection = page.getByRole('dialog', { name: `Inspection result for ${targetedDoc}` });
    await inspection.waitFor();
    await choose('Method', 'X-ray scan', inspection);
    await inspection.getByRole('radio', { name: 'Seizure' }).check();
    await inspection.getByRole('textbox', { name: 'Notes' }).fill('Packages of white powder behind the reefer unit');
    await screenshotBoth(page, 'inspection-modal');
    const recorded = page.waitForResponse((r) => r.url().endsWith('/inspections') && r.request().method() === 'POST');
    await inspection.getByRole('button', { name: 'Record result' }).click();
    expect((await recorded).status()).toBe(201);
    await inspection.waitFor({ state: 'hidden' });

    // Target it in the red lane, with a comment: it leaves the undecided queue.
    await top.getByRole('button', { name: `Target ${targetedDoc}` }).click();
    const decision = page.getByRole('dialog', { name: `Decision on ${targetedDoc}` });
    await decision.waitFor();
    expect(await decision.getByRole('combobox', { name: 'Lane' }).inputValue()).toBe('Red');
    await decision.getByRole('textbox', { name: 'Comment' }).fill('Matches the banana profile');
    const decided = page.waitForResponse((r) => r.url().endsWith('/decision') && r.request().method() === 'POST');
    await decision.getByRole('button', { name: 'Save: Target' }).click();
    expect((await decided).status()).toBe(200);
    await decision.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('queue').locator(`[data-document="${targetedDoc}"]`).count()).toBe(0);

    // With decided ones shown, it is back with its decision.
    await page.getByRole('switch', { name: 'Include decided' }).check();
    const decidedItem = page.getByTestId('queue').locator(`[data-document="${targetedDoc}"]`);
    await decidedItem.waitFor();
    expect(await decidedItem.textContent()).toContain('Target · Red');
  });

  it('shows the decision, the inspection and the reason on the consignment, and the positive result on the profile', async () => {
    await page.getByTestId('queue').locator(`[data-document="${targetedDoc}"]`).getByRole('link', { name: targetedDoc }).click();
    await expect.poll(h1).toMatch(new RegExp(`${targetedDoc}$`));
    const panel = page.getByTestId('risk-panel');
    await panel.getByTestId('inspections').waitFor();
    const panelText = (await panel.textContent()) ?? '';
    expect(panelText).toContain('Seizure');
    expect(panelText).toContain('X-ray scan');
    expect(panelText).toContain('Target · Red');
    expect(panelText).toContain('Matches the banana profile');
    expect(panelText).toContain(profileName);
    await page.getByTestId('route-map').waitFor();
    await screenshotBoth(page, 'consignment-risk', () => page.getByTestId('route-map').waitFor());

    await page.goto(profilePath);
    await expect.poll(h1).toBe(profileName);
    const v1 = page.getByTestId('performance').getByRole('row').filter({ hasText: 'Version 1' });
    await v1.waitFor();
    const cells = await v1.getByRole('cell').allTextContents();
    // hits, selected, inspected, positive, hit rate, last positive
    expect(Number(cells[0])).toBeGreaterThan(0);
    expect(Number(cells[2])).toBeGreaterThanOrEqual(1);
    expect(Number(cells[3])).toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId('profile-version').first().textContent()).toContain('goods.hs startsWith "0803"');
    await screenshotBoth(page, 'profile');
  });

  it('runs a selection and creates a risk list', async () => {
    await nav().getByRole('link', { name: 'Queue' }).click();
    await expect.poll(h1).toBe('Targeting queue');
    await page.getByRole('button', { name: 'Run selection' }).click();
    const dialog = page.getByRole('dialog', { name: 'Run selection' });
    await dialog.waitFor();
    const ran = page.waitForResponse((r) => r.url().endsWith('/api/v1/targeting/selection') && r.request().method() === 'POST');
    await dialog.getByRole('button', { name: 'Run selection' }).click();
    expect((await ran).status()).toBe(200);
    const result = page.getByTestId('selection-result');
    await result.waitFor();
    expect(await result.textContent()).toMatch(/Selected by score: \d+ · random control sample: \d+ · capacity: 40/);
    await screenshotBoth(page, 'queue-after-selection');

    await nav().getByRole('link', { name: 'Lists', exact: true }).click();
    await expect.poll(h1).toBe('Risk lists');
    await page.getByRole('button', { name: 'New list' }).click();
    const form = page.getByRole('dialog', { name: 'New risk list' });
    await form.waitFor();
    await form.getByRole('textbox', { name: 'Name' }).fill(`e2e-ports-${stamp}`);
    await form.getByRole('textbox', { name: 'Items' }).fill('gepti\nTRMER\n\n');
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/risk/lists') && r.request().method() === 'POST');
    await form.getByRole('button', { name: 'Create' }).click();
    expect((await saved).status()).toBe(201);
    const row = page.getByTestId('lists-table').getByRole('row').filter({ hasText: `e2e-ports-${stamp}` });
    await row.waitFor();
    const rowText = await row.textContent();
    expect(rowText).toContain('GEPTI, TRMER');
    expect(rowText).toContain('GE-PTI-PCU');
    await screenshotBoth(page, 'lists');
  });
});
