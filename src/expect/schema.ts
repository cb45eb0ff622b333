// spec.expect (interfaces.md §2): the assertions `kubesim test` checks after a run, as one strict zod
// schema that turns what users write into a small tagged union (Expectation). Which form an item takes
// is decided by its key (event, metric or summary) and, for events, by which of at / between / count /
// never / before / after it sets; the sub-schema's own messages (unknown keys with "did you mean",
// wrong types) are forwarded with their full path so the loader can name the line.

import { z } from 'zod';
import { AUTOSCALER_COLUMN_RE } from '../autoscaler/schema.js';
import { TIMESERIES_HEADER } from '../metrics/recorder.js';
import { editDistance } from '../model/explain-issue.js';
import { durationUs } from '../model/fields.js';
import { forwardIssues } from './forward-issues.js';
import type { Occurrence, Selector } from './selector.js';
import { selectorSchema } from './selector-schema.js';
import { type TimeRef, timeRefSchema, type Window, windowSchema } from './time-ref.js';

/** timeseries.csv columns an expectation can name (every column but time_s). */
export const METRIC_COLUMNS: readonly string[] = TIMESERIES_HEADER.filter((c) => c !== 'time_s');

export interface Bound {
  readonly equals?: number | string | boolean | null;
  readonly atLeast?: number;
  readonly atMost?: number;
}

/** `seeds: {atLeast: 95%}`: with `kubesim test --seeds`, the share of seeds the expectation must hold in. */
export interface SeedQuota {
  /** 0 < atLeastPercent <= 100. */
  readonly atLeastPercent: number;
}

interface Base {
  /** Replaces the generated description in output and JUnit reports. */
  readonly description?: string;
  /** Absent: the expectation must hold in every seed. */
  readonly seeds?: SeedQuota;
}

export type Expectation =
  | (Base & {
      type: 'eventTime';
      event: Selector;
      occurrence: Occurrence;
      at: TimeRef;
      toleranceUs: number;
    })
  | (Base & { type: 'eventWindow'; event: Selector; occurrence: Occurrence; between: Window })
  | (Base & { type: 'eventCount'; event: Selector; count: Bound; between: Window | null; never: boolean })
  | (Base & {
      type: 'eventOrder';
      event: Selector;
      occurrence: Occurrence;
      relation: 'before' | 'after';
      other: Selector;
    })
  | (Base & { type: 'metric'; metric: string; at: TimeRef | null; between: Window | null; bound: Bound })
  | (Base & { type: 'summary'; path: string; bound: Bound });

// ---- helpers -------------------------------------------------------------------------------------------

type Ctx = z.core.$RefinementCtx<unknown>;

const occurrenceSchema = z.union([z.literal('first'), z.literal('last'), z.number().int().positive()], {
  error: 'expected first, last, or a match number (1 = first)',
});

const bounds = {
  equals: z.number().optional(),
  atLeast: z.number().optional(),
  atMost: z.number().optional(),
};

function checkBound(b: Bound, ctx: Ctx, what: string): void {
  if (b.equals === undefined && b.atLeast === undefined && b.atMost === undefined) {
    ctx.addIssue({ code: 'custom', message: `say what ${what} should be: equals, atLeast and/or atMost` });
  } else if (b.equals !== undefined && (b.atLeast !== undefined || b.atMost !== undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: ['equals'],
      message: 'equals cannot be combined with atLeast or atMost',
    });
  } else if (b.atLeast !== undefined && b.atMost !== undefined && b.atLeast > b.atMost) {
    ctx.addIssue({
      code: 'custom',
      path: ['atMost'],
      message: `atMost (${b.atMost}) is below atLeast (${b.atLeast})`,
    });
  }
}

function pickBound(b: Bound): Bound {
  return {
    ...(b.equals !== undefined ? { equals: b.equals } : {}),
    ...(b.atLeast !== undefined ? { atLeast: b.atLeast } : {}),
    ...(b.atMost !== undefined ? { atMost: b.atMost } : {}),
  };
}

const description = z.string().min(1).optional();

const QUOTA_HELP = 'expected a share of seeds: a percentage such as 95% or a fraction such as 0.95';

