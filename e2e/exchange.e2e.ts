/**
 * Information exchange in real browsers, three sessions side by side: an officer of Poti (GE) writes a warning
 * to Kazakhstan — first with a TLP the distribution does not allow (the API's field error is shown at the TLP
 * choice) — the GE unit head approves it (four eyes), an officer of Aktau (KZ, Russian UI), logged in all along,
 * sees it arrive live (the header bell, then the warnings inbox) and reports a seizure, and the GE officer sees
 * that feedback and the KZ read on the warning's status per recipient.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { containerNumber, launchBrowser, screenshotBoth, openSession } from './helpers.ts';

let browser: Browser;
const sessions: BrowserContext[] = [];
let geOfficer: Page;
let geHead: Page;
let kzOfficer: Page;

const stamp = Date.now().toString(36);
const subject = `E2E cocaine in bananas to Aktau ${stamp}`;
const container = containerNumber('MSKU', 700000 + (Date.now() % 99999));
const notes = `Container ${container} examined on arrival: 42 kg of cocaine in the banana boxes. ${stamp}`;
let warningPath = '';

const open = (username: string, path: string): Promise<Page> => openSession(browser, sessions, username, { path });

const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
/** expect.poll waits 1 s by default; pages here load a warning, its audit row and its status first. */
const WAIT = { timeout: 15_000 };

async function choose(page: Page, label: string | RegExp, option: string | RegExp) {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option }).click();
}

beforeAll(async () => {
  browser = await launchBrowser();
  // The KZ officer is logged in before anything is sent, and stays on the warnings inbox.
  kzOfficer = await open('kz.officer', '/warnings');
  geOfficer = await open('ge.officer', '/');
});

afterAll(async () => {
  for (const c of sessions) await c.close();
  await browser?.close();
});

