// PrioritySort (pkg/scheduler/framework/plugins/queuesort/priority_sort.go): the activeQ order. Higher
// spec.priority first; equal priority: the pod queued earlier (QueuedPodInfo.Timestamp) first.

import type { QueuedPodView, QueueSortPlugin } from '../../framework.js';
import { definePlugin, noArgs } from '../types.js';

export const name = 'PrioritySort';
export const argsSchema = noArgs;

export function less(a: QueuedPodView, b: QueuedPodView): boolean {
  const pa = a.pod.spec.priority;
  const pb = b.pod.spec.priority;
  return pa > pb || (pa === pb && a.timestampUs < b.timestampUs);
}

export default definePlugin({
  name,
  points: ['queueSort'],
  argsSchema,
  create: () => ({ name, less }) satisfies QueueSortPlugin,
});