/** `{atLeast: 95%}` or `{atLeast: 0.95}`; the result is a percentage in (0, 100]. */
const seedQuota = z
  .strictObject({
    atLeast: z.union([z.string(), z.number()], { error: QUOTA_HELP }).transform((v, ctx) => {
      const m = typeof v === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(v) : null;
      // Rounded so that 0.29 reads as 29 %, not 28.999999999999996 %.
      const percent = typeof v === 'number' ? Math.round(v * 1e8) / 1e6 : m ? Number(m[1]) : Number.NaN;
      if (!(percent > 0 && percent <= 100)) {
        ctx.addIssue({
          code: 'custom',
          message: `${QUOTA_HELP}, above 0 and at most 100 %; got ${JSON.stringify(v)}`,
        });
        return z.NEVER;
      }
      return percent;
    }),
  })
  .transform((q): SeedQuota => ({ atLeastPercent: q.atLeast }))
  .optional();

/** The fields every expectation may carry besides its subject. */
const common = { description, seeds: seedQuota };

function baseOf(raw: { description?: string | undefined; seeds?: SeedQuota | undefined }): Base {
  return {
    ...(raw.description !== undefined ? { description: raw.description } : {}),
    ...(raw.seeds !== undefined ? { seeds: raw.seeds } : {}),
  };
}

// ---- events --------------------------------------------------------------------------------------------

const countSchema = z.union(
  [
    z.number().int().nonnegative(),
    z
      .strictObject({
        atLeast: z.number().int().nonnegative().optional(),
        atMost: z.number().int().nonnegative().optional(),
      })
      .refine((c) => c.atLeast !== undefined || c.atMost !== undefined, {
        error: 'give atLeast and/or atMost',
      }),
  ],
  { error: 'expected a count: a whole number, or {atLeast: N} / {atMost: N}' },
);

export const eventExpectationSchema = z.strictObject({
  ...common,
  event: selectorSchema,
  at: timeRefSchema.optional(),
  tolerance: durationUs().optional(),
  occurrence: occurrenceSchema.optional(),
  between: windowSchema.optional(),
  count: countSchema.optional(),
  never: z.literal(true, { error: 'never: true is the only form' }).optional(),
  before: selectorSchema.optional(),
  after: selectorSchema.optional(),
});

type EventRaw = z.output<typeof eventExpectationSchema>;

const EVENT_MODES = ['at', 'between', 'count', 'never', 'before', 'after'] as const;

/** Which keys each event form accepts besides event and description. */
const EVENT_FORMS: Record<string, readonly string[]> = {
  at: ['at', 'tolerance', 'occurrence'],
  count: ['count', 'between'],
  never: ['never', 'between'],
  before: ['before', 'occurrence'],
  after: ['after', 'occurrence'],
  between: ['between', 'occurrence'],
};

function extras(mode: string, allowed: readonly string[]): string {
  const others = allowed.filter((k) => k !== mode);
  return others.length > 0 ? ` (${mode} goes with ${others.join(' and ')})` : '';
}

function toEventExpectation(raw: EventRaw, ctx: Ctx): Expectation | typeof z.NEVER {
  const set = (k: string) => (raw as Record<string, unknown>)[k] !== undefined;
  const mode = (['at', 'count', 'never', 'before', 'after', 'between'] as const).find(set);
  if (mode === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `say what to expect of the event: ${EVENT_MODES.join(', ')} (see README "Regression tests")`,
    });
    return z.NEVER;
  }
  const allowed = EVENT_FORMS[mode] as readonly string[];
  for (const k of Object.keys(raw)) {
    if (k === 'event' || k === 'description' || k === 'seeds' || allowed.includes(k) || !set(k)) continue;
    ctx.addIssue({
      code: 'custom',
      path: [k],
      message: `${k} cannot be combined with ${mode}${extras(mode, allowed)}`,
    });
    return z.NEVER;
  }
  const base = { ...baseOf(raw), event: raw.event };
  const occurrence: Occurrence =
    raw.occurrence === undefined || raw.occurrence === 'first' ? 1 : raw.occurrence;
  switch (mode) {
    case 'at':
      return {
        ...base,
        type: 'eventTime',
        occurrence,
        at: raw.at as TimeRef,
        toleranceUs: raw.tolerance ?? 0,
      };
    case 'between':
      return { ...base, type: 'eventWindow', occurrence, between: raw.between as Window };
    case 'count':
    case 'never': {
      const count: Bound = raw.never
        ? { equals: 0 }
        : typeof raw.count === 'number'
          ? { equals: raw.count }
          : pickBound(raw.count ?? {});
      return { ...base, type: 'eventCount', count, between: raw.between ?? null, never: raw.never === true };
    }
    default:
      return { ...base, type: 'eventOrder', occurrence, relation: mode, other: raw[mode] as Selector };
  }
}

