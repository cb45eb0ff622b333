// The run fingerprint: 64-bit FNV-1a (offset basis 0xcbf29ce484222325, prime 2^40 + 0x1b3, as
// draft-eastlake-fnv and Go's hash/fnv define it) fed with 32-bit words: the time's low and high halves
// and the event kind's 32-bit FNV-1a. The reference below is the textbook formula on BigInt.
import { describe, expect, it } from 'vitest';
import { DigestTrace, fnv1a32 } from './trace.js';

const MASK64 = (1n << 64n) - 1n;
const PRIME64 = (1n << 40n) + 0x1b3n;

function referenceDigest(words: readonly number[], start = 0xcbf29ce484222325n): string {
  let h = start;
  for (const w of words) h = ((h ^ BigInt(w >>> 0)) * PRIME64) & MASK64;
  return h.toString(16).padStart(16, '0');
}

function referenceFnv32(text: string): number {
  let h = 0x811c9dc5n;
  for (let i = 0; i < text.length; i++) h = ((h ^ BigInt(text.charCodeAt(i))) * 0x01000193n) & 0xffffffffn;
  return Number(h);
}

describe('fnv1a32', () => {
  it('matches the published FNV-1a 32-bit test vectors', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it('matches the formula on event kinds', () => {
    for (const k of ['NodeMonitorPass', 'KubeletStatusTick', 'x', 'TaintEvictionTimer'])
      expect(fnv1a32(k)).toBe(referenceFnv32(k));
  });
});

describe('DigestTrace', () => {
  it('an empty trace is the offset basis', () => {
    expect(new DigestTrace().digest).toBe('cbf29ce484222325');
    expect(new DigestTrace().events).toBe(0);
  });

  it('mixes each event as (time low word, time high word, kind hash), as the formula says', () => {
    const t = new DigestTrace();
    const events: [number, string][] = [
      [0, 'A'],
      [5_000_000, 'NodeMonitorPass'],
      // beyond 2^32 us (71 minutes) the high word is non-zero
      [7 * 2 ** 32 + 123, 'NodeMonitorPass'],
      [2 ** 40 + 2 ** 33 + 9, 'KubeletStatusTick'],
    ];
    const words: number[] = [];
    for (const [at, kind] of events) {
      t.record(at, { kind });
      words.push(at % 2 ** 32, Math.floor(at / 2 ** 32), referenceFnv32(kind));
    }
    expect(t.digest).toBe(referenceDigest(words));
    expect(t.events).toBe(4);
    // Digests keep their leading zeros: always 16 hex digits.
    expect(t.digest).toMatch(/^[0-9a-f]{16}$/);
  });

  it('mixString feeds one word per UTF-16 code unit', () => {
    const t = new DigestTrace();
    t.mixString('ab,1');
    expect(t.digest).toBe(referenceDigest([...'ab,1'].map((c) => c.charCodeAt(0))));
  });

  it('pads both halves to 8 hex digits', () => {
    // Search a few words for a digest whose halves have leading zeros in hex.
    let seenHi = false;
    let seenLo = false;
    for (let w = 0; w < 5000 && !(seenHi && seenLo); w++) {
      const t = new DigestTrace();
      t.mixString(String(w));
      const want = referenceDigest([...String(w)].map((c) => c.charCodeAt(0)));
      expect(t.digest).toBe(want);
      seenHi ||= want.startsWith('0');
      seenLo ||= want[8] === '0';
    }
    expect(seenHi && seenLo).toBe(true);
  });

  it('keeps lines when asked, with the describer when given one', () => {
    const plain = new DigestTrace({ keepLines: true });
    plain.record(5, { kind: 'A' });
    expect(plain.traceLines).toEqual(['5 A']);
    const described = new DigestTrace({ keepLines: true, describe: (e) => `${e.kind}!` });
    described.record(7, { kind: 'B' });
    expect(described.traceLines).toEqual(['7 B!']);
    const off = new DigestTrace();
    off.record(5, { kind: 'A' });
    expect(off.traceLines).toEqual([]);
  });
});
