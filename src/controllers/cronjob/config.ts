// The CronJob controller's constants (pkg/controller/cronjob): the requeue padding and the missed-start
// limit live with the decision functions in utils.ts; the Job annotation is batch/v1's.

/**
 * batch/v1 CronJobScheduledTimestampAnnotation: the scheduled time in the CronJob's zone, RFC 3339.
 * Written under feature gate CronJobsScheduledAnnotation (beta and on by default from 1.28, GA in 1.32).
 */
export const SCHEDULED_TIMESTAMP_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';
