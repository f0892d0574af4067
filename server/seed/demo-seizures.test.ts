import { describe, expect, it } from 'vitest';
import { checkSeizureShape } from '../services/results/seizure-input.ts';
import { checkContainerNumber } from '../engine/validation/check-digits.ts';
import { DEMO_SEIZURES, demoSeizureInput } from './demo-seizures.ts';

// The demo seed runs in every medium test's template: a bad demo record would break them all, so each one is
// checked here without a database.
describe('demo seizures', () => {
  const today = new Date('2026-11-28T00:00:00Z');
  it.each(DEMO_SEIZURES.map((s) => [s.ref, s] as const))('%s passes the seizure checks with and without its links', (_ref, s) => {
    for (const links of [{ warningId: null, operation: null }, { warningId: '5b1e8d0e-7a55-4c57-a1b5-4a5d3c1e2f10', operation: { id: '6b1e8d0e-7a55-4c57-a1b5-4a5d3c1e2f10', groupId: '7b1e8d0e-7a55-4c57-a1b5-4a5d3c1e2f10' } }]) {
      const input = demoSeizureInput(s, today, links);
      expect(() => checkSeizureShape(input)).not.toThrow();
      if (input.containerNumber) expect(checkContainerNumber(input.containerNumber).valid).toBe(true);
    }
  });
  it('has about thirty seizures with unique references', () => {
    expect(DEMO_SEIZURES.length).toBeGreaterThanOrEqual(28);
    expect(new Set(DEMO_SEIZURES.map((s) => s.ref)).size).toBe(DEMO_SEIZURES.length);
  });
});
