// Turns zod issues into the sentences users see: what was expected at which path, and for unknown keys
// the fields that are allowed there (with a "did you mean" when one is close). Independent of the
// scenario schema (the root is a parameter), so schemas inside it (spec.expect) can use it too without
// an import cycle; issues.ts binds it to the scenario schema.

import type { z } from 'zod';
import type { PathSegment } from './errors.js';

export interface Explained {
  readonly path: PathSegment[];
  readonly message: string;
}

export function explainIssue(issue: z.core.$ZodIssue, root: z.core.$ZodType): Explained[] {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = allowedKeys(root, path);
      return issue.keys.map((key) => ({ path: [...path, key], message: unknownKeyMessage(key, allowed) }));
    }
    case 'invalid_type': {
      if (/received undefined/.test(issue.message)) {
        return [{ path, message: `required field is missing (expected ${article(issue.expected)})` }];
      }
      return [{ path, message: tidy(issue.message) }];
    }
    case 'invalid_union': {
      // Prefer the most specific branch error when zod reports one per option.
      const branches = issue.errors ?? [];
      if (issue.message && !/^Invalid input$/.test(issue.message))
        return [{ path, message: tidy(issue.message) }];
      const first = branches.flat()[0];
      if (first)
        return explainIssue({ ...first, path: [...issue.path, ...first.path] } as z.core.$ZodIssue, root);
      return [{ path, message: 'does not match any allowed form' }];
    }
    default:
      return [{ path, message: tidy(issue.message) }];
  }
}

function tidy(message: string): string {
  return message
    .replace(/^Invalid input: /, '')
    .replace(/^Invalid option: /, '')
    .replace(/^Too small: /, '')
    .replace(/^Too big: /, '')
    .replace(/^Invalid string: /, '');
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function unknownKeyMessage(key: string, allowed: readonly string[]): string {
  if (allowed.length === 0) return `unknown field "${key}"`;
  const k = key.toLowerCase();
  const close = allowed
    .map((a) => {
      const l = a.toLowerCase();
      // A key that is a prefix of an allowed one (nodeLeaseDuration -> nodeLeaseDurationSeconds) counts as close.
      const prefix = l.startsWith(k) || k.startsWith(l);
      return { a, d: prefix ? 1 : editDistance(l, k) };
    })
    .filter((x) => x.d <= Math.max(2, Math.floor(key.length / 4)))
    .sort((x, y) => x.d - y.d || (x.a < y.a ? -1 : 1))[0];
  const hint = close ? `; did you mean "${close.a}"?` : '';
  const list = allowed.length <= 30 ? ` (allowed here: ${allowed.join(', ')})` : '';
  return `unknown field "${key}"${hint}${list}`;
}

/** Keys of the object schema(s) found at `path`; unions contribute all their options' keys. */
export function allowedKeys(root: z.core.$ZodType, path: readonly PathSegment[]): string[] {
  let current: z.core.$ZodType[] = [root];
  for (const seg of path) {
    const next: z.core.$ZodType[] = [];
    for (const s of current.flatMap(unwrap)) {
      const def = s._zod.def as unknown as Record<string, unknown>;
      if (def.type === 'object' && typeof seg === 'string') {
        const child = (def.shape as Record<string, z.core.$ZodType>)[seg];
        if (child) next.push(child);
      } else if (def.type === 'array' && typeof seg === 'number') {
        next.push(def.element as z.core.$ZodType);
      } else if (def.type === 'record') {
        next.push(def.valueType as z.core.$ZodType);
      }
    }
    current = next;
  }
  const keys = new Set<string>();
  for (const s of current.flatMap(unwrap)) {
    const def = s._zod.def as unknown as Record<string, unknown>;
    if (def.type === 'object') for (const k of Object.keys(def.shape as object)) keys.add(k);
  }
  return [...keys];
}

function unwrap(s: z.core.$ZodType): z.core.$ZodType[] {
  const def = s._zod.def as unknown as Record<string, unknown>;
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
      return unwrap(def.innerType as z.core.$ZodType);
    case 'pipe':
      return unwrap(def.in as z.core.$ZodType);
    case 'union':
      return (def.options as z.core.$ZodType[]).flatMap(unwrap);
    case 'intersection':
      return [...unwrap(def.left as z.core.$ZodType), ...unwrap(def.right as z.core.$ZodType)];
    default:
      return [s];
  }
}

export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] as number;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j] as number;
      prev[j] = Math.min(tmp + 1, (prev[j - 1] as number) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length] as number;
}
