// IANA time zones for cron schedules, from the ICU time-zone data Node.js ships (Intl), with the two
// operations robfig/cron's Next needs of Go's time package: the local clock of an instant
// (time.Time.In(loc)) and the instant of a local clock reading (time.Date, including Go's choice for a
// local time that a DST change skips or repeats: time/time.go Date looks the offset up at the local
// reading taken as UTC, then again at the resulting instant, and uses the second offset).

import { civilFromDays, daysFromCivil, weekdayOfDays } from '../../engine/wall-clock.js';

export interface LocalTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** 0 = Sunday */
  readonly weekday: number;
}

/** UTC offsets of one zone, memoised per 15-minute bucket whose two ends agree. */
export class TimeZone {
  private readonly format: Intl.DateTimeFormat | null;
  private readonly buckets = new Map<number, number>();

  private constructor(readonly name: string) {
    this.format =
      name === 'UTC'
        ? null
        : new Intl.DateTimeFormat('en-US', {
            timeZone: name,
            hourCycle: 'h23',
            year: 'numeric',
            month: 'numeric',
            day: 'numeric',
            hour: 'numeric',
            minute: 'numeric',
            second: 'numeric',
            era: 'short',
          });
  }

  private static readonly cache = new Map<string, TimeZone>();

  /**
   * time.LoadLocation: "" and "UTC" are UTC; otherwise an IANA name (case as written; each element of
   * letters, digits, '.', '-', '_', '+', at most 14 long, as the API's validateTimeZone checks).
   * Returns null for an unknown zone.
   */
  static load(name: string): TimeZone | null {
    const key = name === '' ? 'UTC' : name;
    const hit = TimeZone.cache.get(key);
    if (hit !== undefined) return hit;
    if (key !== 'UTC' && !validZoneName(key)) return null;
    let zone: TimeZone;
    try {
      zone = new TimeZone(key);
    } catch {
      return null;
    }
    // Go reads zoneinfo files by name, case-sensitively; ICU matches names in any case.
    const resolved = zone.format?.resolvedOptions().timeZone ?? 'UTC';
    if (resolved !== key && resolved.toLowerCase() === key.toLowerCase()) return null;
    TimeZone.cache.set(key, zone);
    return zone;
  }

  /** Seconds east of UTC at a Unix second. */
  offsetAt(unixS: number): number {
    if (this.format === null) return 0;
    const bucket = Math.floor(unixS / 900);
    const hit = this.buckets.get(bucket);
    if (hit !== undefined) return hit;
    const start = this.rawOffset(bucket * 900);
    const end = this.rawOffset(bucket * 900 + 899);
    if (start === end) {
      this.buckets.set(bucket, start);
      return start;
    }
    return this.rawOffset(unixS);
  }

  /** The local clock at a Unix second. */
  local(unixS: number): LocalTime {
    const local = unixS + this.offsetAt(unixS);
    const days = Math.floor(local / 86_400);
    const sod = local - days * 86_400;
    const c = civilFromDays(days);
    return {
      year: c.year,
      month: c.month,
      day: c.day,
      hour: Math.floor(sod / 3600),
      minute: Math.floor(sod / 60) % 60,
      second: sod % 60,
      weekday: weekdayOfDays(days),
    };
  }

  /** time.Date(year, month, day, hour, minute, second, 0, loc) as a Unix second; fields may overflow. */
  date(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
    const asUtc = daysFromCivil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second;
    return asUtc - this.offsetAt(asUtc - this.offsetAt(asUtc));
  }

  private rawOffset(unixS: number): number {
    const parts = (this.format as Intl.DateTimeFormat).formatToParts(unixS * 1000);
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
    const bc = parts.find((p) => p.type === 'era')?.value === 'BC';
    const year = bc ? 1 - get('year') : get('year');
    const asUtc =
      daysFromCivil(year, get('month'), get('day')) * 86_400 +
      get('hour') * 3600 +
      get('minute') * 60 +
      get('second');
    return asUtc - unixS;
  }
}

const ZONE_ELEMENT = /^[A-Za-z.\-_0-9+]{1,14}$/;

function validZoneName(name: string): boolean {
  if (name.toLowerCase() === 'local') return false;
  return name
    .split('/')
    .every((el) => ZONE_ELEMENT.test(el) && el !== '.' && el !== '..' && !el.startsWith('-'));
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Go's scheduledTime.In(loc).Format(time.RFC3339): "2025-03-09T01:30:00-05:00" ("Z" in UTC). */
export function formatRfc3339Zoned(unixS: number, zone: TimeZone | null): string {
  const z = zone ?? (TimeZone.load('UTC') as TimeZone);
  const l = z.local(unixS);
  const off = z.offsetAt(unixS);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  const suffix = off === 0 ? 'Z' : `${sign}${pad(Math.floor(abs / 3600))}:${pad(Math.floor(abs / 60) % 60)}`;
  return `${pad(l.year, 4)}-${pad(l.month)}-${pad(l.day)}T${pad(l.hour)}:${pad(l.minute)}:${pad(l.second)}${suffix}`;
}
