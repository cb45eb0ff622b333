// Virtual time: integer microseconds held in a JS number (exact up to 2^53 us, about 285 years).
// Durations use Go / Kubernetes notation ("1m30s", "200ms", "10s"; see time.ParseDuration) plus `d` for
// days; a bare number means seconds. Output prints seconds with exactly 6 decimals.

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

const UNIT_US: Readonly<Record<string, number>> = {
  ns: 0.001,
  us: 1,
  µs: 1,
  μs: 1,
  ms: 1_000,
  s: 1_000_000,
  m: 60_000_000,
  h: 3_600_000_000,
  d: 86_400_000_000,
};

const DURATION_RE = /^(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h|d)/;

/** Parses a duration into whole microseconds; throws an Error whose message says what was expected. */
export function parseDurationUs(input: string | number): TimeUs {
  if (typeof input === 'number') return secondsToUs(input, String(input));
  const text = input.trim();
  if (text === '') throw new Error('expected a duration such as "40s", "1m30s" or "200ms", got ""');
  if (/^\d+(\.\d+)?$/.test(text)) return secondsToUs(Number(text), text);
  let rest = text;
  let totalUs = 0;
  while (rest.length > 0) {
    const m = DURATION_RE.exec(rest);
    if (!m) {
      throw new Error(
        `expected a duration such as "40s", "1m30s" or "200ms" (units ns, us, ms, s, m, h, d), got "${text}"`,
      );
    }
    totalUs += Number(m[1]) * (UNIT_US[m[2] as string] as number);
    rest = rest.slice(m[0].length);
  }
  return wholeUs(totalUs, text);
}

function secondsToUs(seconds: number, text: string): TimeUs {
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new Error(`expected a non-negative duration, got "${text}"`);
  }
  return wholeUs(seconds * US_PER_S, text);
}

function wholeUs(us: number, text: string): TimeUs {
  const rounded = Math.round(us);
  // Floating-point products like 0.1 * 1e6 land within a hair of an integer; anything further off is a
  // genuinely sub-microsecond value, which the simulator cannot represent.
  if (Math.abs(us - rounded) > 1e-6 * Math.max(1, Math.abs(us))) {
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
