// pkg/controller/cronjob/utils.go, as pure functions over Unix seconds: which scheduled time a sync
// should start (mostRecentScheduleTime, nextScheduleTime), when to look again (nextScheduleTimeDuration,
// 100 ms after the next schedule: nextScheduleDelta), the Job's name (<cronjob>-<scheduled minute since
// the Unix epoch>, getJobName) and the order in which finished Jobs are cleaned up (byJobStartTime).

import { type CronSchedule, nextAfter } from './schedule.js';

/** cronjob_controllerv2.go nextScheduleDelta: requeues land 100 ms after the scheduled time (NTP skew). */
export const NEXT_SCHEDULE_DELTA_US = 100_000;
/** utils.go: more than 100 missed start times is "many" (TooManyMissedTimes). */
export const MANY_MISSED = 100;

export type MissedSchedules = 'none' | 'few' | 'many';

export interface ScheduleView {
  /** metadata.creationTimestamp, whole Unix seconds. */
  readonly createdS: number;
  /** status.lastScheduleTime, whole Unix seconds, or null. */
  readonly lastScheduleS: number | null;
  readonly startingDeadlineSeconds: number | null;
}

export interface MostRecent {
  readonly earliestS: number;
  readonly mostRecentS: number | null;
  readonly missed: MissedSchedules;
  readonly error: string | null;
}

/** Schedule.Next for the next look: a schedule that never fires again is never looked at again. */
function next(s: CronSchedule, afterS: number): number {
  return nextAfter(s, afterS) ?? Number.POSITIVE_INFINITY;
}

/**
 * Schedule.Next as mostRecentScheduleTime sees it: robfig returns the zero time (year 1, in the past)
 * when nothing fires within five years, and Next of the zero time is the zero time again.
 */
function nextOrZero(s: CronSchedule, afterS: number): number {
  if (!Number.isFinite(afterS)) return Number.NEGATIVE_INFINITY;
  return nextAfter(s, afterS) ?? Number.NEGATIVE_INFINITY;
}

/** utils.go mostRecentScheduleTime; `nowUs` is Unix microseconds. */
export function mostRecentScheduleTime(
  cj: ScheduleView,
  nowUs: number,
  s: CronSchedule,
  includeStartingDeadlineSeconds: boolean,
): MostRecent {
  let earliestS = cj.lastScheduleS ?? cj.createdS;
  if (includeStartingDeadlineSeconds && cj.startingDeadlineSeconds !== null) {
    const deadlineUs = nowUs - cj.startingDeadlineSeconds * 1_000_000;
    if (deadlineUs > earliestS * 1_000_000) earliestS = deadlineUs / 1_000_000;
  }
  const t1 = nextOrZero(s, earliestS);
  const t2 = nextOrZero(s, t1);
  const none = { earliestS, missed: 'none' as const, error: null };
  if (nowUs < t1 * 1_000_000) return { ...none, mostRecentS: null };
  if (nowUs < t2 * 1_000_000) return { ...none, mostRecentS: t1 };
  // A zero time on either side makes the gap negative or undefined: upstream's "less than 1 second".
  const between = t2 - t1;
  if (!(between >= 1 && Number.isFinite(between))) {
    return {
      ...none,
      mostRecentS: null,
      error: 'time difference between two schedules is less than 1 second',
    };
  }
  // utils.go: a rough count of the missed schedules from the gap between the first two, then a walk
  // from two gaps before the estimated last one.
  const elapsedS = Math.trunc(nowUs / 1_000_000 - t1);
  const missedCount = Math.floor(elapsedS / between) + 1;
  let mostRecentS: number | null = null;
  for (let t = next(s, t1 + (missedCount - 2) * between); t * 1_000_000 <= nowUs; t = next(s, t)) {
    mostRecentS = t;
  }
  const missed: MissedSchedules = missedCount > MANY_MISSED ? 'many' : missedCount > 0 ? 'few' : 'none';
  return { earliestS, mostRecentS, missed, error: null };
}

/** utils.go nextScheduleTimeDuration: microseconds from now to the next look. */
export function nextScheduleTimeDurationUs(cj: ScheduleView, nowUs: number, s: CronSchedule): number {
  const r = mostRecentScheduleTime(cj, nowUs, s, false);
  let fromS: number;
  if (r.error !== null) fromS = nowUs / 1_000_000;
  else if (r.mostRecentS !== null) fromS = r.mostRecentS;
  else fromS = r.missed === 'none' ? r.earliestS : nowUs / 1_000_000;
  return next(s, fromS) * 1_000_000 + NEXT_SCHEDULE_DELTA_US - nowUs;
}

/** utils.go getJobName: <cronjob>-<scheduled time in minutes since the Unix epoch>. */
export function jobName(cronJobName: string, scheduledS: number): string {
  return `${cronJobName}-${Math.floor(scheduledS / 60)}`;
}

export interface JobStart {
  readonly name: string;
  /** status.startTime, or null when the Job has not started. */
  readonly startUs: number | null;
}

/** utils.go byJobStartTime: started Jobs first, oldest first, ties by name. */
export function byJobStartTime(a: JobStart, b: JobStart): number {
  if (a.startUs === null && b.startUs !== null) return 1;
  if (a.startUs !== null && b.startUs === null) return -1;
  if (a.startUs === b.startUs) return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  return (a.startUs as number) - (b.startUs as number);
}
