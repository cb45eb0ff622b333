// Virtual time: integer microseconds held in a JS number (exact up to 2^53 us, about 285 years).
// Durations use Go / Kubernetes notation exactly as time.ParseDuration reads it ("1m30s", "200ms", "10s");
// kubesim's own time fields also take a bare number of seconds. Output prints seconds with exactly 6
// decimals.

export type TimeUs = number;

export const US_PER_MS = 1_000;
export const US_PER_S = 1_000_000;

/**
 * A time as the Kubernetes API stores it: metav1.Time serializes whole seconds (apimachinery
 * pkg/apis/meta/v1 time_proto.go drops the nanoseconds), e.g. creationTimestamp, lastUpdateTime.
 */
export function apiTimeUs(us: TimeUs): TimeUs {
  return Math.floor(us / US_PER_S) * US_PER_S;
}

// Units of Go's time.ParseDuration (src/time/format.go unitMap), in nanoseconds.
const UNIT_NS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n, // U+00B5 micro sign
  μs: 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const MAX_NS = 1n << 63n; // Go accumulates in uint64 and refuses anything above 1<<63 (int64 range)
const EXPECTED = 'expected a duration such as "40s", "1m30s" or "200ms" (units ns, us, µs, ms, s, m, h)';

/** Go's time.quote: ASCII as is (with " and \ escaped), every other byte as \xNN. */
function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0) as number;
    if (code >= 0x80 || code < 0x20) {
      for (const b of Buffer.from(ch, 'utf8')) out += `\\x${b.toString(16).padStart(2, '0')}`;
    } else {
      out += ch === '"' || ch === '\\' ? `\\${ch}` : ch;
    }
  }
  return `${out}"`;
}

const isDigit = (b: number | undefined) => b !== undefined && b >= 0x30 && b <= 0x39;
const DOT = 0x2e;

/**
 * time.ParseDuration, exactly: [-+]?([0-9]*(\.[0-9]*)?[a-z]+)+ or "0", as signed nanoseconds, with Go's
 * error messages (time: invalid duration / missing unit / unknown unit). Replays Go's
 * parseDurationTests (src/time/time_test.go) in time.test.ts.
 */
export function parseGoDurationNs(orig: string): bigint {
  const invalid = () => new Error(`time: invalid duration ${goQuote(orig)}`);
  const bytes = Buffer.from(orig, 'utf8');
  let i = 0;
  let neg = false;
  if (bytes[0] === 0x2d || bytes[0] === 0x2b) {
    neg = bytes[0] === 0x2d;
    i = 1;
  }
  if (bytes.length - i === 1 && bytes[i] === 0x30) return 0n;
  if (i === bytes.length) throw invalid();
  let total = 0n;
  while (i < bytes.length) {
    if (!(bytes[i] === DOT || isDigit(bytes[i]))) throw invalid();
    // leadingInt: overflow past 1<<63 is an error.
    let v = 0n;
    const intStart = i;
    for (; isDigit(bytes[i]); i++) {
      v = v * 10n + BigInt((bytes[i] as number) - 0x30);
      if (v > MAX_NS) throw invalid();
    }
    const pre = i > intStart;
    // leadingFraction: stops gaining precision on overflow instead of failing.
    let f = 0n;
    let scale = 1;
    let post = false;
    if (bytes[i] === DOT) {
      i++;
      const fracStart = i;
      let overflow = false;
      for (; isDigit(bytes[i]); i++) {
        if (overflow) continue;
        const y = f * 10n + BigInt((bytes[i] as number) - 0x30);
        if (f > (MAX_NS - 1n) / 10n || y > MAX_NS) {
          overflow = true;
          continue;
        }
        f = y;
        scale *= 10;
      }
      post = i > fracStart;
    }
    if (!pre && !post) throw invalid();
    const unitStart = i;
    while (i < bytes.length && bytes[i] !== DOT && !isDigit(bytes[i])) i++;
    if (i === unitStart) throw new Error(`time: missing unit in duration ${goQuote(orig)}`);
    const u = bytes.subarray(unitStart, i).toString('utf8');
    const unit = UNIT_NS[u];
    if (unit === undefined) throw new Error(`time: unknown unit ${goQuote(u)} in duration ${goQuote(orig)}`);
    if (v > MAX_NS / unit) throw invalid();
    v *= unit;
    if (f > 0n) {
      // float64 arithmetic, as Go does (nanosecond-accurate up to hours).
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > MAX_NS) throw invalid();
    }
    total += v;
    if (total > MAX_NS) throw invalid();
  }
  if (neg) return -total;
  if (total > MAX_NS - 1n) throw invalid();
  return total;
}

