// The zod form of an event selector: `{reason: NodeStatusUnknown, object: general-a-*}`. Each field is
// a matcher (exact, glob or /regex/, see matcher.ts); at least one field must be given.

import { z } from 'zod';
import { parseMatcher } from './matcher.js';
import { SELECTOR_FIELDS, type Selector } from './selector.js';

const matcherField = z
  .union([z.string(), z.number()], {
    error: 'expected a string to match (exact, glob such as a-*, or /regex/)',
  })
  .transform((v, ctx) => {
    try {
      return parseMatcher(String(v));
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: (e as Error).message });
      return z.NEVER;
    }
  });

export const selectorSchema = z
  .strictObject({
    reason: matcherField.optional(),
    kind: matcherField.optional(),
    object: matcherField.optional(),
    node: matcherField.optional(),
    zone: matcherField.optional(),
    detail: matcherField.optional(),
  })
  .refine((s) => SELECTOR_FIELDS.some((f) => s[f] !== undefined), {
    error: `an event selector needs at least one of ${SELECTOR_FIELDS.join(', ')}`,
  })
  .transform((s): Selector => {
    const out: { [k: string]: unknown } = {};
    for (const f of SELECTOR_FIELDS) if (s[f] !== undefined) out[f] = s[f];
    return out as Selector;
  });
