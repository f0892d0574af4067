import { FIELDS, FIELD_COUNT, type ConsignmentFacts } from './fields.ts';

const UNSET: unique symbol = Symbol('unset');
// Module-local copies: hot paths must not go through imported bindings
// (which are property getters when the TypeScript is loaded as CommonJS, e.g. by tsx).
const LOADERS: readonly ((facts: ConsignmentFacts) => unknown)[] = FIELDS.map((f) => f.load);
const SLOTS = FIELD_COUNT;

/**
 * A consignment's facts prepared for rule evaluation: each field is read and
 * normalised (trimmed, lower-cased, dates to days…) at most once, lazily, and
 * kept in a slot shared by every rule evaluated on this consignment.
 *
 * Hosts evaluating many profiles should call {@link prepareFacts} once per
 * consignment and pass the result to every rule's evaluate()/explain().
 */
export class PreparedFacts {
  readonly raw: ConsignmentFacts;
  private readonly v: unknown[];

  constructor(raw: ConsignmentFacts) {
    this.raw = raw != null && typeof raw === 'object' ? raw : {};
    this.v = new Array<unknown>(SLOTS).fill(UNSET);
  }

  /**
   * Internal (rule sets): points this instance at another consignment and
   * forgets every loaded slot, so that a hot loop allocates no slot array
   * per consignment. Callers must not keep the instance across calls.
   */
  reuse(raw: ConsignmentFacts): this {
    (this as { raw: ConsignmentFacts }).raw = raw != null && typeof raw === 'object' ? raw : {};
    this.v.fill(UNSET);
    return this;
  }

  /** Normalised value of the field in `slot`; undefined when missing. */
  get(slot: number): unknown {
    const x = this.v[slot];
    return x !== UNSET ? x : this.load(slot);
  }

  private load(slot: number): unknown {
    const load = LOADERS[slot];
    let value: unknown;
    if (load !== undefined) {
      try {
        value = load(this.raw);
      } catch {
        value = undefined; // hostile getters / proxies: treat as missing
      }
    }
    this.v[slot] = value;
    return value;
  }
}

export function prepareFacts(facts: ConsignmentFacts | PreparedFacts): PreparedFacts {
  return facts instanceof PreparedFacts ? facts : new PreparedFacts(facts);
}
