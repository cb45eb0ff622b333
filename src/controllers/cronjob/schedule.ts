// CronJob schedules. Upstream parses spec.schedule with robfig/cron v3's ParseStandard (five fields
// minute hour day-of-month month day-of-week, names JAN-DEC / SUN-SAT, ranges, lists, steps, '?', and
// the descriptors @yearly @annually @monthly @weekly @daily @midnight @hourly @every <duration>) and
// computes start times with Schedule.Next in the CronJob's time zone (cronjob_controllerv2.go
// formatSchedule prefixes "TZ=<spec.timeZone>").
//
// The fields are parsed and range-checked by cron-parser; what robfig refuses and cron-parser accepts
// (a sixth field, day-of-week 7, L, W, #) is refused here first. Next is not cron-parser's: its DST
// rules differ from robfig's, which the controller follows. robfig's Next (spec.go) walks month, day,
// hour, minute and second forward, each step in absolute time except the jumps to the start of a month
// or day (time.Date, and AddDate for the next day), and restarts from the month whenever a field wraps.
// Two consequences that cron-parser and croner do not share:
// - spring forward: a local time the clocks skip does not exist, so it never matches; "30 2 * * *" in
//   America/New_York does not run on the day clocks go from 02:00 to 03:00;
// - fall back: the repeated hour is walked twice; "30 1 * * *" runs at 01:30 EDT and again at 01:30 EST.
// Day-of-month and day-of-week: when either field is '*' or '?' (robfig's star bit; a step greater than
// one clears it) a day must match both, otherwise either.

import { createRequire } from 'node:module';
import type { CronExpressionParser as CronParser } from 'cron-parser';
import { parseGoDurationNs } from '../../engine/time.js';
import { TimeZone } from './zone.js';

// cron-parser (CommonJS) is required on the first schedule parse, not imported: most runs have no
// CronJob, and loading it was ~25 ms of every process's start-up.
const requireCjs = createRequire(import.meta.url);
let cronParser: typeof CronParser | undefined;
function parser(): typeof CronParser {
  cronParser ??= (requireCjs('cron-parser') as { CronExpressionParser: typeof CronParser })
    .CronExpressionParser;
  return cronParser;
}

export interface CronFields {
  readonly minute: ReadonlySet<number>;
  readonly hour: ReadonlySet<number>;
  readonly dom: ReadonlySet<number>;
  readonly month: ReadonlySet<number>;
  readonly dow: ReadonlySet<number>;
  /** robfig's starBit on day-of-month / day-of-week. */
  readonly domStar: boolean;
  readonly dowStar: boolean;
}

export type CronSchedule =
  | { readonly kind: 'spec'; readonly fields: CronFields; readonly zone: TimeZone }
  /** @every <duration>: robfig's ConstantDelaySchedule (whole seconds, at least one). */
  | { readonly kind: 'every'; readonly delayS: number };

const DESCRIPTORS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** robfig's star bit: the field's first range starts with '*' or '?' and has no step above 1. */
function isStar(field: string): boolean {
  return field.split(',').some((part) => {
    const [range, step] = part.split('/');
    return (range === '*' || range === '?') && (step === undefined || Number(step) <= 1);
  });
}

/** Refuses what robfig's getRange refuses but cron-parser accepts; the message is robfig's. */
function robfigOnlyError(fields: readonly string[]): string | null {
  for (const [i, field] of fields.entries()) {
    for (const part of field.split(',')) {
      for (const token of part.split(/[-/]/)) {
        if (/^[A-Za-z]+$/.test(token) && (i === 3 || i === 4)) continue; // month / weekday names
        if (token === '*' || token === '?' || /^\d+$/.test(token)) continue;
        return `failed to parse int from ${token}: strconv.Atoi: parsing "${token}": invalid syntax`;
      }
    }
  }
  const dow = fields[4] as string;
  for (const token of dow.split(/[,/-]/)) {
    if (/^\d+$/.test(token) && Number(token) > 6 && !dow.includes(`/${token}`))
      return `end of range (${token}) above maximum (6): ${dow}`;
  }
  return null;
}

/**
 * cron.ParseStandard in a time zone (null: UTC, kube-controller-manager's local zone in its container
 * image). Returns the schedule or the parser's message.
 */
