// Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource, Quantity): a decimal number with
// an optional binary suffix (Ki, Mi, Gi, Ti, Pi, Ei), decimal suffix (n, u, m, k, M, G, T, P, E) or
// exponent (1e9, 1E3). Parsed exactly with BigInt fractions, then rounded *up* as Quantity.Value() and
// MilliValue() do, so "100m" of memory is 1 byte and "0.1" CPU is 100 millicores.

const BINARY: Readonly<Record<string, bigint>> = {
  Ki: 1n << 10n,
  Mi: 1n << 20n,
  Gi: 1n << 30n,
  Ti: 1n << 40n,
  Pi: 1n << 50n,
  Ei: 1n << 60n,
};
const DECIMAL_EXP: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};

const QUANTITY_RE =
  /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei)|([eE][+-]?\d+)|(n|u|m|k|M|G|T|P|E))?$/;

interface Fraction {
  num: bigint;
  den: bigint;
}

function parseFraction(input: string | number): Fraction {
  const text = typeof input === 'number' ? numberToText(input) : input.trim();
  const m = QUANTITY_RE.exec(text);
  if (!m) {
    throw new Error(`expected a Kubernetes quantity such as "500m", "2", "1.5Gi" or "1e9", got "${text}"`);
  }
  const [, sign, digits = '', binary, exponent, decimal] = m;
  if (sign === '-') throw new Error(`expected a non-negative quantity, got "${text}"`);
  const [intPart = '', fracPart = ''] = digits.split('.');
  let num = BigInt((intPart || '0') + fracPart);
  let den = 10n ** BigInt(fracPart.length);
  if (binary) num *= BINARY[binary] as bigint;
  const exp10 = exponent
    ? Number(exponent.slice(1))
    : decimal !== undefined
      ? (DECIMAL_EXP[decimal] as number)
      : 0;
  if (exp10 >= 0) num *= 10n ** BigInt(exp10);
  else den *= 10n ** BigInt(-exp10);
  return { num, den };
}

function numberToText(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`expected a Kubernetes quantity, got ${n}`);
  return Number.isInteger(n) ? String(n) : n.toString();
}

function ceilDiv(num: bigint, den: bigint): number {
  const q = (num + den - 1n) / den;
  if (q > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error('quantity is too large');
  return Number(q);
}

/** Quantity.Value(): whole units, rounded up (bytes for memory, count for pods and extended resources). */
export function parseQuantity(input: string | number): number {
  const f = parseFraction(input);
  return ceilDiv(f.num, f.den);
}

/** Quantity.MilliValue(): thousandths, rounded up (millicores for CPU). */
export function parseMilliQuantity(input: string | number): number {
  const f = parseFraction(input);
  return ceilDiv(f.num * 1000n, f.den);
}

/** Formats millicores the way kubectl shows them ("500m", "2"). */
export function formatMilli(milli: number): string {
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

/** Formats bytes with the largest exact binary suffix ("32Gi", "500Mi", "1000"). */
export function formatBytes(bytes: number): string {
  for (const [suffix, factor] of [
    ['Ti', 2 ** 40],
    ['Gi', 2 ** 30],
    ['Mi', 2 ** 20],
    ['Ki', 2 ** 10],
  ] as const) {
    if (bytes >= factor && bytes % factor === 0) return `${bytes / factor}${suffix}`;
  }
  return String(bytes);
}

/** Quantity.Cmp: -1, 0 or 1, exactly (no rounding, any size). */
export function compareQuantities(a: string | number, b: string | number): number {
  const x = parseFraction(a);
  const y = parseFraction(b);
  const l = x.num * y.den;
  const r = y.num * x.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

const DECIMAL_SUFFIXES = ['', 'k', 'M', 'G', 'T', 'P', 'E'] as const;
const BINARY_SUFFIXES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'] as const;

/**
 * Quantity.String() of a parsed quantity (resource/quantity.go CanonicalizeBytes): in the format it was
 * written in (binary suffixes stay binary, anything else is decimal), with the largest suffix that keeps
 * the number whole; a fraction of a unit is written in milli ("1500m"), and a binary amount that is not
 * a whole number of Ki, or below 1Ki, is written as a decimal one.
 */
export function canonicalQuantity(input: string | number): string {
  const f = parseFraction(input);
  const milli = f.num * 1000n;
  if (milli % f.den !== 0n || (milli / f.den) % 1000n !== 0n) return `${(milli + f.den - 1n) / f.den}m`;
  let v = f.num / f.den;
  const binary = typeof input === 'string' && /[KMGTPE]i$/.test(input.trim());
  if (binary && v >= 1024n && v % 1024n === 0n) {
    let i = 0;
    while (i < BINARY_SUFFIXES.length - 1 && v % 1024n === 0n && v >= 1024n) {
      v /= 1024n;
      i++;
    }
    return `${v}${BINARY_SUFFIXES[i]}`;
  }
  let i = 0;
  while (i < DECIMAL_SUFFIXES.length - 1 && v !== 0n && v % 1000n === 0n) {
    v /= 1000n;
    i++;
  }
  return `${v}${DECIMAL_SUFFIXES[i]}`;
}

/** Quantity.MilliValue() without the 2^53 bound (rounded up). */
export function milliValueBig(input: string | number): bigint {
  const f = parseFraction(input);
  return (f.num * 1000n + f.den - 1n) / f.den;
}
