import { describe, expect, it } from 'vitest';
import { isCalendarDay } from './day.ts';

describe('isCalendarDay', () => {
  it.each(['2024-02-29', '2019-12-31', '2000-02-29', '1970-01-01'])('accepts %s', (s) => expect(isCalendarDay(s)).toBe(true));
  it.each(['2019-02-31', '2023-02-29', '1900-02-29', '2019-13-01', '2019-00-10', '2019-04-31', '2019-1-01', '2019-01-01T00:00:00Z', ' 2019-01-01', ''])(
    'refuses %j',
    (s) => expect(isCalendarDay(s)).toBe(false),
  );
});
