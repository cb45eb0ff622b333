// Upstream vectors: kubernetes/kubernetes pkg/controller/cronjob/cronjob_controllerv2_test.go, replayed
// against the CronJob controller's pure plans (src/controllers/cronjob/sync.ts planSync / planCleanup /
// updateRequeue, and controller.ts jobsToBeReconciled). Facts only: each row's inputs (spec, status, the Job, now) and expectations (Job
// created / deleted, Events and how many are Warnings, requeue delay, whether status is written).
//
// How upstream's fakes map onto kubesim: the fake job control's GetJob answers the row's Job (the API
// server, which kubesim's store is); its CreateJob error AlreadyExists is a Job of the scheduled name that
// exists already; upstream re-reads the CronJob from the API when the lister shows an unexpected Job
// (fakeCJControl), kubesim's store is that API copy, so the row's cronjob carries the API copy's
// status.active. upstream asserts expectActive only when cjc.Updates holds the write, which syncCronJob
// alone never makes; the active count is asserted here anyway, from the same rules.
//
// Not replayable (named in the table below with the reason):
// - "never ran, is time in zone, but TZ is also set in schedule": kubesim refuses `TZ=` in a schedule at
//   load, as the API server does (pkg/apis/batch/validation: "cannot use both timeZone field and TZ or
//   CRON_TZ in schedule"), so the controller's UnsupportedSchedule path is unreachable;
// - "still active, is time, get job failed, R": kubesim's API never fails a GET;
// - "do nothing if the namespace is terminating": kubesim has no namespace lifecycle.
import { describe, expect, it } from 'vitest';
import { jobsToBeReconciled } from '../../src/controllers/cronjob/controller.js';
import {
  type ChildJob,
  CRONJOB_EVENT_TYPES,
  type CronJobView,
  cronJobGates,
  type GetJob,
  planCleanup,
  planSync,
  type SyncPlan,
  updateRequeue,
} from '../../src/controllers/cronjob/sync.js';
import { jobName, NEXT_SCHEDULE_DELTA_US } from '../../src/controllers/cronjob/utils.js';
import { formatRfc3339Zoned } from '../../src/controllers/cronjob/zone.js';
import { parseRfc3339Us } from '../../src/engine/wall-clock.js';
import type { ConcurrencyPolicy, Job } from '../../src/workloads/objects.js';
import { WorkloadStore } from '../../src/workloads/store.js';

const US = 1_000_000;
const MIN = 60 * US;
const HOUR = 60 * MIN;
const at = (t: string) => parseRfc3339Us(t) as number;
const topOfTheHour = at('2016-05-19T10:00:00Z');
const justAfterThePriorHour = at('2016-05-19T09:01:00Z');
const justBeforeThePriorHour = at('2016-05-19T08:59:00Z');
const justAfterTheHour = at('2016-05-19T10:01:00Z');
const justBeforeTheHour = at('2016-05-19T09:59:00Z');
const justBeforeTheNextHour = at('2016-05-19T10:59:00Z');
const weekAfterTheHour = at('2016-05-26T10:00:00Z');
const justASecondBeforeTheHour = at('2016-05-19T09:59:59Z');

const shortDead = 10;
const mediumDead = 2 * 60 * 60;
const longDead = 1_000_000;
const errorSchedule = 'obvious error schedule';
const onTheHour = '0 * * * ?';
const everyHour = '@every 1h';
const D = NEXT_SCHEDULE_DELTA_US;
const gates = cronJobGates(34);

interface Row {
  concurrencyPolicy: ConcurrencyPolicy;
  suspend?: boolean;
  schedule: string;
  timeZone?: string;
  deadline?: number;
  ranPreviously?: boolean;
  stillActive?: boolean;
  cronjobCreationTime?: number;
  jobCreationTime: number;
  lastScheduleTime?: number;
  now: number;
  /** jobCreateError AlreadyExists: a Job of the scheduled name exists (ours). */
  alreadyExists?: boolean;
  expectCreate?: boolean;
  expectDelete?: boolean;
  expectActive?: number;
  expectedWarnings?: number;
  expectedRequeueDuration?: number;
  expectUpdateStatus?: boolean;
  jobStillNotFoundInLister?: boolean;
}

const us = (t: number) => Math.floor(t / US);

function replay(name: string, tc: Row): { plan: SyncPlan; job: ChildJob | null } {
  let createdUs = tc.cronjobCreationTime ?? justBeforeTheHour;
  let lastScheduleS: number | null = null;
  let job: ChildJob | null = null;
  let active: { name: string; uid: string }[] = [];
  if (tc.ranPreviously) {
    createdUs = tc.cronjobCreationTime ?? justBeforeThePriorHour;
    lastScheduleS = us(tc.lastScheduleTime ?? justAfterThePriorHour);
    // getJobFromTemplate2(cj, jobCreationTime): named after that time, created at it; uid 1234.
    const jname = jobName('mycronjob', us(tc.jobCreationTime));
    if (tc.stillActive) {
      job = { name: jname, uid: '1234', finished: null, completionS: null, startUs: null };
      active = [{ name: jname, uid: '1234' }];
    } else {
      job = {
        name: jname,
        uid: '1234',
        finished: 'Complete',
        completionS: us(tc.jobCreationTime) + 10,
        startUs: null,
      };
    }
  } else if (tc.stillActive) throw new Error(`${name}: test setup error: this case makes no sense`);
  const cj: CronJobView = {
    name: 'mycronjob',
    uid: '1a2b3c',
    schedule: tc.schedule,
    timeZone: tc.timeZone ?? null,
    concurrencyPolicy: tc.concurrencyPolicy,
    suspend: tc.suspend ?? false,
    startingDeadlineSeconds: tc.deadline ?? null,
    successfulJobsHistoryLimit: 3,
    failedJobsHistoryLimit: 1,
    deleting: false,
    createdS: us(createdUs),
    status: { active, lastScheduleS, lastSuccessfulS: null },
  };
  const lister = job === null || tc.jobStillNotFoundInLister ? [] : [job];
  const existing = job;
  const getJob: GetJob = (n) => {
    if (existing !== null && (n === existing.name || tc.alreadyExists))
      return { uid: existing.uid, controlledByUs: true };
    return undefined;
  };
  return { plan: planSync(cj, lister, tc.now, getJob, gates), job };
}

