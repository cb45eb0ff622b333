import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvLine } from './csv.js';

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
});
