// The taints cluster-autoscaler reads and writes (utils/taints/taints.go): ToBeDeletedByClusterAutoscaler
// (NoSchedule, value = Unix time) marks a node being deleted; DeletionCandidateOfClusterAutoscaler
// (PreferNoSchedule) marks an unneeded node so the scheduler avoids it; startup taints (prefixes
// startup-taint.cluster-autoscaler.kubernetes.io/ and the deprecated ignore-taint...) make a node count
// as unready; status taints (status-taint.cluster-autoscaler.kubernetes.io/) keep it ready.

export const ToBeDeletedTaint = 'ToBeDeletedByClusterAutoscaler';
export const DeletionCandidateTaint = 'DeletionCandidateOfClusterAutoscaler';
export const StartupTaintPrefix = 'startup-taint.cluster-autoscaler.kubernetes.io/';
export const IgnoreTaintPrefix = 'ignore-taint.cluster-autoscaler.kubernetes.io/';
export const StatusTaintPrefix = 'status-taint.cluster-autoscaler.kubernetes.io/';

export function isStartupTaint(key: string): boolean {
  return key.startsWith(StartupTaintPrefix) || key.startsWith(IgnoreTaintPrefix);
}

/** Taints a node template drops (SanitizeTaints): CA's own, startup and status taints. */
export function isTemplateIgnoredTaint(key: string): boolean {
  return (
    key === ToBeDeletedTaint ||
    key === DeletionCandidateTaint ||
    isStartupTaint(key) ||
    key.startsWith(StatusTaintPrefix)
  );
}

/** GetToBeDeletedTime: the ToBeDeleted taint's value (Unix seconds) in microseconds, null if absent or unparsable. */
export function toBeDeletedSinceUs(taints: readonly { key: string; value?: string }[]): number | null {
  const t = taints.find((x) => x.key === ToBeDeletedTaint);
  if (t === undefined) return null;
  const v = Number(t.value ?? '');
  return Number.isFinite(v) && (t.value ?? '') !== '' ? v * 1_000_000 : null;
}
