// Generated names as the API server and controllers make them: metadata.generateName plus five
// characters from apimachinery's util/rand alphabet (consonants and digits without vowels or look-alikes,
// so names never spell words), and the pod-template-hash encoding of Deployments
// (controller.ComputeHash: FNV-32a, printed in decimal, then rand.SafeEncodeString).

import type { Rng } from '../engine/rng.js';

const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** util/rand.String(n) from a seeded stream. */
export function randomSuffix(rng: Rng, n = 5): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHANUMS[rng.intBelow(ALPHANUMS.length)];
  return s;
}

/** util/rand.SafeEncodeString: maps each byte onto the alphabet. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += ALPHANUMS[s.charCodeAt(i) % ALPHANUMS.length];
  return out;
}

/** 32-bit FNV-1a over the UTF-16 code units of `text` (ASCII in practice), plus an optional salt. */
export function fnv32a(text: string, salt?: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i) & 0xff;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  if (salt !== undefined) {
    for (let b = 0; b < 4; b++) {
      h ^= (salt >>> (8 * b)) & 0xff;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  }
  return h >>> 0;
}

/**
 * pod-template-hash of a Deployment's template (ComputeHash): FNV-32a of the template (here its
 * canonical JSON; upstream hashes Go's printed struct, so the values differ from a real cluster's but
 * behave the same), salted with collisionCount when set, printed in decimal and safe-encoded.
 */
export function podTemplateHash(templateText: string, collisionCount: number): string {
  return safeEncodeString(String(fnv32a(templateText, collisionCount > 0 ? collisionCount : undefined)));
}

/** JSON with object keys sorted at every level: equal templates give equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/** Canonical text of a pod template, ignoring the pod-template-hash label (EqualIgnoreHash). */
export function templateTextOf(template: {
  metadata?: { labels?: Record<string, string> } | undefined;
}): string {
  const labels = { ...(template.metadata?.labels ?? {}) };
  delete labels['pod-template-hash'];
  return canonicalJson({ ...template, metadata: { ...(template.metadata ?? {}), labels } });
}