export function parseStandard(expr: string, zone: TimeZone | null = null): CronSchedule | { error: string } {
  const text = expr.trim();
  if (text === '') return { error: 'empty spec string' };
  if (text.startsWith('@every ')) {
    try {
      const ns = parseGoDurationNs(text.slice(7).trim());
      const delayS = Number(ns / 1_000_000_000n);
      return { kind: 'every', delayS: Math.max(delayS, 1) };
    } catch (e) {
      return { error: `failed to parse duration ${text}: ${(e as Error).message}` };
    }
  }
  const standard = text.startsWith('@') ? DESCRIPTORS[text] : text;
  if (standard === undefined) return { error: `unrecognized descriptor: ${text}` };
  const fields = standard.split(/\s+/);
  if (fields.length !== 5)
    return { error: `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]` };
  const robfig = robfigOnlyError(fields);
  if (robfig !== null) return { error: robfig };
  let f: ReturnType<typeof CronParser.parse>['fields'];
  let month: ReturnType<typeof CronParser.parse>['fields']['month'] | null = null;
  try {
    f = parser().parse(standard, { tz: 'UTC' }).fields;
  } catch (e) {
    // cron-parser refuses a day that no listed month has ("59 23 31 2 *"); robfig accepts it (the
    // schedule then never fires, utils_test.go "rogue cronjob"): parse the month apart.
    try {
      const [mi, h, dom, mon, dw] = fields as [string, string, string, string, string];
      f = parser().parse(`${mi} ${h} ${dom} * ${dw}`, { tz: 'UTC' }).fields;
      month = parser().parse(`0 0 1 ${mon} *`, { tz: 'UTC' }).fields.month;
    } catch {
      return { error: (e as Error).message };
    }
  }
  const nums = (values: readonly (number | string)[]) =>
    new Set(values.filter((v): v is number => typeof v === 'number'));
  const dow = nums(f.dayOfWeek.values);
  if (dow.has(7)) dow.add(0);
  dow.delete(7);
  return {
    kind: 'spec',
    zone: zone ?? (TimeZone.load('UTC') as TimeZone),
    fields: {
      minute: nums(f.minute.values),
      hour: nums(f.hour.values),
      dom: nums(f.dayOfMonth.values),
      month: nums((month ?? f.month).values),
      dow,
      domStar: isStar(fields[2] as string),
      dowStar: isStar(fields[4] as string),
    },
  };
}

function dayMatches(f: CronFields, day: number, weekday: number): boolean {
  const domMatch = f.dom.has(day);
  const dowMatch = f.dow.has(weekday);
  return f.domStar || f.dowStar ? domMatch && dowMatch : domMatch || dowMatch;
}

/**
 * Schedule.Next: the first activation strictly after the Unix second `afterS` (fractions are dropped
 * first, as Next starts at the upcoming whole second), or null when none falls within five years.
 */
export function nextAfter(s: CronSchedule, afterS: number): number | null {
  if (!Number.isFinite(afterS)) return null; // no calendar date to start from: the walk would never end
  const start = Math.floor(afterS);
  if (s.kind === 'every') return start + s.delayS;
  const { fields: f, zone } = s;
  let t = start + 1;
  let added = false;
  const yearLimit = zone.local(t).year + 5;
  wrap: for (;;) {
    let l = zone.local(t);
    if (l.year > yearLimit) return null;
    while (!f.month.has(l.month)) {
      if (!added) {
        added = true;
        t = zone.date(l.year, l.month, 1, 0, 0, 0);
        l = zone.local(t);
      }
      t = zone.date(l.year, l.month + 1, l.day, l.hour, l.minute, l.second); // AddDate(0, 1, 0)
      l = zone.local(t);
      if (l.month === 1) continue wrap;
    }
    while (!dayMatches(f, l.day, l.weekday)) {
      if (!added) {
        added = true;
        t = zone.date(l.year, l.month, l.day, 0, 0, 0);
        l = zone.local(t);
      }
      t = zone.date(l.year, l.month, l.day + 1, l.hour, l.minute, l.second); // AddDate(0, 0, 1)
      l = zone.local(t);
      // spec.go: a DST change at midnight leaves the day at 23:00 or 01:00; go to its midnight.
      if (l.hour !== 0) {
        t += (l.hour > 12 ? 24 - l.hour : -l.hour) * 3600;
        l = zone.local(t);
      }
      if (l.day === 1) continue wrap;
    }
    while (!f.hour.has(l.hour)) {
      if (!added) {
        added = true;
        t = zone.date(l.year, l.month, l.day, l.hour, 0, 0);
      }
      t += 3600;
      l = zone.local(t);
      if (l.hour === 0) continue wrap;
    }
    while (!f.minute.has(l.minute)) {
      if (!added) {
        added = true;
        t -= ((t % 60) + 60) % 60; // Truncate(time.Minute), in absolute time
      }
      t += 60;
      l = zone.local(t);
      if (l.minute === 0) continue wrap;
    }
    while (l.second !== 0) {
      added = true;
      t += 1;
      l = zone.local(t);
      if (l.second === 0) continue wrap;
    }
    return t;
  }
}