const rows: Record<string, Row> = {
  'never ran, not valid schedule, A': {
    concurrencyPolicy: 'Allow',
    schedule: errorSchedule,
    jobCreationTime: justAfterThePriorHour,
    now: justBeforeTheHour,
    expectedWarnings: 1,
  },
  'never ran, not valid schedule, F': {
    concurrencyPolicy: 'Forbid',
    schedule: errorSchedule,
    jobCreationTime: justAfterThePriorHour,
    now: justBeforeTheHour,
    expectedWarnings: 1,
  },
  'never ran, not valid schedule, R': {
    concurrencyPolicy: 'Forbid',
    schedule: errorSchedule,
    jobCreationTime: justAfterThePriorHour,
    now: justBeforeTheHour,
    expectedWarnings: 1,
  },
  'never ran, not valid time zone': {
    concurrencyPolicy: 'Allow',
    schedule: onTheHour,
    timeZone: 'bad timezone',
    jobCreationTime: justAfterThePriorHour,
    now: justBeforeTheHour,
    expectedWarnings: 1,
  },
  ...byPolicy('never ran, not time', {
    schedule: onTheHour,
    jobCreationTime: justAfterThePriorHour,
    now: justBeforeTheHour,
    expectedRequeueDuration: MIN + D,
  }),
  'never ran, not time in zone': {
    concurrencyPolicy: 'Allow',
    schedule: onTheHour,
    timeZone: 'America/New_York',
    jobCreationTime: justAfterThePriorHour,
    now: justBeforeTheHour,
    expectedRequeueDuration: MIN + D,
  },
  ...byPolicy('never ran, is time', {
    schedule: onTheHour,
    jobCreationTime: justAfterThePriorHour,
    now: justAfterTheHour,
    expectCreate: true,
    expectActive: 1,
    expectedRequeueDuration: HOUR - MIN + D,
    expectUpdateStatus: true,
  }),
  // time.ParseInLocation of a "Z" time is the same instant: 10:01 UTC, 06:01 EDT.
  'never ran, is time in zone, but time zone disabled': {
    concurrencyPolicy: 'Allow',
    schedule: onTheHour,
    timeZone: 'America/New_York',
    jobCreationTime: justAfterThePriorHour,
    now: justAfterTheHour,
    expectCreate: true,
    expectActive: 1,
    expectedRequeueDuration: HOUR - MIN + D,
    expectUpdateStatus: true,
  },
  'never ran, is time in zone': {
    concurrencyPolicy: 'Allow',
    schedule: onTheHour,
    timeZone: 'America/New_York',
    jobCreationTime: justAfterThePriorHour,
    now: justAfterTheHour,
    expectCreate: true,
    expectActive: 1,
    expectedRequeueDuration: HOUR - MIN + D,
    expectUpdateStatus: true,
  },
  'never ran, is time, suspended': {
    concurrencyPolicy: 'Allow',
    suspend: true,
    schedule: onTheHour,
    jobCreationTime: justAfterThePriorHour,
    now: justAfterTheHour,
  },
  'never ran, is time, past deadline': {
    concurrencyPolicy: 'Allow',
    schedule: onTheHour,
    deadline: shortDead,
    jobCreationTime: justAfterThePriorHour,
    now: justAfterTheHour + (shortDead + 1) * MIN,
    expectedRequeueDuration: HOUR - MIN - (shortDead + 1) * MIN + D,
  },
  'never ran, is time, not past deadline': {
    concurrencyPolicy: 'Allow',
    schedule: onTheHour,
    deadline: longDead,
    jobCreationTime: justAfterThePriorHour,
    now: justAfterTheHour,
    expectCreate: true,
    expectActive: 1,
    expectedRequeueDuration: HOUR - MIN + D,
    expectUpdateStatus: true,
  },
  ...byPolicy('prev ran but done, not time', {
    schedule: onTheHour,
    ranPreviously: true,
    jobCreationTime: justAfterThePriorHour,
    now: justBeforeTheHour,
    expectedRequeueDuration: MIN + D,
    expectUpdateStatus: true,
  }),
  ...byPolicy('prev ran but done, is time', {
    schedule: onTheHour,
    ranPreviously: true,
    jobCreationTime: justAfterThePriorHour,
    now: justAfterTheHour,
    expectCreate: true,
    expectActive: 1,
    expectedRequeueDuration: HOUR - MIN + D,
    expectUpdateStatus: true,
  }),
  // The Job of 10:00 exists and is ours but not in status.active: it is recorded there (no POST).
  'prev ran but done, is time, create job failed, A': {
    concurrencyPolicy: 'Allow',
    schedule: onTheHour,
    ranPreviously: true,
    jobCreationTime: justAfterThePriorHour,
    now: justAfterTheHour,
    alreadyExists: true,
    expectActive: 1,
    expectUpdateStatus: true,
  },
  'prev ran but done, is time, job not present in CJ active status, create job failed, A': {
    concurrencyPolicy: 'Allow',
    schedule: onTheHour,
    ranPreviously: true,
    jobCreationTime: justAfterThePriorHour,
    now: justAfterTheHour,
    alreadyExists: true,
    expectActive: 1,
    expectUpdateStatus: true,
  },
  'prev ran but done, is time, suspended': {
    concurrencyPolicy: 'Allow',
    suspend: true,
    schedule: onTheHour,
    ranPreviously: true,
    jobCreationTime: justAfterThePriorHour,
    now: justAfterTheHour,
    expectUpdateStatus: true,
  },
  'prev ran but done, is time, past deadline': {
    concurrencyPolicy: 'Allow',
    schedule: onTheHour,
    deadline: shortDead,
    ranPreviously: true,
    jobCreationTime: justAfterThePriorHour,
    now: justAfterTheHour,
    expectedRequeueDuration: HOUR - MIN + D,
    expectUpdateStatus: true,
  },
  'prev ran but done, is time, not past deadline': {
    concurrencyPolicy: 'Allow',
    schedule: onTheHour,
    deadline: longDead,
    ranPreviously: true,
    jobCreationTime: justAfterThePriorHour,
    now: justAfterTheHour,
    expectCreate: true,
    expectActive: 1,
    expectedRequeueDuration: HOUR - MIN + D,
    expectUpdateStatus: true,
  },
  ...byPolicy('still active, not time', {
    schedule: onTheHour,
    ranPreviously: true,
    stillActive: true,
    jobCreationTime: justAfterThePriorHour,
    now: justBeforeTheHour,
    expectActive: 1,
    expectedRequeueDuration: MIN + D,
  }),
  'still active, is time, A': {
    concurrencyPolicy: 'Allow',
    schedule: onTheHour,
    ranPreviously: true,
    stillActive: true,
    jobCreationTime: justAfterThePriorHour,
    now: justAfterTheHour,
    expectCreate: true,
    expectActive: 2,
    expectedRequeueDuration: HOUR - MIN + D,
    expectUpdateStatus: true,
  },
  'still active, is time, F': {
    concurrencyPolicy: 'Forbid',
    schedule: onTheHour,
    ranPreviously: true,
    stillActive: true,
    jobCreationTime: justAfterThePriorHour,
    now: justAfterTheHour,
    expectActive: 1,
    expectedRequeueDuration: HOUR - MIN + D,
  },
  'still active, is time, R': {
    concurrencyPolicy: 'Replace',
    schedule: onTheHour,
    ranPreviously: true,
    stillActive: true,
    jobCreationTime: justAfterThePriorHour,
    now: justAfterTheHour,
    expectCreate: true,
    expectDelete: true,
    expectActive: 1,
    expectedRequeueDuration: HOUR - MIN + D,
    expectUpdateStatus: true,
  },
  'still active, is time, suspended': {
    concurrencyPolicy: 'Allow',
    suspend: true,
    schedule: onTheHour,
    ranPreviously: true,
    stillActive: true,
    jobCreationTime: justAfterThePriorHour,
    now: justAfterTheHour,
    expectActive: 1,
  },
  'still active, is time, past deadline': {
    concurrencyPolicy: 'Allow',
    schedule: onTheHour,
    deadline: shortDead,
    ranPreviously: true,
    stillActive: true,
    jobCreationTime: justAfterThePriorHour,
    now: justAfterTheHour,
    expectActive: 1,
    expectedRequeueDuration: HOUR - MIN + D,
  },
  'still active, is time, not past deadline': {
    concurrencyPolicy: 'Allow',
    schedule: onTheHour,
    deadline: longDead,
    ranPreviously: true,
    stillActive: true,
    jobCreationTime: justAfterThePriorHour,
    now: justAfterTheHour,
    expectCreate: true,
    expectActive: 2,
    expectedRequeueDuration: HOUR - MIN + D,
    expectUpdateStatus: true,
  },
  // Too many missed start times (no deadline or a too long one): a warning, and the latest still starts.
  ...byPolicy('prev ran but done, long overdue, not past deadline', {
    schedule: onTheHour,
    deadline: longDead,
    ranPreviously: true,
    jobCreationTime: justAfterThePriorHour,
    now: weekAfterTheHour,
    expectCreate: true,
    expectActive: 1,
    expectedWarnings: 1,
    expectedRequeueDuration: HOUR + D,
    expectUpdateStatus: true,
  }),
  ...byPolicy('prev ran but done, long overdue, no deadline', {
    schedule: onTheHour,
    ranPreviously: true,
    jobCreationTime: justAfterThePriorHour,
    now: weekAfterTheHour,
    expectCreate: true,
    expectActive: 1,
    expectedWarnings: 1,
    expectedRequeueDuration: HOUR + D,
    expectUpdateStatus: true,
  }),
  ...byPolicy('prev ran but done, long overdue, past medium deadline', {
    schedule: onTheHour,
    deadline: mediumDead,
    ranPreviously: true,
    jobCreationTime: justAfterThePriorHour,
    now: weekAfterTheHour,
    expectCreate: true,
    expectActive: 1,
    expectedRequeueDuration: HOUR + D,
    expectUpdateStatus: true,
  }),
  ...byPolicy('prev ran but done, long overdue, past short deadline', {
    schedule: onTheHour,
    deadline: shortDead,
    ranPreviously: true,
    jobCreationTime: justAfterThePriorHour,
    now: weekAfterTheHour,
    expectCreate: true,
    expectActive: 1,
    expectedRequeueDuration: HOUR + D,
    expectUpdateStatus: true,
  }),
  // Time skew: the Job of a later hour exists, the controller takes no action.
  'this ran but done, time drifted back, F': {
    concurrencyPolicy: 'Forbid',
    schedule: onTheHour,
    ranPreviously: true,
    jobCreationTime: justAfterTheHour,
    now: justBeforeTheHour,
    alreadyExists: true,
    expectedRequeueDuration: MIN + D,
    expectUpdateStatus: true,
  },
  // A slow job lister: the active Job is not listed but the API has it, so it stays active.
  ...byPolicy(
    'this started but went missing, not past deadline',
    {
      schedule: onTheHour,
      deadline: longDead,
      ranPreviously: true,
      stillActive: true,
      jobCreationTime: topOfTheHour + 100_000,
      now: justAfterTheHour + 100_000,
      expectActive: 1,
      expectedRequeueDuration: HOUR - MIN - 100_000 + D,
      jobStillNotFoundInLister: true,
    },
    'f',
  ),
  // A slow cronjob lister: upstream re-reads the CronJob and finds the Job active in that copy.
  ...byPolicy(
    'this started but is not present in cronjob active list, not past deadline',
    {
      schedule: onTheHour,
      deadline: longDead,
      ranPreviously: true,
      stillActive: true,
      jobCreationTime: topOfTheHour + 100_000,
      now: justAfterTheHour + 100_000,
      expectActive: 1,
      expectedRequeueDuration: HOUR - MIN - 100_000 + D,
    },
    'f',
  ),
  'with @every schedule, never ran, not time': {
    concurrencyPolicy: 'Allow',
    schedule: everyHour,
    cronjobCreationTime: justBeforeTheHour,
    jobCreationTime: justBeforeTheHour,
    now: topOfTheHour,
    expectedRequeueDuration: HOUR - MIN + D,
  },
  'with @every schedule, never ran, is time': {
    concurrencyPolicy: 'Allow',
    schedule: everyHour,
    cronjobCreationTime: justBeforeThePriorHour,
    jobCreationTime: justBeforeThePriorHour,
    now: justBeforeTheHour,
    expectedRequeueDuration: HOUR + D,
    expectCreate: true,
    expectActive: 1,
    expectUpdateStatus: true,
  },
  'with @every schedule, never ran, is time, past deadline': {
    concurrencyPolicy: 'Allow',
    schedule: everyHour,
    deadline: shortDead,
    cronjobCreationTime: justBeforeThePriorHour,
    jobCreationTime: justBeforeThePriorHour,
    now: justBeforeTheHour + (shortDead + 1) * US,
    expectedRequeueDuration: HOUR - (shortDead + 1) * US + D,
  },
  'with @every schedule, never ran, is time, not past deadline': {
    concurrencyPolicy: 'Allow',
    schedule: everyHour,
    deadline: longDead,
    cronjobCreationTime: justBeforeThePriorHour,
    jobCreationTime: justBeforeThePriorHour,
    now: justBeforeTheHour + (shortDead - 1) * US,
    expectCreate: true,
    expectActive: 1,
    expectedRequeueDuration: HOUR - (shortDead - 1) * US + D,
    expectUpdateStatus: true,
  },
  'with @every schedule, prev ran but done, not time': {
    concurrencyPolicy: 'Allow',
    schedule: everyHour,
    ranPreviously: true,
    cronjobCreationTime: justBeforeThePriorHour,
    jobCreationTime: justBeforeThePriorHour,
    lastScheduleTime: justBeforeTheHour,
    now: topOfTheHour,
    expectedRequeueDuration: HOUR - MIN + D,
    expectUpdateStatus: true,
  },
  'with @every schedule, prev ran but done, is time': {
    concurrencyPolicy: 'Allow',
    schedule: everyHour,
    ranPreviously: true,
    cronjobCreationTime: justBeforeThePriorHour,
    jobCreationTime: justBeforeThePriorHour,
    lastScheduleTime: justBeforeTheHour,
    now: topOfTheHour + HOUR,
    expectCreate: true,
    expectActive: 1,
    expectedRequeueDuration: HOUR - MIN + D,
    expectUpdateStatus: true,
  },
  'with @every schedule, prev ran but done, is time, past deadline': {
    concurrencyPolicy: 'Allow',
    schedule: everyHour,
    deadline: shortDead,
    ranPreviously: true,
    cronjobCreationTime: justBeforeThePriorHour,
    jobCreationTime: justBeforeThePriorHour,
    lastScheduleTime: justBeforeTheHour,
    now: justBeforeTheNextHour + (shortDead + 1) * US,
    expectedRequeueDuration: HOUR - (shortDead + 1) * US + D,
    expectUpdateStatus: true,
  },
  // Upstream keeps "with @every schedule, prev ran but done, is time, not past deadline" commented out
  // (startingDeadlineSeconds moves the base @every counts from); there is nothing to replay.
  'with @every schedule, still active, not time': {
    concurrencyPolicy: 'Allow',
    schedule: everyHour,
    ranPreviously: true,
    stillActive: true,
    cronjobCreationTime: justBeforeThePriorHour,
    jobCreationTime: justBeforeTheHour,
    lastScheduleTime: justBeforeTheHour,
    now: topOfTheHour,
    expectActive: 1,
    expectedRequeueDuration: HOUR - MIN + D,
  },
  'with @every schedule, still active, is time': {
    concurrencyPolicy: 'Allow',
    schedule: everyHour,
    ranPreviously: true,
    stillActive: true,
    cronjobCreationTime: justBeforeThePriorHour,
    jobCreationTime: justBeforeThePriorHour,
    lastScheduleTime: justBeforeThePriorHour,
    now: justAfterTheHour,
    expectCreate: true,
    expectActive: 2,
    expectedRequeueDuration: HOUR - 2 * MIN + D,
    expectUpdateStatus: true,
  },
  'with @every schedule, still active, is time, past deadline': {
    concurrencyPolicy: 'Allow',
    schedule: everyHour,
    deadline: shortDead,
    ranPreviously: true,
    stillActive: true,
    cronjobCreationTime: justBeforeThePriorHour,
    jobCreationTime: justBeforeTheHour,
    lastScheduleTime: justBeforeTheHour,
    now: justBeforeTheNextHour + (shortDead + 1) * US,
    expectActive: 1,
    expectedRequeueDuration: HOUR - (shortDead + 1) * US + D,
  },
  'with @every schedule, still active, is time, not past deadline': {
    concurrencyPolicy: 'Allow',
    schedule: everyHour,
    deadline: longDead,
    ranPreviously: true,
    stillActive: true,
    cronjobCreationTime: justBeforeThePriorHour,
    jobCreationTime: justBeforeTheHour,
    lastScheduleTime: justBeforeTheHour,
    now: justBeforeTheNextHour + (shortDead - 1) * US,
    expectCreate: true,
    expectActive: 2,
    expectedRequeueDuration: HOUR - (shortDead - 1) * US + D,
    expectUpdateStatus: true,
  },
  'with @every schedule, prev ran but done, long overdue, no deadline': {
    concurrencyPolicy: 'Allow',
    schedule: everyHour,
    ranPreviously: true,
    cronjobCreationTime: justAfterThePriorHour,
    lastScheduleTime: justAfterTheHour,
    jobCreationTime: justAfterThePriorHour,
    now: weekAfterTheHour,
    expectCreate: true,
    expectActive: 1,
    expectedWarnings: 1,
    expectedRequeueDuration: MIN + D,
    expectUpdateStatus: true,
  },
  'with @every schedule, prev ran but done, long overdue, past deadline': {
    concurrencyPolicy: 'Allow',
    schedule: everyHour,
    deadline: shortDead,
    ranPreviously: true,
    cronjobCreationTime: justAfterThePriorHour,
    lastScheduleTime: justAfterTheHour,
    jobCreationTime: justAfterThePriorHour,
    now: weekAfterTheHour + MIN + (shortDead + 1) * US,
    // Upstream writes expectActive 1 here, which its harness never asserts: the Job is done and none is
    // created, so nothing is active.
    expectActive: 0,
    expectedRequeueDuration: HOUR - (shortDead + 1) * US + D,
    expectUpdateStatus: true,
  },
};