describe('warnings between Georgia and Kazakhstan', () => {
  it('an officer in GE writes a warning to KZ; a disallowed TLP is refused at its field', async () => {
    await geOfficer.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Warnings' }).click();
    await expect.poll(() => h1(geOfficer), WAIT).toBe('Warnings');
    await geOfficer.getByRole('link', { name: 'New warning' }).click();
    await expect.poll(() => h1(geOfficer), WAIT).toBe('New warning');

    await geOfficer.getByRole('textbox', { name: 'Subject' }).fill(subject);
    const containers = geOfficer.getByRole('combobox', { name: 'Containers' });
    await containers.fill(container);
    await containers.press('Enter');
    await geOfficer.getByRole('textbox', { name: 'Vessel IMO number' }).fill('9321483');
    await geOfficer.getByRole('textbox', { name: 'Goods' }).fill('Fresh bananas, 0803');
    await geOfficer.getByRole('textbox', { name: 'Why it is high-risk' }).fill('Reefer from Guayaquil via Poti; consignee created three weeks ago; route typical of cocaine in fruit.');
    await geOfficer.getByRole('textbox', { name: 'Requested action' }).fill('X-ray and physical examination on arrival; report the result.');
    await geOfficer.getByLabel('Deadline').fill('2031-01-15');
    await choose(geOfficer, 'Country 1', 'Kazakhstan');

    // TLP:RED with a whole country (no named unit): the inline rule warns, the API refuses, the field shows why.
    await geOfficer.getByRole('radio', { name: 'TLP:RED' }).check();
    await geOfficer.getByTestId('tlp-conflict').waitFor();
    const refused = geOfficer.waitForResponse((r) => r.url().endsWith('/api/v1/warnings') && r.request().method() === 'POST');
    await geOfficer.getByRole('button', { name: 'Create warning' }).click();
    expect((await refused).status()).toBe(400);
    // Shown under the TLP choice: "Not a valid value: TLP:RED goes to named units only".
    await expect.poll(() => geOfficer.getByText(/^Not a valid value: TLP:RED goes to named units only/).count(), WAIT).toBe(1);
    await screenshotBoth(geOfficer, 'warning-form-tlp-error');

    await geOfficer.getByRole('radio', { name: 'TLP:AMBER', exact: true }).check();
    const created = geOfficer.waitForResponse((r) => r.url().endsWith('/api/v1/warnings') && r.request().method() === 'POST');
    await geOfficer.getByRole('button', { name: 'Create warning' }).click();
    expect((await created).status()).toBe(201);
    await expect.poll(() => h1(geOfficer), WAIT).toBe(subject);
    warningPath = new URL(geOfficer.url()).pathname;
    expect(warningPath).toMatch(/^\/warnings\/[0-9a-f-]{36}$/);
    expect(await geOfficer.getByTestId('warning-state').getAttribute('data-state')).toBe('pending_approval');
    expect(await geOfficer.getByTestId('tlp-banner').textContent()).toContain('TLP:AMBER');
    // The author cannot approve their own warning.
    expect(await geOfficer.getByRole('button', { name: 'Approve and send' }).count()).toBe(0);
    expect(await geOfficer.getByTestId('fact-containers').textContent()).toContain(container);
  });

  it('the GE unit head approves it; the KZ officer receives it live and reports a seizure', async () => {
    const bell = kzOfficer.getByTestId('bell-count');
    const hasBell = (await bell.count()) > 0;
    const before = hasBell ? Number(await bell.getAttribute('data-count')) : 0;

    geHead = await open('ge.unit_head', warningPath);
    await expect.poll(() => h1(geHead), WAIT).toBe(subject);
    const approved = geHead.waitForResponse((r) => r.url().endsWith('/approve') && r.request().method() === 'POST');
    await geHead.getByRole('button', { name: 'Approve and send' }).click();
    expect((await approved).status()).toBe(200);
    await expect.poll(() => geHead.getByTestId('warning-state').getAttribute('data-state'), WAIT).toBe('sent');

    // KZ, without reloading: the bell counts the new warning as soon as it is sent…
    if (hasBell) await expect.poll(async () => Number(await bell.getAttribute('data-count')), { timeout: 20_000 }).toBeGreaterThan(before);
    // …and the warnings inbox (Russian UI) lists it after its own refresh.
    const row = kzOfficer.getByTestId('warnings-table').getByRole('row').filter({ hasText: subject });
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
    expect(await row.getByText('TLP:AMBER').count()).toBe(1);
    expect(await row.textContent()).toContain('Грузия');
    await screenshotBoth(kzOfficer, 'warnings-inbox-ru');
    await row.getByRole('link', { name: subject }).click();
    await expect.poll(() => h1(kzOfficer), WAIT).toBe(subject);
    expect(await kzOfficer.getByTestId('fact-containers').textContent()).toContain(container);

    const form = kzOfficer.getByTestId('feedback-form');
    await form.getByText('Приняты меры').click();
    await choose(kzOfficer, /^Принятые меры/, 'Физический досмотр');
    await choose(kzOfficer, /^Результат/, 'Изъятие');
    await form.getByRole('textbox', { name: 'Примечания' }).fill(notes);
    const sent = kzOfficer.waitForResponse((r) => r.url().endsWith('/feedback') && r.request().method() === 'POST');
    await form.getByRole('button', { name: 'Отправить ответ' }).click();
    expect((await sent).status()).toBe(201);
    await kzOfficer.getByText('Ответ отправлен.').waitFor();
    await expect.poll(() => kzOfficer.getByTestId('feedback-list').textContent(), WAIT).toContain(notes);
    await screenshotBoth(kzOfficer, 'warning-feedback-ru');
  });

  it('the GE officer sees the KZ read and the seizure on the status per recipient', async () => {
    await geOfficer.reload();
    await expect.poll(() => h1(geOfficer), WAIT).toBe(subject);
    expect(await geOfficer.getByTestId('warning-state').getAttribute('data-state')).toBe('sent');
    const kz = geOfficer.getByTestId('recipient-status').locator('tr[data-country="KZ"]');
    await expect.poll(() => kz.getByTestId('status-result').textContent(), WAIT).toBe('Seizure');
    expect(await kz.textContent()).toContain('Physical examination');
    expect(await kz.textContent()).toContain('✓');
    expect(await geOfficer.getByTestId('feedback-list').textContent()).toContain(notes);
    // Country names arrive with the reference list; until then the log shows the ISO code.
    await expect.poll(() => geOfficer.getByTestId('use-log').textContent(), WAIT).toContain('Kazakhstan');
    expect(await geOfficer.getByTestId('use-log').textContent()).toContain('Read');
    await screenshotBoth(geOfficer, 'warning-sender-status');
  });
});
