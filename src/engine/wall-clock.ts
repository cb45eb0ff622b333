// The wall clock a run maps its virtual time onto: virtual t = 0 is the scenario's spec.startTime (a
// Unix instant). Only calendar-driven components read it (the CronJob controller: cron schedules are
// wall-clock times in a time zone, and Job names carry the scheduled minute since the Unix epoch).
// Civil-date arithmetic is done here on integers (proleptic Gregorian calendar, Howard Hinnant's
// days-from-civil formulas), never with the host's Date, so a run is the same on every machine.

export const US_PER_SECOND = 1_000_000;

/** A fixed, documented default for spec.startTime (docs/cronjob.md): 2025-01-01T00:00:00Z. */
export const DEFAULT_START_TIME = '2025-01-01T00:00:00Z';

export interface WallClock {
  /** Unix time of virtual t = 0, in microseconds. */
  readonly startUnixUs: number;
}

export interface Civil {
  readonly year: number;
  /** 1..12 */
  readonly month: number;
  /** 1..31 */
  readonly day: number;
}

/** Days since 1970-01-01 of a civil date; month and day may overflow (Go's time.Date normalisation). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y0 = year + Math.floor((month - 1) / 12);
  const m = ((((month - 1) % 12) + 12) % 12) + 1;
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5);
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468 + (day - 1);
}

export function civilFromDays(days: number): Civil {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** 0 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOfDays(days: number): number {
  return (((days + 4) % 7) + 7) % 7;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

/** Parses an RFC 3339 timestamp ("2025-03-09T06:00:00Z", "...-05:00") to Unix microseconds, or null. */
export function parseRfc3339Us(text: string): number | null {
  const m = RFC3339.exec(text);
  if (m === null) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  if (civilFromDays(daysFromCivil(year, month, day)).day !== day) return null; // e.g. 02-30
  const zone = m[8] as string;
  let offsetS = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1 : 1;
    offsetS = sign * (Number(zone.slice(1, 3)) * 3600 + Number(zone.slice(4, 6)) * 60);
  }
  const frac = m[7] === undefined ? 0 : Math.floor(Number(`0${m[7]}`) * US_PER_SECOND);
  const unixS = daysFromCivil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offsetS;
  return unixS * US_PER_SECOND + frac;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Go's time.RFC3339 of a Unix second in UTC: 2025-03-09T07:00:00Z. */
export function formatRfc3339Utc(unixS: number): string {
  const days = Math.floor(unixS / 86_400);
  const sod = unixS - days * 86_400;
  const c = civilFromDays(days);
  return `${pad(c.year, 4)}-${pad(c.month)}-${pad(c.day)}T${pad(Math.floor(sod / 3600))}:${pad(Math.floor(sod / 60) % 60)}:${pad(sod % 60)}Z`;
}

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Go's time.RFC1123Z of a Unix second in UTC: "Sun, 09 Mar 2025 07:00:00 +0000". */
export function formatRfc1123zUtc(unixS: number): string {
  const days = Math.floor(unixS / 86_400);
  const sod = unixS - days * 86_400;
  const c = civilFromDays(days);
  const hms = `${pad(Math.floor(sod / 3600))}:${pad(Math.floor(sod / 60) % 60)}:${pad(sod % 60)}`;
  return `${DAY_NAMES[weekdayOfDays(days)]}, ${pad(c.day)} ${MONTH_NAMES[c.month - 1]} ${pad(c.year, 4)} ${hms} +0000`;
}
