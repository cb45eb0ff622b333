// Order-independent noise for sampled usage: a counter-based generator, so the draw for (pod, scrape)
// is a pure function of the stream key, the pod's uid and the scrape index, whatever else the run does
// and in whatever order pods are read. The key comes from the named stream `load/noise` (engine/rng.ts),
// so a different seed gives different noise and adding streams elsewhere shifts nothing.

/** FNV-1a over UTF-16 code units, 32 bits. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3's 32-bit finalizer over a combination of three words. */
function mix3(a: number, b: number, c: number): number {
  let h = (a ^ Math.imul(b, 0x9e3779b1) ^ Math.imul(c, 0x85ebca77)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  // A second round decorrelates neighbouring counters.
  h = Math.imul(h ^ c, 0x27d4eb2f);
  h ^= h >>> 15;
  return h >>> 0;
}

/** Uniform in (0, 1), never 0 (so its log is finite). */
export function uniform(key: number, item: number, counter: number): number {
  return (mix3(key, item, counter) + 0.5) / 4294967296;
}

/** A standard normal draw (Box-Muller over two counter-based uniforms). */
export function standardNormal(key: number, item: number, counter: number): number {
  const u1 = uniform(key, item, 2 * counter);
  const u2 = uniform(key, item, 2 * counter + 1);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
