// pods.csv (interfaces.md §3): one row per pod that existed, in creation order, every known time filled.

import { csvField, csvLine } from '../engine/csv.js';
import { formatTimeS } from '../engine/time.js';
import type { Node, Pod } from '../model/types.js';
import { pendingUs } from './summary.js';

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
  'zone',
  'pending_s',
  'evictions_refused',
] as const;

const t = (us: number | null) => (us === null ? '' : formatTimeS(us));

/** The reason a pod's row ends with: its end reason, or its state at the end of the run. */
export function endReasonOf(pod: Pod): string {
  if (pod.endReason !== null) return pod.endReason;
  if (pod.phase === 'Running') return 'Running';
  return pod.nodeName === null ? 'Pending' : 'Starting';
}

/**
 * One row. `zone` is the zone key (as in events.csv) of the node the pod was bound to; `pending_s` the
 * time it spent in phase Pending (summary.ts pendingUs), counted to `endUs` for a pod still Pending.
 */
export function podRow(pod: Pod, zoneOf: (node: string) => string, endUs: number): string {
  const owner = pod.owner ? `${pod.owner.kind}/${pod.owner.name}` : '';
  const zone = pod.nodeName === null ? '' : zoneOf(pod.nodeName);
  return (
    `${csvField(pod.key)},${csvField(owner)},${t(pod.createdUs)},${t(pod.scheduledUs)},${csvField(pod.nodeName ?? '')},` +
    `${t(pod.startedUs)},${t(pod.finishedUs)},${t(pod.deletionUs ?? pod.removedUs)},${pod.schedulingAttempts},${csvField(endReasonOf(pod))},` +
    `${csvField(zone)},${t(pendingUs(pod, endUs))},${pod.evictionsRefused ?? 0}\n`
  );
}

/** Zone key by node name over every node the run registered (a name reused later keeps its last zone). */
export function zoneLookup(nodes: readonly Node[]): (node: string) => string {
  const zones = new Map(nodes.map((n) => [n.name, n.zone]));
  return (name) => zones.get(name) ?? '';
}

/** pods.csv in full: the header and one row per pod the run created, once the run is over. */
export function writePodsCsv(
  sink: { write(line: string): void },
  pods: readonly Pod[],
  nodes: readonly Node[],
  endUs: number,
): void {
  sink.write(csvLine(PODS_HEADER));
  const zoneOf = zoneLookup(nodes);
  for (const pod of pods) sink.write(podRow(pod, zoneOf, endUs));
}