// ---- metrics and summary -------------------------------------------------------------------------------

const metricName = z.string({ error: 'expected a timeseries.csv column name' }).superRefine((name, ctx) => {
  if (METRIC_COLUMNS.includes(name) || AUTOSCALER_COLUMN_RE.test(name)) return;
  ctx.addIssue({
    code: 'custom',
    message: `unknown timeseries column "${name}"${suggest(name, METRIC_COLUMNS)} (columns: ${METRIC_COLUMNS.join(', ')})`,
  });
});

export const metricExpectationSchema = z.strictObject({
  ...common,
  metric: metricName,
  at: timeRefSchema.optional(),
  between: windowSchema.optional(),
  ...bounds,
});

export const summaryExpectationSchema = z.strictObject({
  ...common,
  summary: z
    .string({ error: 'expected a dotted path into summary.json, e.g. scheduling_latency.p99_s' })
    .regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, {
      error: 'expected a dotted path into summary.json, e.g. scheduling_latency.p99_s',
    }),
  equals: z.union([z.number(), z.string(), z.boolean(), z.null()]).optional(),
  atLeast: z.number().optional(),
  atMost: z.number().optional(),
});

function toMetricExpectation(
  raw: z.output<typeof metricExpectationSchema>,
  ctx: Ctx,
): Expectation | typeof z.NEVER {
  if ((raw.at === undefined) === (raw.between === undefined)) {
    ctx.addIssue({
      code: 'custom',
      message: 'give exactly one of at (one sample) or between: [from, to] (every sample in the window)',
    });
    return z.NEVER;
  }
  checkBound(raw, ctx, raw.metric);
  return {
    ...baseOf(raw),
    type: 'metric',
    metric: raw.metric,
    at: raw.at ?? null,
    between: raw.between ?? null,
    bound: pickBound(raw),
  };
}

function toSummaryExpectation(raw: z.output<typeof summaryExpectationSchema>, ctx: Ctx): Expectation {
  checkBound(raw, ctx, raw.summary);
  return {
    ...baseOf(raw),
    type: 'summary',
    path: raw.summary,
    bound: pickBound(raw),
  };
}

// ---- one item ------------------------------------------------------------------------------------------

const SUBJECTS = ['event', 'metric', 'summary'] as const;

export const expectationSchema = z.unknown().transform((value, ctx): Expectation => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    ctx.addIssue({ code: 'custom', message: 'expected a mapping with event:, metric: or summary:' });
    return z.NEVER;
  }
  const keys = Object.keys(value);
  const subjects = SUBJECTS.filter((s) => keys.includes(s));
  if (subjects.length !== 1) {
    const hint =
      subjects.length === 0 ? (keys.map((k) => suggest(k, SUBJECTS)).find((h) => h !== '') ?? '') : '';
    ctx.addIssue({
      code: 'custom',
      message:
        subjects.length === 0
          ? `an expectation needs one of event:, metric: or summary:${hint}`
          : `an expectation is about one thing; found ${subjects.join(' and ')}`,
    });
    return z.NEVER;
  }
  const subject = subjects[0];
  const schema =
    subject === 'event'
      ? eventExpectationSchema
      : subject === 'metric'
        ? metricExpectationSchema
        : summaryExpectationSchema;
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    forwardIssues(ctx, parsed.error, schema);
    return z.NEVER;
  }
  if (subject === 'event') return toEventExpectation(parsed.data as EventRaw, ctx);
  if (subject === 'metric')
    return toMetricExpectation(parsed.data as z.output<typeof metricExpectationSchema>, ctx);
  return toSummaryExpectation(parsed.data as z.output<typeof summaryExpectationSchema>, ctx);
});

export const expectListSchema = z.array(expectationSchema, { error: 'expected a list of expectations' });

/** `; did you mean "x"?` when one of `options` is close to `word`, else "". */
export function suggest(word: string, options: readonly string[]): string {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  for (const o of options) {
    const d = editDistance(o.toLowerCase(), w);
    if (d < bestD) {
      best = o;
      bestD = d;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 4))
    ? `; did you mean "${best}"?`
    : '';
}