/**
 * A kubesim time field (spec.duration, fault `at`/`for`, arrival intervals, stage delays, ...) as whole
 * microseconds: a Go duration string ("1m30s", "200ms"), or a bare number of seconds (a YAML number or a
 * plain decimal string such as "90" or "0.5"). Negative and sub-microsecond values are refused.
 */
export function parseDurationUs(input: string | number): TimeUs {
  if (typeof input === 'number') return secondsToUs(input, String(input));
  const text = input.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return secondsToUs(Number(text), text);
  return goDurationToUs(text);
}

/**
 * An upstream metav1.Duration field (KubeletConfiguration, kube-controller-manager flags): a Go duration
 * string only, as the component's config decoder accepts; a bare number is refused.
 */
export function parseStrictDurationUs(input: string | number): TimeUs {
  if (typeof input === 'number') {
    throw new Error(
      `expected a duration string such as "10s" (a metav1.Duration is a string; ${input} has no unit)`,
    );
  }
  return goDurationToUs(input.trim());
}

function goDurationToUs(text: string): TimeUs {
  let ns: bigint;
  try {
    ns = parseGoDurationNs(text);
  } catch (e) {
    const hint = /^[+-]?[\d.]+d$/.test(text)
      ? ' ("d" is not a Go duration unit: write hours, e.g. "24h")'
      : '';
    throw new Error(`${(e as Error).message}${hint}; ${EXPECTED}`);
  }
  if (ns < 0n) throw new Error(`expected a non-negative duration, got "${text}"`);
  if (ns % 1_000n !== 0n) throw new Error(`duration "${text}" is not a whole number of microseconds`);
  const us = ns / 1_000n;
  if (us > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`duration "${text}" is too large`);
  return Number(us);
}

function secondsToUs(seconds: number, text: string): TimeUs {
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new Error(`expected a non-negative duration, got "${text}"`);
  }
  return wholeUs(seconds * US_PER_S, text);
}

function wholeUs(us: number, text: string): TimeUs {
  const rounded = Math.round(us);
  // Floating-point products like 0.1 * 1e6 land within a few ulps of an integer; anything further off is
  // a genuinely sub-microsecond value, which the simulator cannot represent. (A tolerance relative to the
  // value itself, 1e-6 * us, let "3.0000001" pass as 3 s: 0.1 us off, under a 3 us tolerance; an absolute
  // floor of 1e-6 us let "0.000000000001" pass as 0: the noise of a product near 0 is near 0 too.)
  if (Math.abs(us - rounded) > 8 * Number.EPSILON * Math.abs(us)) {
    throw new Error(`duration "${text}" is not a whole number of microseconds`);
  }
  if (!Number.isSafeInteger(rounded)) throw new Error(`duration "${text}" is too large`);
  return rounded;
}

/** Seconds with exactly 6 decimals, computed with integer arithmetic so it never shows float noise. */
export function formatTimeS(us: TimeUs): string {
  const sign = us < 0 ? '-' : '';
  const abs = Math.abs(us);
  const whole = Math.floor(abs / US_PER_S);
  const frac = abs - whole * US_PER_S;
  return `${sign}${whole}.${String(frac).padStart(6, '0')}`;
}

/** Human-readable duration in Go notation ("5m50s", "1h0m0.5s"), for messages and reports. */
export function formatDuration(us: TimeUs): string {
  if (us === 0) return '0s';
  const sign = us < 0 ? '-' : '';
  let rest = Math.abs(us);
  const h = Math.floor(rest / 3_600_000_000);
  rest -= h * 3_600_000_000;
  const m = Math.floor(rest / 60_000_000);
  rest -= m * 60_000_000;
  const s = formatTimeS(rest).replace(/\.?0+$/, '');
  if (h > 0) return `${sign}${h}h${m}m${s}s`;
  if (m > 0) return `${sign}${m}m${s}s`;
  if (rest < US_PER_MS && rest > 0) return `${sign}${rest}us`;
  if (rest < US_PER_S) return `${sign}${rest / US_PER_MS}ms`;
  return `${sign}${s}s`;
}
