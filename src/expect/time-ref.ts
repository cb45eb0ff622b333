// Times in expectations: a duration from the start of the run ("5m50s", or bare seconds), `end` (the
// end of the run), or an offset from another event: `{after: {reason: NodeStatusUnknown, object: a-01},
// by: 5s}` is the time of the first matching event plus `by` (which may be negative: "-5s").
// Windows are `[from, to]`, both ends included.

import { z } from 'zod';
import { formatDuration, parseDurationUs, type TimeUs } from '../engine/time.js';
import { forwardIssues } from './forward-issues.js';
import { describeSelector, type Selector } from './selector.js';
import { selectorSchema } from './selector-schema.js';

export type TimeRef =
  | { readonly kind: 'abs'; readonly us: TimeUs }
  | { readonly kind: 'end' }
  | { readonly kind: 'rel'; readonly after: Selector; readonly byUs: number };

export type Window = readonly [TimeRef, TimeRef];

const TIME_HELP = 'expected a time: a duration such as "5m50s", end, or {after: {reason: ...}, by: 5s}';

/** A duration that may start with "-" (offsets before a reference event). */
export function parseSignedDurationUs(v: string | number): number {
  if (typeof v === 'number') return v < 0 ? -parseDurationUs(-v) : parseDurationUs(v);
  const t = v.trim();
  return t.startsWith('-') ? -parseDurationUs(t.slice(1)) : parseDurationUs(t);
}

const relativeTimeSchema = z
  .strictObject({
    after: selectorSchema,
    by: z
      .union([z.string(), z.number()], { error: 'expected a duration such as "5s" or "-5s"' })
      .transform((v, ctx) => {
        try {
          return parseSignedDurationUs(v);
        } catch (e) {
          ctx.addIssue({ code: 'custom', message: (e as Error).message });
          return z.NEVER;
        }
      })
      .optional(),
  })
  .transform((r): TimeRef => ({ kind: 'rel', after: r.after, byUs: r.by ?? 0 }));

export const timeRefSchema = z.unknown().transform((v, ctx): TimeRef => {
  if (v === 'end') return { kind: 'end' };
  if (typeof v === 'string' || typeof v === 'number') {
    try {
      return { kind: 'abs', us: parseDurationUs(v) };
    } catch (e) {
      const got = /got "[^"]*"$/.exec((e as Error).message)?.[0] ?? (e as Error).message;
      ctx.addIssue({ code: 'custom', message: `${TIME_HELP}; ${got}` });
      return z.NEVER;
    }
  }
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    const parsed = relativeTimeSchema.safeParse(v);
    if (parsed.success) return parsed.data;
    forwardIssues(ctx, parsed.error, relativeTimeSchema);
    return z.NEVER;
  }
  ctx.addIssue({ code: 'custom', message: TIME_HELP });
  return z.NEVER;
});

export const windowSchema = z
  .tuple([timeRefSchema, timeRefSchema], {
    error: 'expected a window [from, to], e.g. [15m, 16m] or [10m, end]',
  })
  .superRefine(([from, to], ctx) => {
    if (from.kind === 'abs' && to.kind === 'abs' && to.us < from.us) {
      ctx.addIssue({ code: 'custom', path: [1], message: 'the window ends before it starts' });
    }
    if (from.kind === 'end')
      ctx.addIssue({ code: 'custom', path: [0], message: 'a window cannot start at end' });
  })
  .transform((w): Window => [w[0], w[1]]);

// ---- resolution ----------------------------------------------------------------------------------------

/** Looks up the time of the first event matching a selector (undefined when none happened). */
export type FirstTimeOf = (sel: Selector) => TimeUs | undefined;

export type Resolved = { readonly us: TimeUs } | { readonly missing: Selector };

export function resolveTime(t: TimeRef, endUs: TimeUs, firstTimeOf: FirstTimeOf): Resolved {
  if (t.kind === 'abs') return { us: t.us };
  if (t.kind === 'end') return { us: endUs };
  const ref = firstTimeOf(t.after);
  return ref === undefined ? { missing: t.after } : { us: ref + t.byUs };
}

/** "2m25s", "end", "5s after first NodeStatusUnknown (object a-01)". */
export function describeTime(t: TimeRef): string {
  if (t.kind === 'abs') return formatDuration(t.us);
  if (t.kind === 'end') return 'end';
  const ref = `first ${describeSelector(t.after)}`;
  if (t.byUs === 0) return `the time of ${ref}`;
  return t.byUs > 0 ? `${formatDuration(t.byUs)} after ${ref}` : `${formatDuration(-t.byUs)} before ${ref}`;
}
