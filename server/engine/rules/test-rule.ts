import type { CompiledRule } from './compile.ts';
import type { ConsignmentFacts } from './fields.ts';

export type RuleTestFacts = ConsignmentFacts;

export interface RuleTestOptions {
  /** How many ids (ConsignmentFacts.id) of matching consignments to return (default 20). */
  sampleSize?: number;
}

export interface RuleTestResult {
  /** Consignments evaluated. */
  total: number;
  /** Consignments the rule matched. */
  hits: number;
  /** Hits that carry `inspection.inspected === true`. */
  hitsInspected: number;
  /** Inspected hits with a positive result. */
  hitsPositive: number;
  /** Over all consignments (the baseline). */
  inspected: number;
  positive: number;
  /** hits / total (0 when total is 0). */
  hitRate: number;
  /** hitsPositive / hitsInspected, null when no hit was inspected. */
  hitPositiveRate: number | null;
  /** positive / inspected over all, null when nothing was inspected. */
  baselinePositiveRate: number | null;
  /** Ids of the first matching consignments that have an id. */
  sampleHitIds: string[];
}

class Counter {
  total = 0;
  hits = 0;
  hitsInspected = 0;
  hitsPositive = 0;
  inspected = 0;
  positive = 0;
  readonly sample: string[] = [];

  constructor(
    private readonly rule: Pick<CompiledRule, 'evaluate'>,
    private readonly sampleSize: number,
  ) {}

  add(f: RuleTestFacts): void {
    this.total++;
    const insp = f != null && typeof f === 'object' ? f.inspection : undefined;
    const inspected = insp != null && insp.inspected === true;
    const positive = inspected && insp.positive === true;
    if (inspected) this.inspected++;
    if (positive) this.positive++;
    let hit = false;
    try {
      hit = this.rule.evaluate(f);
    } catch {
      hit = false;
    }
    if (!hit) return;
    this.hits++;
    if (inspected) this.hitsInspected++;
    if (positive) this.hitsPositive++;
    if (this.sample.length < this.sampleSize && typeof f.id === 'string') this.sample.push(f.id);
  }

  result(): RuleTestResult {
    return {
      total: this.total,
      hits: this.hits,
      hitsInspected: this.hitsInspected,
      hitsPositive: this.hitsPositive,
      inspected: this.inspected,
      positive: this.positive,
      hitRate: this.total === 0 ? 0 : this.hits / this.total,
      hitPositiveRate: this.hitsInspected === 0 ? null : this.hitsPositive / this.hitsInspected,
      baselinePositiveRate: this.inspected === 0 ? null : this.positive / this.inspected,
      sampleHitIds: this.sample,
    };
  }
}

/**
 * "Test before activating": runs a compiled rule over past consignments and
 * counts hits, and among hits those inspected and found positive.
 */
export function testRule(rule: Pick<CompiledRule, 'evaluate'>, facts: Iterable<RuleTestFacts>, options: RuleTestOptions = {}): RuleTestResult {
  const c = new Counter(rule, options.sampleSize ?? 20);
  for (const f of facts) c.add(f);
  return c.result();
}

/** Same as {@link testRule} over a stream (e.g. rows read from the database in batches). */
export async function testRuleAsync(
  rule: Pick<CompiledRule, 'evaluate'>,
  facts: AsyncIterable<RuleTestFacts> | Iterable<RuleTestFacts>,
  options: RuleTestOptions = {},
): Promise<RuleTestResult> {
  const c = new Counter(rule, options.sampleSize ?? 20);
  for await (const f of facts) c.add(f);
  return c.result();
}
