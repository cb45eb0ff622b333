// Scheduler events: the scheduling loop's next cycle, the end of one binding (API call done), and the
// queue's periodic flushes (backoffQ every 1 s, unschedulablePods every 30 s; scheduler.md §6).

export type SchedulerEvent =
  | { readonly kind: 'SchedulingCycle' }
  | { readonly kind: 'PodBindingDone'; readonly pod: string; readonly uid: string; readonly node: string }
  | { readonly kind: 'SchedulerBackoffFlush' }
  | { readonly kind: 'SchedulerUnschedulableFlush' };
