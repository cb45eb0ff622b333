// The closed list of events.csv reasons, by row kind: every reason any component can write. EventLog.emit
// takes a reason of the row's kind from this list (a type error otherwise), so the list cannot miss one;
// a test checks each entry is still written somewhere, so it cannot hold a dead one. `kubesim test`
// rejects selectors naming a reason outside it (src/expect/universe.ts), and README "Outputs" lists it.

export const EVENT_KINDS = ['Node', 'Pod', 'Zone', 'Workload', 'Condition', 'Fault', 'Volume'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const EVENT_REASONS = {
  Node: [
    'RegisteredNode',
    'RemovingNode',
    'NodeReady',
    'NodeNotReady',
    'NodeStatusUnknown',
    'TaintAdded',
    'TaintRemoved',
    'NodeNotSchedulable',
    'NodeSchedulable',
    // Per-heartbeat rows, only with spec.kubelet.heartbeatEvents: true (HEARTBEAT_REASONS).
    'LeaseRenewed',
    'LeaseRenewFailed',
    'NodeStatusPosted',
    'NodeStatusUpdateFailed',
  ],
  Pod: [
    'Created',
    'Scheduled',
    'FailedScheduling',
    'Started',
    'Completed',
    'Failed',
    'Killing',
    'Deleted',
    // Graceful deletions, by who asked (the pod's end reason in pods.csv).
    'TaintManagerEviction',
    'EvictionByEvictionAPI',
    'Preempted',
    'SuccessfulDelete',
    'GarbageCollected',
  ],
  Zone: ['ZoneStateChanged'],
  Workload: [
    // Operations (spec.operations) and arrivals.
    'Applied',
    'Scaled',
    'RolloutRestarted',
    'ImageUpdated',
    'Deleted',
    'OperationFailed',
    'FailedCreate',
    // Controllers' Events on their objects.
    'ScalingReplicaSet',
    'NewReplicaSetAvailable',
    'ProgressDeadlineExceeded',
    'Completed',
    'BackoffLimitExceeded',
    'DeadlineExceeded',
    'Suspended',
    'Resumed',
  ],
  // A workload's status condition changed status or reason (src/workloads/conditions.ts): the condition's
  // reason, as the controllers set it (deployment/util, replica_set_utils.go, job_controller.go).
  Condition: [
    'NewReplicaSetCreated',
    'FoundNewReplicaSet',
    'ReplicaSetUpdated',
    'ReplicaSetCreateError',
    'NewReplicaSetAvailable',
    'ProgressDeadlineExceeded',
    'DeploymentPaused',
    'DeploymentResumed',
    'MinimumReplicasAvailable',
    'MinimumReplicasUnavailable',
    'FailedCreate',
    'Completed',
    'CompletionsReached',
    'BackoffLimitExceeded',
    'DeadlineExceeded',
    'JobSuspended',
    'JobResumed',
  ],
  // The fault's action (src/faults/schema.ts; a test keeps the two lists equal).
  Fault: [
    'node-crash',
    'node-recover',
    'zone-outage',
    'network-partition',
    'lease-renew-failures',
    'kubelet-not-ready',
    'add-nodes',
    'delete-node',
    'controller-manager-restart',
    'out-of-service',
  ],
  // PersistentVolumeClaims and PersistentVolumes (object PersistentVolumeClaim/<ns>/<name> or
  // PersistentVolume/<name>): their lifecycle rows, then the Events the PV controller
  // (pv_controller.go) and the external provisioner write on claims.
  Volume: [
    'Created',
    'Bound',
    'Released',
    'Deleted',
    'WaitForFirstConsumer',
    'WaitForPodScheduled',
    'ExternalProvisioning',
    'Provisioning',
    'ProvisioningSucceeded',
    'ProvisioningFailed',
    'FailedBinding',
    'VolumeMismatch',
    'ClaimLost',
    'ClaimMisbound',
  ],
} as const satisfies Readonly<Record<EventKind, readonly string[]>>;

/** The reasons rows of kind K can have. */
export type ReasonOf<K extends EventKind> = (typeof EVENT_REASONS)[K][number];
export type EventReason = ReasonOf<EventKind>;

/** Node rows written only when spec.kubelet.heartbeatEvents is true. */
export const HEARTBEAT_REASONS = [
  'LeaseRenewed',
  'LeaseRenewFailed',
  'NodeStatusPosted',
  'NodeStatusUpdateFailed',
] as const satisfies readonly ReasonOf<'Node'>[];
export type HeartbeatReason = (typeof HEARTBEAT_REASONS)[number];

/** Every reason once, in list order. */
export const ALL_REASONS: readonly EventReason[] = [...new Set(Object.values(EVENT_REASONS).flat())];

/** The kinds whose rows may carry `reason`. */
export function kindsOf(reason: string): EventKind[] {
  return EVENT_KINDS.filter((k) => (EVENT_REASONS[k] as readonly string[]).includes(reason));
}