/** Upstream's A / F / R triplets: one row per concurrency policy. */
function byPolicy(
  prefix: string,
  row: Omit<Row, 'concurrencyPolicy'>,
  forbidLetter = 'F',
): Record<string, Row> {
  return {
    [`${prefix}, A`]: { ...row, concurrencyPolicy: 'Allow' },
    [`${prefix}, ${forbidLetter}`]: { ...row, concurrencyPolicy: 'Forbid' },
    [`${prefix}, R`]: { ...row, concurrencyPolicy: 'Replace' },
  };
}

describe('cronjob_controllerv2_test.go TestControllerV2SyncCronJob', () => {
  for (const [name, tc] of Object.entries(rows)) {
    it(name, () => {
      const { plan, job } = replay(name, tc);
      const creates = plan.steps.filter((s) => s.op === 'create');
      const deletes = plan.steps.filter((s) => s.op === 'delete');
      const events = plan.steps.flatMap((s) => (s.op === 'event' ? [s] : []));
      expect(creates.length).toBe(tc.expectCreate ? 1 : 0);
      expect(deletes.length).toBe(tc.expectDelete ? 1 : 0);
      if (tc.expectedRequeueDuration !== undefined)
        expect(plan.requeueAfterUs).toBe(tc.expectedRequeueDuration);
      expect(plan.updateStatus).toBe(tc.expectUpdateStatus ?? false);
      expect(plan.status.active.length + creates.length).toBe(tc.expectActive ?? 0);
      // Events: one per create and delete, JobAlreadyActive in the one Forbid row that skips, and the warnings.
      const warnings = tc.expectedWarnings ?? 0;
      const skip = name === 'still active, is time, F' ? 1 : 0;
      expect(events.length).toBe(creates.length + deletes.length + skip + warnings);
      expect(events.filter((e) => CRONJOB_EVENT_TYPES[e.reason] === 'Warning').length).toBe(warnings);
      if (tc.ranPreviously && !tc.stillActive) {
        expect(plan.status.lastSuccessfulS).toBe(Math.floor(tc.jobCreationTime / US) + 10);
      }
      for (const c of creates) {
        if (c.op === 'create') expect(c.name).toBe(jobName('mycronjob', c.scheduledS));
      }
      if (job !== null && tc.expectDelete)
        expect(deletes[0]).toEqual({ op: 'delete', name: job.name, uid: '1234' });
    });
  }
  it.skip('never ran, is time in zone, but TZ is also set in schedule (not replayable: the API refuses TZ= in a schedule)', () => {});
  it.skip('still active, is time, get job failed, R (not replayable: kubesim API GETs do not fail)', () => {});
  it.skip('do nothing if the namespace is terminating (not replayable: no namespace lifecycle)', () => {});

  it('the Events of a row: reasons and messages as upstream records them', () => {
    const { plan } = replay('still active, is time, R', rows['still active, is time, R'] as Row);
    const j09 = jobName('mycronjob', Math.floor(justAfterThePriorHour / US));
    const j10 = jobName('mycronjob', Math.floor(topOfTheHour / US));
    expect(plan.steps).toEqual([
      { op: 'delete', name: j09, uid: '1234' },
      { op: 'event', reason: 'SuccessfulDelete', message: `Deleted job ${j09}` },
      expect.objectContaining({ op: 'create', name: j10, scheduledS: Math.floor(topOfTheHour / US) }),
      { op: 'event', reason: 'SuccessfulCreate', message: `Created job ${j10}` },
    ]);
    const forbid = replay('still active, is time, F', rows['still active, is time, F'] as Row).plan;
    expect(forbid.steps).toEqual([
      {
        op: 'event',
        reason: 'JobAlreadyActive',
        message: 'Not starting job because prior execution is running and concurrency policy is Forbid',
      },
    ]);
    const tz = replay('never ran, not valid time zone', rows['never ran, not valid time zone'] as Row).plan;
    expect(tz.steps).toEqual([
      {
        op: 'event',
        reason: 'UnknownTimeZone',
        message: 'invalid timeZone: "bad timezone": unknown time zone bad timezone',
      },
    ]);
  });
});

