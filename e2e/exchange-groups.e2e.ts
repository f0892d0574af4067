/**
 * A sharing group in real browsers, three sessions: the Odesa unit head creates a closed group and admits the
 * Kabul air cargo unit, then writes a warning distributed to the group; the Kabul officer (member) finds it in
 * the warnings inbox and opens it, the Turkmenbashi officer (not a member) neither sees it listed nor opens it
 * by its address; once Kabul is removed from the group, the warning is gone for Kabul too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { containerNumber, launchBrowser, screenshotBoth, openSession } from './helpers.ts';

let browser: Browser;
const sessions: BrowserContext[] = [];
let owner: Page;
let member: Page;
let outsider: Page;

const stamp = Date.now().toString(36);
const groupName = `Black Sea – Kabul air corridor ${stamp}`;
const subject = `E2E opium in dried-fruit airfreight ${stamp}`;
const container = containerNumber('TGHU', 300000 + (Date.now() % 99999));
const WAIT = { timeout: 15_000 };
let warningPath = '';

const open = (username: string): Promise<Page> => openSession(browser, sessions, username, { language: 'en' });

const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
const status = (page: Page, url: string) => page.evaluate(async (u) => (await fetch(u, { credentials: 'same-origin' })).status, url);
const inboxRow = (page: Page) => page.getByTestId('warnings-table').getByRole('row').filter({ hasText: subject });

beforeAll(async () => {
  browser = await launchBrowser();
  owner = await open('ua.unit_head');
  member = await open('af.officer');
  outsider = await open('tm.officer');
});

afterAll(async () => {
  for (const c of sessions) await c.close();
  await browser?.close();
});

describe('a closed sharing group', () => {
  it('the Odesa unit head creates it and admits the Kabul air cargo unit', async () => {
    await owner.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Sharing groups' }).click();
    await expect.poll(() => h1(owner), WAIT).toBe('Sharing groups');
    await owner.getByRole('button', { name: 'New group' }).click();
    const dialog = owner.getByRole('dialog', { name: 'New group' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill(groupName);
    await dialog.getByRole('textbox', { name: 'Description' }).fill('Airfreight of dried fruit from Kabul through Odesa.');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await owner.getByRole('heading', { level: 2, name: groupName }).waitFor();
    await owner.getByText('No members yet.').waitFor();

    await owner.getByRole('combobox', { name: 'Country', exact: true }).click();
    await owner.getByRole('option', { name: 'Afghanistan' }).click();
    await owner.getByRole('combobox', { name: 'Unit', exact: true }).click();
    await owner.getByRole('option', { name: /^AF-KBL-ACCU/ }).click();
    const admitted = owner.waitForResponse((r) => r.url().endsWith('/members') && r.request().method() === 'POST');
    await owner.getByRole('button', { name: 'Admit' }).click();
    expect((await admitted).status()).toBe(201);
    await owner.getByTestId('group-members').getByRole('rowheader', { name: 'Afghanistan · AF-KBL-ACCU' }).waitFor();
    await screenshotBoth(owner, 'sharing-group', () => owner.getByTestId('group-members').waitFor());
  });

  it('writes a warning distributed to the group', async () => {
    await owner.goto('/warnings/new');
    await expect.poll(() => h1(owner), WAIT).toBe('New warning');
    await owner.getByRole('textbox', { name: 'Subject' }).fill(subject);
    const containers = owner.getByRole('combobox', { name: 'Containers' });
    await containers.fill(container);
    await containers.press('Enter');
    await owner.getByRole('textbox', { name: 'Goods' }).fill('Dried apricots, 0813');
    await owner.getByRole('textbox', { name: 'Why it is high-risk' }).fill('Same shipper as the March opium seizure in Odesa; prepaid freight, new consignee.');
    await owner.getByRole('textbox', { name: 'Requested action' }).fill('X-ray and detector dog on loading; report the result.');
    await owner.getByRole('radio', { name: 'Sharing group' }).check();
    await owner.getByRole('combobox', { name: 'Sharing group' }).click();
    await owner.getByRole('option', { name: groupName }).click();
    await owner.getByRole('radio', { name: 'TLP:AMBER', exact: true }).check();
    const created = owner.waitForResponse((r) => r.url().endsWith('/api/v1/warnings') && r.request().method() === 'POST');
    await owner.getByRole('button', { name: 'Create warning' }).click();
    const res = await created;
    expect(res.status()).toBe(201);
    expect(res.request().postDataJSON()).toMatchObject({ distribution: 'group', groupId: expect.any(String) });
    await expect.poll(() => h1(owner), WAIT).toBe(subject);
    warningPath = new URL(owner.url()).pathname;
    // A unit head's warning goes out at once.
    expect(await owner.getByTestId('warning-state').getAttribute('data-state')).toBe('sent');
    expect(await owner.getByTestId('warning-distribution').textContent()).toBe('Sharing group');
  });

  it('the member (Kabul) sees it in the inbox and opens it', async () => {
    await member.goto('/warnings');
    await expect.poll(() => inboxRow(member).count(), WAIT).toBe(1);
    expect(await inboxRow(member).textContent()).toContain('Ukraine');
    await inboxRow(member).getByRole('link', { name: subject }).click();
    await expect.poll(() => h1(member), WAIT).toBe(subject);
    expect(await member.getByTestId('fact-containers').textContent()).toContain(container);
  });

  it('a non-member (Turkmenbashi) neither sees it listed nor opens it', async () => {
    await outsider.goto('/warnings');
    await outsider.getByTestId('warnings-table').waitFor();
    await expect.poll(() => outsider.getByTestId('warnings-table').getAttribute('aria-busy'), WAIT).toBe('false');
    expect(await inboxRow(outsider).count()).toBe(0);
    expect(await status(outsider, `/api/v1${warningPath}`)).toBe(404);
    await outsider.goto(warningPath);
    await outsider.getByRole('alert').waitFor();
    expect(await outsider.getByRole('heading', { level: 1, name: subject }).count()).toBe(0);
  });

  it('removed from the group, Kabul no longer sees the warning', async () => {
    await owner.goto('/groups');
    await owner.getByRole('link', { name: groupName }).or(owner.getByText(groupName, { exact: true })).first().click();
    await owner.getByRole('heading', { level: 2, name: groupName }).waitFor();
    const removed = owner.waitForResponse((r) => r.url().includes('/members?') && r.request().method() === 'DELETE');
    await owner.getByRole('button', { name: 'Remove Afghanistan · AF-KBL-ACCU' }).click();
    expect((await removed).status()).toBe(204);
    await owner.getByText('No members yet.').waitFor();
    expect(await status(member, `/api/v1${warningPath}`)).toBe(404);
    await member.goto('/warnings');
    await member.getByTestId('warnings-table').waitFor();
    await expect.poll(() => member.getByTestId('warnings-table').getAttribute('aria-busy'), WAIT).toBe('false');
    expect(await inboxRow(member).count()).toBe(0);
  });
});
