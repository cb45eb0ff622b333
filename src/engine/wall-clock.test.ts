// Civil-date arithmetic against the ECMAScript Date of the test host (the proleptic Gregorian calendar
// in UTC that Date.UTC, toISOString and toUTCString define in ECMA-262), and the RFC 3339 date-time
// grammar that Go's time.Parse(time.RFC3339) accepts for spec.startTime.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  civilFromDays,
  DEFAULT_START_TIME,
  daysFromCivil,
  formatRfc1123zUtc,
  formatRfc3339Utc,
  parseRfc3339Us,
  weekdayOfDays,
} from './wall-clock.js';

const DAY_MS = 86_400_000;
/** Days from 1600-03-01 to 2400-02-28: four 400-year eras, leap and century rules included. */
const dayArb = fc.integer({ min: -135_080, max: 157_156 });

describe('civil dates', () => {
  it('known days: the epoch, leap days and century years', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(2000, 3, 1)).toBe(11_017);
    expect(daysFromCivil(2024, 2, 29)).toBe(19_782);
    expect(civilFromDays(-1)).toEqual({ year: 1969, month: 12, day: 31 });
    expect(civilFromDays(daysFromCivil(2100, 3, 1) - 1)).toEqual({ year: 2100, month: 2, day: 28 });
    expect(civilFromDays(daysFromCivil(2000, 3, 1) - 1)).toEqual({ year: 2000, month: 2, day: 29 });
  });

  it('month and day overflow normalise as Go time.Date does', () => {
    expect(daysFromCivil(2024, 13, 1)).toBe(daysFromCivil(2025, 1, 1));
    expect(daysFromCivil(2024, 0, 1)).toBe(daysFromCivil(2023, 12, 1));
    expect(daysFromCivil(2024, -11, 1)).toBe(daysFromCivil(2023, 1, 1));
    expect(daysFromCivil(2024, 25, 1)).toBe(daysFromCivil(2026, 1, 1));
    expect(daysFromCivil(2025, 2, 29)).toBe(daysFromCivil(2025, 3, 1));
    expect(daysFromCivil(2025, 1, 0)).toBe(daysFromCivil(2024, 12, 31));
  });

  it('agree with Date.UTC both ways, and the weekday with getUTCDay, over 800 years', () => {
    fc.assert(
      fc.property(dayArb, (days) => {
        const d = new Date(days * DAY_MS); // wall-clock-ok: the reference the test compares against
        const c = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
        expect(civilFromDays(days)).toEqual(c);
        expect(daysFromCivil(c.year, c.month, c.day)).toBe(days);
        expect(weekdayOfDays(days)).toBe(d.getUTCDay());
      }),
      { seed: 18, numRuns: 3000 },
    );
  });
});

describe('RFC 3339', () => {
  it('parses Z, lower-case z and t, offsets and fractions to Unix microseconds', () => {
    expect(parseRfc3339Us(DEFAULT_START_TIME)).toBe(Date.UTC(2025, 0, 1) * 1000);
    expect(parseRfc3339Us('2025-03-09T06:00:00Z')).toBe(Date.UTC(2025, 2, 9, 6) * 1000);
    expect(parseRfc3339Us('2025-03-09t06:00:00z')).toBe(Date.UTC(2025, 2, 9, 6) * 1000);
    expect(parseRfc3339Us('2025-03-09T01:00:00-05:00')).toBe(Date.UTC(2025, 2, 9, 6) * 1000);
    expect(parseRfc3339Us('2025-03-09T11:45:00+05:45')).toBe(Date.UTC(2025, 2, 9, 6) * 1000);
    expect(parseRfc3339Us('1969-12-31T23:59:59Z')).toBe(-1_000_000);
    expect(parseRfc3339Us('2025-03-09T06:00:00.5Z')).toBe(Date.UTC(2025, 2, 9, 6) * 1000 + 500_000);
    // Nanosecond digits beyond the microsecond are truncated, not rounded.
    expect(parseRfc3339Us('2025-03-09T06:00:00.123456789Z')).toBe(Date.UTC(2025, 2, 9, 6) * 1000 + 123_456);
    expect(parseRfc3339Us('2024-02-29T23:59:59Z')).toBe(Date.UTC(2024, 1, 29, 23, 59, 59) * 1000);
    expect(parseRfc3339Us('2025-12-31T00:00:00Z')).toBe(Date.UTC(2025, 11, 31) * 1000);
  });

  it.each([
    '2025-13-01T00:00:00Z',
    '2025-00-01T00:00:00Z',
    '2025-01-00T00:00:00Z',
    '2025-02-29T00:00:00Z',
    '2025-04-31T00:00:00Z',
    '2025-01-01T24:00:00Z',
    '2025-01-01T00:60:00Z',
    '2025-01-01T00:00:60Z',
    '2025-01-01 00:00:00Z',
    '2025-01-01T00:00:00',
    '2025-01-01T00:00:00+0500',
    '2025-01-01T00:00:00.Z',
    '2025-01-01T00:00:00.1234567890Z',
    'x2025-01-01T00:00:00Z',
    '2025-01-01T00:00:00Zx',
  ])('refuses %s', (text) => {
    expect(parseRfc3339Us(text)).toBeNull();
  });

  it('formats RFC 3339 and RFC 1123Z in UTC as Date does', () => {
    expect(formatRfc3339Utc(1_741_503_600)).toBe('2025-03-09T07:00:00Z');
    expect(formatRfc1123zUtc(1_741_503_600)).toBe('Sun, 09 Mar 2025 07:00:00 +0000');
    fc.assert(
      fc.property(fc.integer({ min: -11_670_000_000, max: 13_569_000_000 }), (unixS) => {
        const d = new Date(unixS * 1000); // wall-clock-ok: the reference the test compares against
        expect(formatRfc3339Utc(unixS)).toBe(d.toISOString().replace('.000Z', 'Z'));
        expect(formatRfc1123zUtc(unixS)).toBe(d.toUTCString().replace('GMT', '+0000'));
        expect(parseRfc3339Us(formatRfc3339Utc(unixS))).toBe(unixS * 1_000_000);
      }),
      { seed: 18, numRuns: 2000 },
    );
  });
});
