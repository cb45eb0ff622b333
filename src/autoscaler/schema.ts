// The shapes the cluster-autoscaler adds to a run's outputs, as data other modules may read (the
// scenario builder checks expectations against the column names, the summary types its section):
// timeseries.csv columns per node group and summary.json's `autoscaler` section (outputs.ts fills them).

import type { AutoscalerSetup } from './setup-config.js';

/** The object of the autoscaler's status events (its status ConfigMap, as upstream records them). */
export const StatusConfigMap = 'ConfigMap/kube-system/cluster-autoscaler-status';

export const GROUP_COLUMN_FIELDS = ['target', 'ready', 'provisioning', 'unneeded'] as const;

/** Column names the autoscaler appends to timeseries.csv, in order. */
export function autoscalerColumns(setup: AutoscalerSetup | null): string[] {
  if (setup === null) return [];
  return setup.groups.flatMap((g) => GROUP_COLUMN_FIELDS.map((f) => `nodegroup_${g.id}_${f}`));
}

/** A name that could be such a column (expectations are checked before the run). */
export const AUTOSCALER_COLUMN_RE = /^nodegroup_[a-z0-9.-]+_(target|ready|provisioning|unneeded)$/;

export interface GroupSummary {
  readonly min_size: number;
  readonly max_size: number;
  readonly target_at_end: number;
  readonly peak_target: number;
  readonly scale_ups: number;
  readonly nodes_added: number;
  readonly nodes_removed: number;
  readonly node_hours: number;
  readonly cost: number | null;
}

export interface AutoscalerSummary {
  readonly node_groups: Record<string, GroupSummary>;
  readonly peak_nodes: number;
  readonly node_hours: number;
  readonly cost: number | null;
  readonly scale_ups: number;
  readonly nodes_added: number;
  readonly nodes_removed: number;
  readonly pending_episodes: readonly { start_s: number; end_s: number | null; duration_s: number | null }[];
  /** Longest time from the first unschedulable pod to none Pending (null: never back to none). */
  readonly max_time_to_all_running_s: number | null;
}
