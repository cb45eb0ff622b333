// Events of the workload timeline (timeline.ts): the next arrival of an arrival stream is due, or a
// timed operation is due.

export type WorkloadTimelineEvent =
  | { readonly kind: 'ArrivalDue'; readonly arrival: number }
  | { readonly kind: 'OperationDue'; readonly operation: number };
