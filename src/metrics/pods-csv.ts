// pods.csv (interfaces.md §3): one row per pod that existed, in creation order, every known time filled.

import { csvField } from '../engine/csv.js';
import { formatTimeS } from '../engine/time.js';
import type { Pod } from '../model/types.js';

export const PODS_HEADER = [
  'pod',
  'owner',
  'created_s',
  'scheduled_s',
  'node',
  'started_s',
  'finished_s',
  'deleted_s',
  'scheduling_attempts',
  'end_reason',
] as const;

const t = (us: number | null) => (us === null ? '' : formatTimeS(us));

/** The reason a pod's row ends with: its end reason, or its state at the end of the run. */
export function endReasonOf(pod: Pod): string {
  if (pod.endReason !== null) return pod.endReason;
  if (pod.phase === 'Running') return 'Running';
  return pod.nodeName === null ? 'Pending' : 'Starting';
}

export function podRow(pod: Pod): string {
  const owner = pod.owner ? `${pod.owner.kind}/${pod.owner.name}` : '';
  return (
    `${csvField(pod.key)},${csvField(owner)},${t(pod.createdUs)},${t(pod.scheduledUs)},${csvField(pod.nodeName ?? '')},` +
    `${t(pod.startedUs)},${t(pod.finishedUs)},${t(pod.deletionUs ?? pod.removedUs)},${pod.schedulingAttempts},${csvField(endReasonOf(pod))}\n`
  );
}
