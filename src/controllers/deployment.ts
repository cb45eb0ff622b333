// Deployment controller adapter (pkg/controller/deployment/deployment_controller.go): builds the view
// of one Deployment and its ReplicaSets for planDeployment, then carries out the resulting API calls in
// order (a Deployment sync is sequential upstream), recording ScalingReplicaSet events, and the
// condition changes of each status write as Condition rows.

import type { TimeUs } from '../engine/time.js';
import { getCondition, toApiConditions } from '../workloads/conditions.js';
import { podTemplateHash } from '../workloads/names.js';
import { type Deployment, ownerRefTo, type ReplicaSet } from '../workloads/objects.js';
import type { WorkloadContext } from './context.js';
import { type DeploymentAction, type DeploymentView, planDeployment } from './deployment-reconcile.js';
import {
  DefaultDeploymentUniqueLabelKey,
  DeploymentReplicaFailure,
  oldPodsRunning,
  RevisionAnnotation,
  type RsSnapshot,
} from './deployment-util.js';
import type { ControllerLogic, SyncPlan } from './runtime.js';

export function snapshotOf(rs: ReplicaSet): RsSnapshot {
  const failure = getCondition(rs.status.conditions, DeploymentReplicaFailure);
  return {
    ...(failure !== undefined ? { replicaFailure: failure } : {}),
    name: rs.name,
    createdUs: rs.createdUs,
    replicas: rs.replicas,
    statusReplicas: rs.status.replicas,
    readyReplicas: rs.status.readyReplicas,
    availableReplicas: rs.status.availableReplicas,
    generation: rs.generation,
    observedGeneration: rs.status.observedGeneration,
    deleting: rs.deletionUs !== null,
    templateText: rs.templateText,
    annotations: { ...rs.annotations },
  };
}

type Call = DeploymentAction & { d: Deployment };

/** The work queue's first rate-limited delay (reset by every successful sync: Forget). */
const RATE_LIMITED_REQUEUE_US = 5_000;

export class DeploymentController implements ControllerLogic<Call> {
  readonly name = 'deployment' as const;

  constructor(private readonly ctx: WorkloadContext) {}

  replicaSetsOf(d: Deployment): ReplicaSet[] {
    return this.ctx.store
      .dependentsOf(d.uid)
      .filter((w): w is ReplicaSet => w.kind === 'ReplicaSet' && w.deletionUs === null);
  }

  view(d: Deployment): DeploymentView {
    const rss = this.replicaSetsOf(d);
    const store = this.ctx.store;
    return {
      name: d.name,
      replicas: d.replicas,
      strategy: d.strategy,
      generation: d.generation,
      templateText: d.templateText,
      paused: d.paused,
      deleting: d.deletionUs !== null,
      revisionHistoryLimit: d.revisionHistoryLimit,
      progressDeadlineSeconds: d.progressDeadlineSeconds,
      revision: d.annotations[RevisionAnnotation] ?? null,
      status: d.status,
      replicaSets: rss.map(snapshotOf),
      nameTaken: (name) => store.get('ReplicaSet', `${d.namespace}/${name}`) !== undefined,
      hashFor: (c) => podTemplateHash(d.templateText, c),
      collisionCount: d.collisionCount,
      oldPodsRunning: d.strategy.type === 'Recreate' && this.oldPodsRunning(d, rss),
    };
  }

  private oldPodsRunning(d: Deployment, rss: readonly ReplicaSet[]): boolean {
    const pods = this.ctx.pods;
    return oldPodsRunning(
      rss
        .filter((rs) => rs.templateText !== d.templateText)
        .map((rs) => ({
          statusReplicas: rs.status.replicas,
          podPhases: Array.from(pods.owned(rs.uid)?.pods ?? [], (p) => p.phase),
        })),
    );
  }