function view(over: Partial<CronJobView>): CronJobView {
  return {
    name: 'mycronjob',
    uid: '1a2b3c',
    schedule: onTheHour,
    timeZone: null,
    concurrencyPolicy: 'Allow',
    suspend: false,
    startingDeadlineSeconds: null,
    successfulJobsHistoryLimit: 3,
    failedJobsHistoryLimit: 1,
    deleting: false,
    createdS: Math.floor(justBeforeTheHour / US),
    status: { active: [], lastScheduleS: null, lastSuccessfulS: null },
    ...over,
  };
}

const done = (name: string, startUs: number | null): ChildJob => ({
  name,
  uid: `uid-${name}`,
  finished: 'Complete',
  completionS: null,
  startUs,
});

describe('cronjob_controllerv2_test.go TestControllerV2CleanupFinishedJobs', () => {
  it("jobs are still deleted when a cronjob can't create jobs due to jobs quota being reached (avoiding a deadlock)", () => {
    // The cleanup runs before, and whatever happens to, the POST (kubesim's POST of a Job cannot fail).
    const cj = view({
      successfulJobsHistoryLimit: 1,
      status: { active: [], lastScheduleS: Math.floor(justAfterThePriorHour / US), lastSuccessfulS: null },
    });
    const jobs = [
      done('finished-job-started-hour-ago', justBeforeThePriorHour),
      done('finished-job-started-minute-ago', justBeforeTheHour),
    ];
    const plan = planCleanup(cj, jobs);
    expect(plan.steps.filter((s) => s.op === 'delete').map((s) => s.op === 'delete' && s.name)).toEqual([
      'finished-job-started-hour-ago',
    ]);
    expect(plan.updateStatus).toBe(true);
  });
  it('jobs are not deleted if history limit not reached', () => {
    const cj = view({ successfulJobsHistoryLimit: 2 });
    const plan = planCleanup(cj, [done('finished-job-started-hour-ago', justBeforeThePriorHour)]);
    expect(plan.steps).toEqual([]);
    expect(plan.updateStatus).toBe(false);
  });
  it('failed Jobs count against failedJobsHistoryLimit, Complete ones against successfulJobsHistoryLimit', () => {
    const failed = (name: string, startUs: number): ChildJob => ({
      ...done(name, startUs),
      finished: 'Failed',
    });
    const running: ChildJob = { ...done('running', 0), finished: null };
    const plan = planCleanup(view({ successfulJobsHistoryLimit: 1, failedJobsHistoryLimit: 1 }), [
      failed('f2', 2 * HOUR),
      done('s1', HOUR),
      failed('f1', HOUR),
      done('s2', 2 * HOUR),
      running,
    ]);
    expect(plan.steps).toEqual([
      { op: 'delete', name: 's1', uid: 'uid-s1' },
      { op: 'event', reason: 'SuccessfulDelete', message: 'Deleted job s1' },
      { op: 'delete', name: 'f1', uid: 'uid-f1' },
      { op: 'event', reason: 'SuccessfulDelete', message: 'Deleted job f1' },
    ]);
  });
});

