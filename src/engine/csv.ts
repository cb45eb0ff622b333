// CSV formatting shared by every output file. High-volume files (events, timeseries, pods) are written
// with this small writer, which docs/dependencies.md §4 measured 3-4x faster than csv-stringify
// with byte-identical output; csv.test.ts checks that identity against csv-stringify itself. Small,
// irregular files (compare.csv, sweeps) go through csv-stringify directly.

const NEEDS_QUOTES = /[",\r\n]/;

/** One field, quoted the way csv-stringify quotes it by default (RFC 4180: double the quotes). */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function csvLine(fields: readonly (string | number)[]): string {
  let line = '';
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i] as string | number;
    if (i > 0) line += ',';
    line += typeof f === 'number' ? String(f) : csvField(f);
  }
  return `${line}\n`;
}

/** Fixed formatting for ratios and other fractions: 6 decimals, never exponent notation. */
export function fixed6(x: number): string {
  return (Object.is(x, -0) ? 0 : x).toFixed(6);
}