  sync(key: string, nowUs: TimeUs): SyncPlan<Call> | null {
    const d = this.ctx.store.get('Deployment', key);
    if (d === undefined) return null;
    const plan = planDeployment(this.view(d), nowUs);
    const failed = plan.actions.some((a) => a.op === 'error');
    const steps = plan.actions.filter((a) => a.op !== 'error').map((a): Call[] => [{ ...a, d }]);
    // progress.go requeueStuckDeployment: AddAfter one second past the deadline, or rate-limited.
    const q = plan.requeue;
    const requeueAfterUs = q === null ? undefined : 'afterUs' in q ? q.afterUs : RATE_LIMITED_REQUEUE_US;
    return requeueAfterUs === undefined ? { steps, failed } : { steps, failed, requeueAfterUs };
  }

  apply(action: Call, nowUs: TimeUs): boolean {
    const { d } = action;
    if (this.ctx.store.get('Deployment', d.key) !== d) return true;
    switch (action.op) {
      case 'error':
        return false;
      case 'createReplicaSet':
        return this.createReplicaSet(d, action, nowUs);
      case 'updateReplicaSet': {
        const rs = this.ctx.store.get('ReplicaSet', `${d.namespace}/${action.name}`);
        if (rs === undefined || rs.owner?.uid !== d.uid) return true;
        const specChanged = rs.replicas !== action.replicas || rs.minReadySeconds !== d.minReadySeconds;
        rs.replicas = action.replicas;
        rs.annotations = { ...rs.annotations, ...action.annotations };
        rs.minReadySeconds = d.minReadySeconds;
        this.ctx.store.updated(rs, specChanged ? 'spec' : 'meta');
        if (action.message !== null) this.ctx.event(d, 'ScalingReplicaSet', action.message);
        return true;
      }
      case 'deleteReplicaSet': {
        const rs = this.ctx.store.get('ReplicaSet', `${d.namespace}/${action.name}`);
        if (rs !== undefined) this.ctx.deleteObject(rs);
        return true;
      }
      case 'status': {
        const before = d.status.conditions;
        d.status = { ...action.status, conditions: toApiConditions(action.status.conditions) };
        d.collisionCount = action.collisionCount;
        if (action.revision !== null)
          d.annotations = { ...d.annotations, [RevisionAnnotation]: action.revision };
        this.ctx.conditionsChanged(d, before, d.status.conditions);
        this.ctx.store.updated(d, 'status');
        return true;
      }
    }
  }

  private createReplicaSet(
    d: Deployment,
    a: Extract<DeploymentAction, { op: 'createReplicaSet' }>,
    nowUs: TimeUs,
  ): boolean {
    d.collisionCount = a.collisionCount;
    if (this.ctx.store.get('ReplicaSet', `${d.namespace}/${a.name}`) !== undefined) return false;
    const labels = { ...(d.template.metadata?.labels ?? {}), [DefaultDeploymentUniqueLabelKey]: a.hash };
    const rs: ReplicaSet = {
      kind: 'ReplicaSet',
      uid: this.ctx.store.newUid('ReplicaSet'),
      namespace: d.namespace,
      name: a.name,
      key: `${d.namespace}/${a.name}`,
      labels,
      annotations: { ...a.annotations },
      owner: ownerRefTo(d),
      createdUs: nowUs,
      deletionUs: null,
      generation: 1,
      replicas: a.replicas,
      minReadySeconds: d.minReadySeconds,
      selector: {
        ...d.selector,
        matchLabels: { ...(d.selector.matchLabels ?? {}), [DefaultDeploymentUniqueLabelKey]: a.hash },
      },
      template: { ...d.template, metadata: { ...(d.template.metadata ?? {}), labels } },
      templateText: d.templateText,
      status: { replicas: 0, readyReplicas: 0, availableReplicas: 0, observedGeneration: 0, conditions: [] },
    };
    this.ctx.store.add(rs);
    if (a.replicas > 0) {
      this.ctx.event(d, 'ScalingReplicaSet', `Scaled up replica set ${rs.name} from 0 to ${a.replicas}`);
    }
    return true;
  }
}
