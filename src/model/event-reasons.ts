// The closed list of events.csv reasons, by row kind: every reason any component can write. EventLog.emit
// takes a reason of the row's kind from this list (a type error otherwise), so the list cannot miss one;
// a test checks each entry is still written somewhere, so it cannot hold a dead one. `kubesim test`
// rejects selectors naming a reason outside it (src/expect/universe.ts), and README "Outputs" lists it.

export const EVENT_KINDS = [
  'Node',
  'Pod',
  'Zone',
  'Workload',
  'Condition',
  'Fault',
  'Autoscaler',
  'Volume',
] as const;
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
    // A drain operation's outcome per node (kubectl drain).
    'Drained',
    'DrainTimedOut',
    'DrainFailed',
    // The kubelet's eviction manager (only with spec.kubelet.evictionHard): eviction_manager.go, setters.go.
    'EvictionThresholdMet',
    'NodeHasInsufficientMemory',
    'NodeHasSufficientMemory',
    // Per-heartbeat rows, only with spec.kubelet.heartbeatEvents: true (HEARTBEAT_REASONS).
    'LeaseRenewed',
    'LeaseRenewFailed',
    'NodeStatusPosted',
    'NodeStatusUpdateFailed',
    // The cluster-autoscaler's Events on a node it removes (scaledown/actuation).
    'ScaleDown',
    'ScaleDownFailed',
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
    // The kubelet's eviction manager evicts the pod (it then fails with reason Evicted).
    'Evicted',
    // Graceful deletions, by who asked (the pod's end reason in pods.csv).
    'TaintManagerEviction',
    'EvictionByEvictionAPI',
    'Preempted',
    'SuccessfulDelete',
    'GarbageCollected',
    // The Eviction API refused an eviction (the metav1.Status reason of its 429, 500 or 403).
    'TooManyRequests',
    'InternalError',
    'Forbidden',
    // The disruption controller's Events on pods.
    'MultiplePodDisruptionBudgets',
    'NotDeleted',
    // The cluster-autoscaler's Events on pods (core/scaleup, scaledown/actuation).
    'TriggeredScaleUp',
    'NotTriggerScaleUp',
    'ScaleDown',
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
    // The disruption controller's Events on PodDisruptionBudgets.
    'NoPods',
    'UnmanagedPods',
    'CalculateExpectedPodCountFailed',
    // The HorizontalPodAutoscaler controller's Events (src/controllers/hpa/reconcile.ts HpaEventReason).
    'SuccessfulRescale',
    'FailedGetScale',
    'FailedComputeMetricsReplicas',
    'SelectorRequired',
    'FailedGetResourceMetric',
    'FailedGetContainerResourceMetric',
    'FailedGetPodsMetric',
    'FailedGetObjectMetric',
    'FailedGetExternalMetric',
    // The CronJob controller (cronjob_controllerv2.go, utils.go).
    'SuccessfulCreate',
    'SawCompletedJob',
    'SuccessfulDelete',
    'MissSchedule',
    'UnexpectedJob',
    'JobAlreadyActive',
    'MissingJob',
    'TooManyMissedTimes',
    'UnknownTimeZone',
    'UnparseableSchedule',
    'InvalidSchedule',
    'UnParseableCronJobSchedule',
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
    // A PodDisruptionBudget's DisruptionAllowed condition (component-helpers poddisruptionbudget).
    'SufficientPods',
    'InsufficientPods',
    'SyncFailed',
    // HorizontalPodAutoscaler conditions (horizontal.go setCondition): AbleToScale, ScalingActive, ScalingLimited.
    'SucceededGetScale',
    'FailedGetScale',
    'ReadyForNewScale',
    'ScaleUpStabilized',
    'ScaleDownStabilized',
    'SucceededRescale',
    'ValidMetricFound',
    'ScalingDisabled',
    'InvalidSelector',
    'FailedGetResourceMetric',
    'FailedGetContainerResourceMetric',
    'FailedGetPodsMetric',
    'FailedGetObjectMetric',
    'FailedGetExternalMetric',
    'DesiredWithinRange',
    'TooFewReplicas',
    'TooManyReplicas',
    'ScaleUpLimit',
    'ScaleDownLimit',
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
  // The cluster-autoscaler's Events on its status ConfigMap (kube-system/cluster-autoscaler-status):
  // scale-ups, cloud failures, the health halt and node removals (src/autoscaler).
  Autoscaler: [
    'ScaledUpGroup',
    'ScaleUpFailed',
    'ScaleUpTimedOut',
    'MaxNodesTotalReached',
    'ClusterUnhealthy',
    'DeleteUnregistered',
    'ScaleDown',
    'ScaleDownEmpty',
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
    'ExternalProvisioning',
    'Provisioning',
    'ProvisioningSucceeded',
    'ProvisioningFailed',
    'FailedBinding',
    'ClaimLost',
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
