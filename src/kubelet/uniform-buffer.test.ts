import { describe, expect, it } from 'vitest';
import { RngRoot } from '../engine/rng.js';
import { PerNodeUniforms } from './uniform-buffer.js';

describe('PerNodeUniforms', () => {
  it("gives each node exactly its own stream's nextU32 / 2^32 sequence, however draws interleave", () => {
    const root = new RngRoot(1);
    const draws = new PerNodeUniforms((i) => root.stream(`kubelet/n-${i}/lease`));
    const reference = new RngRoot(1);
    const want = (i: number) => reference.stream(`kubelet/n-${i}/lease`).nextU32() * 2 ** -32;
    // Node 70 first (grows past the initial capacity), then uneven interleavings across refills.
    const order = [70, 0, 1, 70, ...Array.from({ length: 200 }, (_, k) => (k * 7) % 5), 3, 70, 130];
    for (const i of order) expect(draws.next(i)).toBe(want(i));
  });
});