describe('cronjob_controllerv2_test.go TestControllerV2JobAlreadyExists*', () => {
  // Forbid, @every 1h, last scheduled 08:59, nothing active, now 09:59: the Job of 09:59 exists already.
  const cj = view({
    concurrencyPolicy: 'Forbid',
    schedule: everyHour,
    status: { active: [], lastScheduleS: Math.floor(justBeforeThePriorHour / US), lastSuccessfulS: null },
  });
  const scheduled = jobName('mycronjob', Math.floor(justBeforeTheHour / US));
  it('TestControllerV2JobAlreadyExistsButNotInActiveStatus', () => {
    const plan = planSync(cj, [], justBeforeTheHour, () => ({ uid: '1234', controlledByUs: true }), gates);
    expect(plan.updateStatus).toBe(true);
    expect(plan.status.active).toEqual([{ name: scheduled, uid: '1234' }]);
    expect(plan.steps.filter((s) => s.op === 'create')).toEqual([]);
  });
  it('TestControllerV2JobAlreadyExistsButDifferentOwner', () => {
    const plan = planSync(cj, [], justBeforeTheHour, () => ({ uid: '1234', controlledByUs: false }), gates);
    expect(plan.updateStatus).toBe(false);
    expect(plan.status.active).toEqual([]);
    expect(plan.requeueAfterUs).toBeNull();
  });
});

