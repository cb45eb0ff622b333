import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvLine, fixed6 } from './csv.js';

describe('csvLine', () => {
  it('matches csv-stringify byte for byte on arbitrary fields', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string(), fc.constantFrom('a,b', 'say "hi"', 'line\nbreak', ''), fc.integer()), {
          minLength: 1,
          maxLength: 8,
        }),
        (fields) => {
          expect(csvLine(fields)).toBe(stringify([fields]));
        },
      ),
      { seed: 7, numRuns: 500 },
    );
  });

  it('quotes only fields holding a quote, a comma, CR or LF; numbers are printed as they are', () => {
    expect(csvLine(['plain', 'a,b', 'say "hi"', 'cr\r', 'lf\n', 3, 0.5])).toBe(
      'plain,"a,b","say ""hi""","cr\r","lf\n",3,0.5\n',
    );
    expect(csvLine([''])).toBe('\n');
  });
});

describe('fixed6', () => {
  it('prints 6 decimals and never "-0.000000"', () => {
    expect(fixed6(0.5)).toBe('0.500000');
    expect(fixed6(-0)).toBe('0.000000');
    expect(fixed6(-0.25)).toBe('-0.250000');
    expect(fixed6(1 / 3)).toBe('0.333333');
  });
});
