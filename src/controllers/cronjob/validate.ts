// The API server's validation of a CronJob (pkg/apis/batch/validation/validation.go ValidateCronJob*):
// the name fits a Job name with its 11-character suffix (at most 52 characters), the schedule parses
// (cron.ParseStandard's message) and holds no TZ= / CRON_TZ= (validateScheduleFormat), timeZone is a
// loadable IANA name and not "Local" (validateTimeZone), startingDeadlineSeconds and the history limits
// are not negative, and the job template is a valid Job spec.

import {
  type ErrorList,
  invalid,
  type ObjectMetaInput,
  type ValidationOptions,
  validateJob,
} from '../../model/validation/index.js';
import { parseStandard } from './schedule.js';
import { TimeZone } from './zone.js';

/** validation.go: a CronJob name leaves room for the Job name's "-<minutes since epoch>" suffix. */
export const CRONJOB_NAME_MAX = 52;

export interface CronJobInput {
  readonly metadata: ObjectMetaInput;
  readonly spec: {
    readonly schedule: string;
    readonly timeZone?: string | undefined;
    readonly startingDeadlineSeconds?: number | undefined;
    readonly successfulJobsHistoryLimit?: number | undefined;
    readonly failedJobsHistoryLimit?: number | undefined;
    readonly jobTemplate: { readonly metadata?: ObjectMetaInput | undefined; readonly spec: unknown };
  };
}

export function validateCronJob(cj: CronJobInput, opts: ValidationOptions): ErrorList {
  const s = cj.spec;
  const name = cj.metadata.name ?? '';
  const job = {
    metadata: { ...(s.jobTemplate.metadata ?? {}), name: `${name}-1`, namespace: cj.metadata.namespace },
  };
  const errs: ErrorList = validateJob({ ...job, spec: s.jobTemplate.spec } as never, opts)
    .filter((e) => e.path[0] !== 'metadata' || e.path[1] !== 'name')
    .map((e) => ({ ...e, path: ['spec', 'jobTemplate', ...e.path] }));
  if (name.length > CRONJOB_NAME_MAX)
    errs.unshift(invalid(['metadata', 'name'], name, `must be no more than ${CRONJOB_NAME_MAX} characters`));
  const parsed = parseStandard(s.schedule);
  if ('error' in parsed) errs.push(invalid(['spec', 'schedule'], s.schedule, parsed.error));
  if (s.schedule.includes('TZ'))
    errs.push(
      invalid(
        ['spec', 'schedule'],
        s.schedule,
        'cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
      ),
    );
  if (s.timeZone !== undefined) errs.push(...validateTimeZone(s.timeZone));
  for (const field of [
    'startingDeadlineSeconds',
    'successfulJobsHistoryLimit',
    'failedJobsHistoryLimit',
  ] as const) {
    const v = s[field];
    if (v !== undefined && v < 0)
      errs.push(invalid(['spec', field], v, 'must be greater than or equal to 0'));
  }
  return errs;
}

function validateTimeZone(tz: string): ErrorList {
  const path = ['spec', 'timeZone'];
  if (tz === '') return [invalid(path, tz, 'timeZone must be nil or non-empty string')];
  const errs: ErrorList = [];
  if (tz.toLowerCase() === 'local')
    errs.push(
      invalid(
        path,
        tz,
        'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones',
      ),
    );
  else if (TimeZone.load(tz) === null) errs.push(invalid(path, tz, `unknown time zone ${tz}`));
  return errs;
}
