import { describe, expect, it } from 'vitest';
import {
  apiTimeUs,
  formatDuration,
  formatTimeS,
  parseDurationUs,
  parseGoDurationNs,
  parseStrictDurationUs,
} from './time.js';

describe('parseDurationUs', () => {
  it.each([
    ['40s', 40_000_000],
    ['1m30s', 90_000_000],
    ['200ms', 200_000],
    ['1h', 3_600_000_000],
    ['1.5s', 1_500_000],
    ['5m50s', 350_000_000],
    ['250us', 250],
    ['1500ns', null],
    ['10', 10_000_000],
    ['0.1', 100_000],
    ['0s', 0],
    [12, 12_000_000],
    ['1h2m3s4ms5us', 3_723_004_005],
  ] as const)('%s -> %s', (input, want) => {
    if (want === null) expect(() => parseDurationUs(input)).toThrow(/whole number of microseconds/);
    else expect(parseDurationUs(input)).toBe(want);
  });

  it.each(['', 'ten seconds', '5x', '-5s', '1m30', 's', '10mm', '1e3s', '1e3', '1d', '1.5.5s', '- 5s'])(
    'rejects %j',
    (input) => {
      expect(() => parseDurationUs(input)).toThrow(/duration/);
    },
  );

  it('names the unknown unit the way Go does', () => {
    expect(() => parseDurationUs('10mm')).toThrow('time: unknown unit "mm" in duration "10mm"');
    expect(() => parseDurationUs('1d')).toThrow(
      /unknown unit "d" in duration "1d" \("d" is not a Go duration unit/,
    );
  });

  it('takes bare seconds only as plain decimals or YAML numbers', () => {
    expect(parseDurationUs('90')).toBe(90_000_000);
    expect(parseDurationUs(1e3)).toBe(1_000_000_000);
    expect(() => parseDurationUs(-1)).toThrow(/non-negative/);
    expect(() => parseDurationUs(1e308)).toThrow(/too large/);
  });
});

describe('parseStrictDurationUs (metav1.Duration fields)', () => {
  it('accepts Go durations and refuses bare numbers', () => {
    expect(parseStrictDurationUs('10s')).toBe(10_000_000);
    expect(parseStrictDurationUs('0')).toBe(0);
    expect(() => parseStrictDurationUs(10)).toThrow(/metav1.Duration is a string/);
    expect(() => parseStrictDurationUs('10')).toThrow('time: missing unit in duration "10"');
  });
});

// Go src/time/time_test.go parseDurationTests, replayed case by case (nanoseconds as BigInt).
const S = 1_000_000_000n;
const MS = 1_000_000n;
const US = 1_000n;
const MIN = 60n * S;
const H = 60n * MIN;
const GO_OK: ReadonlyArray<readonly [string, bigint]> = [
  // simple
  ['0', 0n],
  ['5s', 5n * S],
  ['30s', 30n * S],
  ['1478s', 1478n * S],
  // sign
  ['-5s', -5n * S],
  ['+5s', 5n * S],
  ['-0', 0n],
  ['+0', 0n],
  // decimal
  ['5.0s', 5n * S],
  ['5.6s', 5n * S + 600n * MS],
  ['5.s', 5n * S],
  ['.5s', 500n * MS],
  ['1.0s', 1n * S],
  ['1.00s', 1n * S],
  ['1.004s', 1n * S + 4n * MS],
  ['1.0040s', 1n * S + 4n * MS],
  ['100.00100s', 100n * S + 1n * MS],
  // different units
  ['10ns', 10n],
  ['11us', 11n * US],
  ['12µs', 12n * US], // U+00B5
  ['12μs', 12n * US], // U+03BC
  ['13ms', 13n * MS],
  ['14s', 14n * S],
  ['15m', 15n * MIN],
  ['16h', 16n * H],
  // composite durations
  ['3h30m', 3n * H + 30n * MIN],
  ['10.5s4m', 4n * MIN + 10n * S + 500n * MS],
  ['-2m3.4s', -(2n * MIN + 3n * S + 400n * MS)],
  ['1h2m3s4ms5us6ns', 1n * H + 2n * MIN + 3n * S + 4n * MS + 5n * US + 6n],
  ['39h9m14.425s', 39n * H + 9n * MIN + 14n * S + 425n * MS],
  // large value
  ['52763797000ns', 52763797000n],
  // more than 9 digits after decimal point, see https://golang.org/issue/6617
  ['0.3333333333333333333h', 20n * MIN],
  // 9007199254740993 = 1<<53+1 cannot be stored precisely in a float64
  ['9007199254740993ns', (1n << 53n) + 1n],
  // largest duration that can be represented by int64 in nanoseconds
  ['9223372036854775807ns', (1n << 63n) - 1n],
  ['9223372036854775.807us', (1n << 63n) - 1n],
  ['9223372036s854ms775us807ns', (1n << 63n) - 1n],
  ['-9223372036854775808ns', -(1n << 63n)],
  ['-9223372036854775.808us', -(1n << 63n)],
  ['-9223372036s854ms775us808ns', -(1n << 63n)],
  // largest negative value
  ['-9223372036854775808ns', -(1n << 63n)],
  // largest negative round trip value, see https://golang.org/issue/48629
  ['-2562047h47m16.854775808s', -(1n << 63n)],
  // huge string; issue 15011.
  ['0.100000000000000000000h', 6n * MIN],
  // This value tests the first overflow check in leadingFraction.
  ['0.830103483285477580700h', 49n * MIN + 48n * S + 372539827n],
];

// parseDurationErrorTests: the error must quote the input as Go does. Go's byte strings "\x85\x85" and
// "\xffff" are not valid UTF-8 and cannot reach kubesim (files are decoded first), so those two rows are
// replayed through their decoded form, which Go quotes as the bytes of U+FFFD.
const GO_ERRORS: ReadonlyArray<readonly [string, string]> = [
  // invalid
  ['', '""'],
  ['3', '"3"'],
  ['-', '"-"'],
  ['s', '"s"'],
  ['.', '"."'],
  ['-.', '"-."'],
  ['.s', '".s"'],
  ['+.s', '"+.s"'],
  ['1d', '"1d"'],
  ['\uFFFD', '"\\xef\\xbf\\xbd"'], // utf8.RuneError
  ['\uFFFD hello \uFFFD world', '"\\xef\\xbf\\xbd hello \\xef\\xbf\\xbd world"'], // utf8.RuneError
  // overflow
  ['9223372036854775810ns', '"9223372036854775810ns"'],
  ['9223372036854775808ns', '"9223372036854775808ns"'],
  ['-9223372036854775809ns', '"-9223372036854775809ns"'],
  ['9223372036854776us', '"9223372036854776us"'],
  ['3000000h', '"3000000h"'],
  ['9223372036854775.808us', '"9223372036854775.808us"'],
  ['9223372036854ms775us808ns', '"9223372036854ms775us808ns"'],
];

describe('Go time.ParseDuration (parseDurationTests)', () => {
  it.each(GO_OK)('%s', (input, want) => expect(parseGoDurationNs(input)).toBe(want));
  it.each(GO_ERRORS)('%j fails quoting %s', (input, quoted) => {
    expect(() => parseGoDurationNs(input)).toThrow(quoted);
  });
  it('messages: missing unit, unknown unit, invalid', () => {
    expect(() => parseGoDurationNs('3')).toThrow('time: missing unit in duration "3"');
    expect(() => parseGoDurationNs('1d')).toThrow('time: unknown unit "d" in duration "1d"');
    expect(() => parseGoDurationNs('.s')).toThrow('time: invalid duration ".s"');
  });
});

describe('formatTimeS', () => {
  it.each([
    [0, '0.000000'],
    [145_000_000, '145.000000'],
    [1, '0.000001'],
    [102_200_000, '102.200000'],
  ])('%d -> %s', (us, want) => expect(formatTimeS(us)).toBe(want));
});

describe('formatDuration', () => {
  it.each([
    [350_000_000, '5m50s'],
    [3_600_000_000, '1h0m0s'],
    [200_000, '200ms'],
    [1_500_000, '1.5s'],
    [0, '0s'],
  ])('%d -> %s', (us, want) => expect(formatDuration(us)).toBe(want));
});

describe('cases the engine mutation run found unpinned (docs/mutation.md)', () => {
  it('apiTimeUs drops the sub-second part, as metav1.Time serializes whole seconds', () => {
    expect(apiTimeUs(1_999_999)).toBe(1_000_000);
    expect(apiTimeUs(5_000_000)).toBe(5_000_000);
    expect(apiTimeUs(999_999)).toBe(0);
  });

  it('quotes the input as Go time.quote does: \\" and \\\\ escaped, control and non-ASCII bytes as \\xNN', () => {
    expect(() => parseGoDurationNs('a"b\\')).toThrow(new Error('time: invalid duration "a\\"b\\\\"'));
    expect(() => parseGoDurationNs('\t')).toThrow(new Error('time: invalid duration "\\x09"'));
    expect(() => parseGoDurationNs('\u0080')).toThrow(new Error('time: invalid duration "\\xc2\\x80"'));
    // DEL (0x7f) and space are printable ASCII for time.quote.
    expect(() => parseGoDurationNs('\u007f ')).toThrow(new Error('time: invalid duration "\u007f "'));
  });

  it('full messages: Go text, the "d" hint only for a bare number of days, then what is expected', () => {
    const EXPECTED = 'expected a duration such as "40s", "1m30s" or "200ms" (units ns, us, µs, ms, s, m, h)';
    const HINT = ' ("d" is not a Go duration unit: write hours, e.g. "24h")';
    const message = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(message(() => parseDurationUs('10mm'))).toBe(
      `time: unknown unit "mm" in duration "10mm"; ${EXPECTED}`,
    );
    expect(message(() => parseDurationUs('1.5d'))).toBe(
      `time: unknown unit "d" in duration "1.5d"${HINT}; ${EXPECTED}`,
    );
    expect(message(() => parseDurationUs('+2d'))).toBe(
      `time: unknown unit "d" in duration "+2d"${HINT}; ${EXPECTED}`,
    );
    expect(message(() => parseDurationUs('12d'))).toContain(HINT);
    expect(message(() => parseDurationUs('x1d'))).toBe(`time: invalid duration "x1d"; ${EXPECTED}`);
    expect(message(() => parseDurationUs('1dd'))).toBe(
      `time: unknown unit "dd" in duration "1dd"; ${EXPECTED}`,
    );
    expect(message(() => parseDurationUs('1d1h'))).toBe(
      `time: unknown unit "d" in duration "1d1h"; ${EXPECTED}`,
    );
    expect(message(() => parseDurationUs('9007199254740992us'))).toBe(
      'duration "9007199254740992us" is too large',
    );
    expect(message(() => parseDurationUs('1500ns'))).toBe(
      'duration "1500ns" is not a whole number of microseconds',
    );
    expect(message(() => parseDurationUs('-1s'))).toBe('expected a non-negative duration, got "-1s"');
  });

  it('trims, takes 0 and the largest safe microsecond count', () => {
    expect(parseDurationUs(' 40s ')).toBe(40_000_000);
    expect(parseDurationUs(' 0.25 ')).toBe(250_000);
    expect(parseStrictDurationUs(' 10s ')).toBe(10_000_000);
    expect(parseDurationUs(0)).toBe(0);
    expect(parseDurationUs('0')).toBe(0);
    expect(parseDurationUs('9007199254740991us')).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses sub-microsecond bare seconds at any size (found by the mutation run: 3.0000001 passed as 3 s)', () => {
    for (const x of [3.0000001, 90.0000004, 1e-7, 0.0000015, 1e-12, 1e-13, 1.000000000001]) {
      expect(() => parseDurationUs(x)).toThrow(/is not a whole number of microseconds/);
    }
    expect(() => parseDurationUs('3.0000001')).toThrow(
      'duration "3.0000001" is not a whole number of microseconds',
    );
    // 1e-12 s is exactly 1e-6 us as a float product: a fraction of a microsecond, not float noise.
    expect(() => parseDurationUs('0.000000000001')).toThrow(
      'duration "0.000000000001" is not a whole number of microseconds',
    );
    expect(parseDurationUs('0.000001')).toBe(1);
    // Float noise of the product is not a fraction: these are whole microseconds.
    for (const [x, us] of [
      [0.1, 100_000],
      [0.7, 700_000],
      [2.3, 2_300_000],
      [123.456789, 123_456_789],
      [4503599627.370497, 4_503_599_627_370_497],
      // 17 years: the product is 0.0625 us off (one ulp), still a whole number of microseconds.
      [550999645.107197, 550_999_645_107_197],
    ] as const)
      expect(parseDurationUs(x)).toBe(us);
  });

  it('formats negative times and the unit boundaries', () => {
    expect(formatTimeS(-1_500_000)).toBe('-1.500000');
    expect(formatDuration(-90_000_000)).toBe('-1m30s');
    expect(formatDuration(-500)).toBe('-500us');
    expect(formatDuration(999)).toBe('999us');
    expect(formatDuration(1_000)).toBe('1ms');
    expect(formatDuration(999_999)).toBe('999.999ms');
    expect(formatDuration(1_000_000)).toBe('1s');
    expect(formatDuration(61_500_000)).toBe('1m1.5s');
    expect(formatDuration(3_600_000_001)).toBe('1h0m0.000001s');
  });
});

describe('Go time.ParseDuration error order (src/time/format.go)', () => {
  it('an integer part past 1<<63 is invalid before the unit is read', () => {
    expect(() => parseGoDurationNs('99999999999999999999x')).toThrow(
      new Error('time: invalid duration "99999999999999999999x"'),
    );
    expect(() => parseGoDurationNs('99999999999999999999')).toThrow(
      new Error('time: invalid duration "99999999999999999999"'),
    );
  });

  it('a fraction stops gaining precision past 1<<63 (leadingFraction), however many digits follow', () => {
    // 400 digits: the fraction keeps its first 19 (scale 1e19), as Go's leadingFraction does once
    // another digit would overflow; it neither fails nor loses the value.
    expect(parseGoDurationNs(`0.${'1'.repeat(400)}s`)).toBe(111_111_111n);
    // 18 nines (the 19th would overflow); float64(999999999999999999) is 1e18, so Go reads 2 ms.
    expect(parseGoDurationNs(`1.${'9'.repeat(400)}ms`)).toBe(2_000_000n);
    expect(parseDurationUs(`2.${'0'.repeat(400)}s`)).toBe(2_000_000);
  });

  it('a unit ends at the next "." or digit: "1s.5s" is 1.5 s', () => {
    expect(parseGoDurationNs('1s.5s')).toBe(1_500_000_000n);
    expect(parseGoDurationNs('1m.5s')).toBe(60_500_000_000n);
  });

  it('the running sum is checked against 1<<63 at each component, also for negative durations', () => {
    expect(() => parseGoDurationNs('-9223372036854ms775us809ns')).toThrow(
      new Error('time: invalid duration "-9223372036854ms775us809ns"'),
    );
    expect(parseGoDurationNs('-9223372036854ms775us808ns')).toBe(-(1n << 63n));
  });
});
