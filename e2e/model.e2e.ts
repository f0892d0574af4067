/**
 * The learned-model page in a real browser, as the network administrator: the demo network model (trained
 * and activated by the demo seed) shows a model card whose training range, trees, validation figures, drift
 * and top features are those the API returns for it. Then the version life cycle from the UI: train a new
 * candidate (background job), activate it, and roll back to the version before — the network is left with
 * the seed's version active, as other test files expect.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, loginWithFreshCode, newPage, screenshotBoth, VIEWPORTS, apiGet } from './helpers.ts';

let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  ({ context, page } = await newPage(browser, VIEWPORTS.laptop));
  await loginWithFreshCode(page, 'admin');
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

interface Sample {
  rows: number;
  positives: number;
  baseRate: number | null;
  auc: number | null;
  top: { fraction: number; precision: number | null; hits: number; rows: number }[];
}

interface ModelSummary {
  id: string;
  version: number;
  state: 'candidate' | 'active' | 'retired';
  country: string | null;
  rows: number;
  positives: number;
  can: { activate: boolean; rollback: boolean; train: boolean };
}

interface ModelDetail extends ModelSummary {
  metrics: {
    trees: number;
    training: { rows: number; positives: number; from: string; to: string; controlRows: number; controlPositives: number };
    validation: { from: string; to: string; inspected: Sample; control: Sample } | null;
    importance: { feature: string; share: number }[];
  };
  drift: { status: 'ok' | 'drift' | 'insufficient'; recentRows: number; days: number };
}

const networkModels = async (): Promise<ModelSummary[]> =>
  (await apiGet<{ data: ModelSummary[] }>(page, '/api/v1/risk/models')).data.filter((m) => m.country === null);

// The admin works in English: the page formats as en-GB.
const percent = (x: number, digits = 0): string =>
  new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: digits }).format(x);
const decimal = (x: number, digits: number): string => new Intl.NumberFormat('en-GB', { maximumFractionDigits: digits }).format(x);
const date = (iso: string): string => new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium' }).format(new Date(iso));

const card = () => page.getByTestId('model-card');
const row = (version: number) => page.getByTestId(`model-row-${version}`);
const stateOf = async (version: number) => (await row(version).getByRole('cell').nth(1).textContent())?.trim();

describe('learned model page (network admin)', () => {
  let seeded: ModelSummary;

  it('shows the demo model card with the metrics and top features the API returns', async () => {
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Learned model' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Learned risk model');

    const active = (await networkModels()).find((m) => m.state === 'active');
    expect(active, 'the demo seed activates a network model').toBeDefined();
    seeded = active!;
    const model = (await apiGet<{ data: ModelDetail }>(page, `/api/v1/risk/models/${seeded.id}`)).data;
    const m = model.metrics;

    await card().waitFor();
    expect(await card().getByRole('heading').textContent()).toBe(`Model card — version ${model.version} · Network model`);
    expect(await card().getByText('active', { exact: true }).count()).toBe(1);
    const text = (await card().textContent()) ?? '';
    expect(text).toContain(
      `Trained on ${m.training.rows} inspected consignments arriving ${date(m.training.from)} – ${date(m.training.to)}: ` +
        `${m.training.positives} positive; random control sample ${m.training.controlRows} (${m.training.controlPositives} positive). ${m.trees} trees`,
    );

    // Validation hold-out: both samples' lines, AUC and precision at every cut-off.
    expect(m.validation).not.toBeNull();
    for (const sample of [m.validation!.inspected, m.validation!.control]) {
      if (sample.rows === 0) continue;
      expect(text).toContain(`${sample.rows} consignments, ${sample.positives} positive (${percent(sample.baseRate ?? 0)})`);
      if (sample.auc !== null) expect(text).toContain(`AUC ${decimal(sample.auc, 3)}`);
      for (const t of sample.top) {
        expect(text).toContain(
          `Precision in the top ${percent(t.fraction)}: ${t.precision === null ? '–' : percent(t.precision)} (${t.hits} of ${t.rows})`,
        );
      }
    }

    // Drift verdict as the API judges it.
    const drift = card().getByTestId('model-drift');
    expect(await drift.getAttribute('data-status')).toBe(model.drift.status);
    expect(await drift.textContent()).toContain(`${model.drift.recentRows}`);

    // Top features: the first ten by gain, in the API's order, each with its share.
    const items = await card().getByTestId('model-features').getByRole('listitem').allTextContents();
    const top = m.importance.slice(0, 10);
    expect(items).toHaveLength(top.length);
    expect(top.length).toBeGreaterThan(0);
    top.forEach((f, i) => {
      expect(items[i]).toContain(`(${f.feature})`);
      expect(items[i]!.endsWith(`— ${percent(f.share, 1)}`)).toBe(true);
    });

    // The versions table agrees with the card.
    const cells = await row(model.version).getByRole('cell').allTextContents();
    expect(cells[4]).toBe(String(model.rows));
    expect(cells[5]).toBe(String(model.positives));
    const auc = m.validation!.inspected.auc;
    expect(cells[6]).toBe(auc === null ? '–' : decimal(auc, 3));
    await screenshotBoth(page, 'model-card', () => card().waitFor());
  });

  it('trains a candidate, activates it and rolls back to the version before', async () => {
    const before = await networkModels();
    const trained = page.waitForResponse((r) => r.url().endsWith('/api/v1/risk/models/train') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Train now' }).click();
    expect((await trained).status()).toBe(202);

    // The job trains in the background; the new version then appears as a candidate.
    let candidate: ModelSummary | undefined;
    await expect
      .poll(
        async () => {
          candidate = (await networkModels()).find((m) => !before.some((b) => b.id === m.id));
          return candidate?.state;
        },
        { timeout: 90_000, interval: 1_000 },
      )
      .toBe('candidate');
    await page.reload();
    await row(candidate!.version).waitFor();
    expect(await stateOf(candidate!.version)).toBe('candidate');
    expect(await stateOf(seeded.version)).toBe('active');

    const activated = page.waitForResponse((r) => r.url().endsWith(`/api/v1/risk/models/${candidate!.id}/activate`));
    await row(candidate!.version).getByRole('button', { name: 'Activate' }).click();
    expect((await activated).status()).toBe(200);
    await expect.poll(() => stateOf(candidate!.version)).toBe('active');
    await expect.poll(() => stateOf(seeded.version)).toBe('retired');
    await expect.poll(() => card().getByRole('heading').textContent()).toBe(`Model card — version ${candidate!.version} · Network model`);
    expect(await row(candidate!.version).textContent()).toMatch(/activated .* by admin/);

    page.once('dialog', (dialog) => void dialog.accept());
    const rolledBack = page.waitForResponse((r) => r.url().endsWith('/api/v1/risk/models/rollback'));
    await page.getByRole('button', { name: 'Roll back' }).click();
    expect((await rolledBack).status()).toBe(200);
    await expect.poll(() => stateOf(seeded.version)).toBe('active');
    await expect.poll(() => stateOf(candidate!.version)).toBe('retired');
    await expect.poll(() => card().getByRole('heading').textContent()).toBe(`Model card — version ${seeded.version} · Network model`);

    const after = await networkModels();
    expect(after.find((m) => m.id === seeded.id)?.state).toBe('active');
    expect(after.find((m) => m.id === candidate!.id)?.state).toBe('retired');
  });
});