describe('cronjob_controllerv2_test.go TestControllerV2UpdateCronJob', () => {
  // now = justASecondBeforeTheHour; the CronJobs carry no creationTimestamp (the zero time).
  const zeroS = Math.floor(at('0001-01-01T00:00:00Z') / US);
  const cur = (schedule: string, timeZone: string | null, lastS: number | null) => ({
    schedule,
    timeZone,
    createdS: zeroS,
    startingDeadlineSeconds: null,
    status: { active: [], lastScheduleS: lastS, lastSuccessfulS: null },
  });
  const last = Math.floor(justBeforeTheHour / US);
  const delayOf = (a: ReturnType<typeof updateRequeue>) => (a.kind === 'addAfter' ? a.delayUs : 0);
  const cases: [string, { schedule: string; timeZone: string | null }, ReturnType<typeof cur>, number][] = [
    ['spec.template changed', { schedule: '', timeZone: null }, cur('', null, null), 0],
    [
      'spec.schedule changed',
      { schedule: '30 * * * *', timeZone: null },
      cur('*/1 * * * *', null, last),
      US + D,
    ],
    [
      'spec.schedule with @every changed - cadence decrease',
      { schedule: '@every 1m', timeZone: null },
      cur('@every 3m', null, last),
      2 * MIN + US + D,
    ],
    [
      'spec.schedule with @every changed - cadence increase',
      { schedule: '@every 3m', timeZone: null },
      cur('@every 1m', null, last),
      US + D,
    ],
    [
      'spec.timeZone not changed',
      { schedule: '', timeZone: 'America/New_York' },
      cur('', 'America/New_York', null),
      0,
    ],
    ['spec.timeZone changed', { schedule: '', timeZone: 'America/New_York' }, cur('', null, null), 0],
  ];
  for (const [name, old, next, delayUs] of cases) {
    it(name, () => {
      expect(delayOf(updateRequeue(old, next, justASecondBeforeTheHour))).toBe(delayUs);
    });
  }
  it('the actions behind those delays', () => {
    expect(updateRequeue({ schedule: onTheHour, timeZone: null }, cur(onTheHour, null, null), 0)).toEqual({
      kind: 'add',
    });
    // The new schedule "" does not parse: an Event (reason as in updateCronJob), no requeue.
    expect(
      updateRequeue(
        { schedule: '', timeZone: 'America/New_York' },
        cur('', null, null),
        justASecondBeforeTheHour,
      ),
    ).toEqual({
      kind: 'event',
      reason: 'UnParseableCronJobSchedule',
      message: 'unparseable schedule for cronjob: ',
    });
  });
});

