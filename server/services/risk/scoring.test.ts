import { describe, expect, it } from 'vitest';
import { combineScore } from './scoring.service.ts';

describe('risk score', () => {
  it('rises with every hit but never reaches 100', () => {
    expect(combineScore([])).toBe(0);
    expect(combineScore([50])).toBeCloseTo(50);
    expect(combineScore([50, 50])).toBeCloseTo(75);
    const many = combineScore(Array.from({ length: 30 }, () => 60));
    expect(many).toBeLessThan(100);
    expect(combineScore([60, 60, 60, 1])).toBeGreaterThan(combineScore([60, 60, 60]));
  });
});
