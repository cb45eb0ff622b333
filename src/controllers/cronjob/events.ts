// The CronJob controller's events: its work queue handing a CronJob to a worker (queue.Add), and a
// delayed re-queue coming due (queue.AddAfter at the next schedule time + 100 ms). Lane Controller.

export type CronJobEvent =
  | { readonly kind: 'CronJobSync'; readonly key: string }
  | { readonly kind: 'CronJobRequeue'; readonly key: string };