describe('kubesim: lastSuccessfulTime from a Job leaving status.active, by version (PR #122025)', () => {
  const ref = { name: 'mycronjob-1', uid: 'u1' };
  const cj = view({ status: { active: [ref], lastScheduleS: null, lastSuccessfulS: null } });
  const finished: ChildJob = { ...ref, finished: 'Complete', completionS: 1000, startUs: 0 };
  const getJob: GetJob = () => undefined;
  it('1.31 and later: in the same sync', () => {
    const plan = planSync(cj, [finished], justBeforeTheHour, getJob, cronJobGates(31));
    expect([plan.status.active, plan.status.lastSuccessfulS]).toEqual([[], 1000]);
  });
  it('before 1.31: only the SawCompletedJob', () => {
    const plan = planSync(cj, [finished], justBeforeTheHour, getJob, cronJobGates(30));
    expect([plan.status.active, plan.status.lastSuccessfulS]).toEqual([[], null]);
    expect(plan.steps[0]).toEqual({
      op: 'event',
      reason: 'SawCompletedJob',
      message: 'Saw completed job: mycronjob-1, status: Complete',
    });
  });
});

describe('cronjob_controllerv2_test.go TestControllerV2GetJobsToBeReconciled', () => {
  // kubesim's store resolves a controllerRef to its owner's uid (jobsToBeReconciled).
  const cronJob = { uid: 'cj-fooer', name: 'fooer', namespace: 'foo-ns' };
  const job = (namespace: string, name: string, owner: string | null, labels: Record<string, string> = {}) =>
    ({
      kind: 'Job',
      uid: `${namespace}/${name}`,
      namespace,
      name,
      key: `${namespace}/${name}`,
      labels,
      annotations: {},
      owner: owner === null ? null : { kind: 'CronJob', name: owner, uid: `cj-${owner}` },
      createdUs: 0,
      deletionUs: null,
      generation: 1,
    }) as unknown as Job;
  const reconciled = (jobs: Job[]) => {
    const store = new WorkloadStore();
    for (const j of jobs) store.add(j);
    return jobsToBeReconciled(store, cronJob).map((j) => j.name);
  };
  it('test getting jobs in namespace without controller reference', () => {
    expect(
      reconciled([job('foo-ns', 'foo', null), job('foo-ns', 'foo1', null), job('foo-ns', 'foo2', null)]),
    ).toEqual([]);
  });
  it('test getting jobs in namespace with a controller reference', () => {
    expect(
      reconciled([job('foo-ns', 'foo', null), job('foo-ns', 'foo1', 'fooer'), job('foo-ns', 'foo2', null)]),
    ).toEqual(['foo1']);
  });
  it('test getting jobs in other namespaces', () => {
    expect(
      reconciled([job('bar-ns', 'foo', null), job('bar-ns', 'foo1', null), job('bar-ns', 'foo2', null)]),
    ).toEqual([]);
  });
  it('test getting jobs whose labels do not match job template', () => {
    expect(
      reconciled([
        job('foo-ns', 'foo-fooer-owner-ref', 'fooer', { key: 'different-value' }),
        job('foo-ns', 'foo-other-owner-ref', 'another-cronjob', { key: 'different-value' }),
      ]),
    ).toEqual(['foo-fooer-owner-ref']);
  });
});

describe('kubesim: a schedule in spec.timeZone across DST changes (robfig/cron v3 spec.go Next)', () => {
  // robfig walks local time: a local time the clocks skip never runs; a repeated one runs twice
  // (spec_test.go TestNext "2am nightly job (skipped)" / "1am nightly job (runs twice)").
  const ny = (over: Partial<CronJobView>) => view({ timeZone: 'America/New_York', ...over });
  const none: GetJob = () => undefined;
  const S = (t: string) => Math.floor(at(t) / US);
  it('fall back: 01:30 EDT and 01:30 EST both start a Job, an hour apart', () => {
    const cj = ny({ schedule: '30 1 * * *', createdS: S('2026-11-01T00:00:00-04:00') });
    const first = planSync(cj, [], at('2026-11-01T01:30:00-04:00') + D, none, gates);
    const c1 = first.steps.find((x) => x.op === 'create');
    expect(c1).toMatchObject({ op: 'create', scheduledS: S('2026-11-01T05:30:00Z') });
    expect(first.requeueAfterUs).toBe(HOUR);
    const second = planSync(
      ny({ ...cj, status: { ...first.status, active: [] } }),
      [],
      at('2026-11-01T01:30:00-05:00') + D,
      none,
      gates,
    );
    const c2 = second.steps.find((x) => x.op === 'create');
    expect(c2).toMatchObject({ op: 'create', scheduledS: S('2026-11-01T06:30:00Z') });
    expect(second.requeueAfterUs).toBe(24 * HOUR);
    // The Jobs' names differ by the 60 minutes; the scheduled-timestamp annotations by the offset.
    if (c1?.op !== 'create' || c2?.op !== 'create') throw new Error('no create');
    expect([c1.name, c2.name]).toEqual(['mycronjob-29891850', 'mycronjob-29891910']);
    expect([formatRfc3339Zoned(c1.scheduledS, c1.zone), formatRfc3339Zoned(c2.scheduledS, c2.zone)]).toEqual([
      '2026-11-01T01:30:00-04:00',
      '2026-11-01T01:30:00-05:00',
    ]);
  });
  it('spring forward: 02:30 does not happen on 8 March; the next run is 02:30 EDT on the 9th', () => {
    const cj = ny({
      schedule: '30 2 * * *',
      createdS: S('2026-03-01T00:00:00-05:00'),
      status: { active: [], lastScheduleS: S('2026-03-07T02:30:00-05:00'), lastSuccessfulS: null },
    });
    const plan = planSync(cj, [], at('2026-03-08T12:00:00-04:00'), none, gates);
    expect(plan.steps).toEqual([]);
    expect(plan.requeueAfterUs).toBe(at('2026-03-09T02:30:00-04:00') - at('2026-03-08T12:00:00-04:00') + D);
  });
  it('a UTC schedule ignores the change: 30 6 * * * runs 24 h apart across it', () => {
    const cj = view({
      schedule: '30 6 * * *',
      createdS: S('2026-10-31T07:00:00Z'),
      status: { active: [], lastScheduleS: S('2026-10-31T06:30:00Z'), lastSuccessfulS: null },
    });
    const plan = planSync(cj, [], at('2026-11-01T06:30:00Z') + D, none, gates);
    expect(plan.steps.find((x) => x.op === 'create')).toMatchObject({
      scheduledS: S('2026-11-01T06:30:00Z'),
    });
    expect(plan.requeueAfterUs).toBe(24 * HOUR);
  });
});
