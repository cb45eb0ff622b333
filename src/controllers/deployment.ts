// Deployment controller adapter (pkg/controller/deployment/deployment_controller.go): builds the view
// of one Deployment and its ReplicaSets for reconcileDeployment, then carries out the resulting API
// calls in order (a Deployment sync is sequential upstream), recording ScalingReplicaSet events.

import { apiTimeUs, type TimeUs, US_PER_S } from '../engine/time.js';
import { podTemplateHash } from '../workloads/names.js';
import { type Deployment, ownerRefTo, type ReplicaSet } from '../workloads/objects.js';
import type { WorkloadContext } from './context.js';
import { type DeploymentAction, type DeploymentView, reconcileDeployment } from './deployment-reconcile.js';
import {
  DefaultDeploymentUniqueLabelKey,
  deploymentProgressing,
  oldPodsRunning,
  type RsSnapshot,
} from './deployment-util.js';
import type { ControllerLogic, SyncPlan } from './runtime.js';

export function snapshotOf(rs: ReplicaSet): RsSnapshot {
  return {
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

type ProgressDeadlineAction = { readonly op: 'progressDeadline' };

/**
 * When a stalled rollout's deadline passes: the Progressing condition's lastUpdateTime (whole seconds,
 * as the API stores it) plus progressDeadlineSeconds (deployment/util DeploymentTimedOut).
 */
function progressDeadlineUs(d: Deployment): TimeUs {
  return apiTimeUs(d.progressUs ?? 0) + d.progressDeadlineSeconds * US_PER_S;
}

type Call = (DeploymentAction | ProgressDeadlineAction) & { d: Deployment };

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
    const actions: (DeploymentAction | ProgressDeadlineAction)[] = reconcileDeployment(this.view(d));
    const failed = actions.some((a) => a.op === 'error');
    const calls = actions.filter((a) => a.op !== 'error');
    // progress.go: a rollout without progress for progressDeadlineSeconds is marked as failed
    // (Progressing=False, ProgressDeadlineExceeded), strictly after the deadline (DeploymentTimedOut);
    // requeueStuckDeployment re-syncs one second after the deadline, or rate-limited (the work queue's
    // 5 ms base delay, reset by every successful sync) when less than a second is left.
    let requeueAfterUs: TimeUs | undefined;
    if (d.completeUs === null && d.progressUs !== null && !d.timedOut && !d.paused) {
      const leftUs = progressDeadlineUs(d) - nowUs;
      if (leftUs < 0) calls.push({ op: 'progressDeadline' });
      else requeueAfterUs = leftUs < 1_000_000 ? 5_000 : leftUs + 1_000_000;
    }
    const steps = calls.map((a): Call[] => [{ ...a, d }]);
    return requeueAfterUs === undefined ? { steps, failed } : { steps, failed, requeueAfterUs };
  }

  apply(action: Call, nowUs: TimeUs): boolean {
    const { d } = action;
    if (this.ctx.store.get('Deployment', d.key) !== d) return true;
    switch (action.op) {
      case 'progressDeadline':
        // Progress made earlier in this sync (its status write) moved the deadline.
        if (d.progressUs === null || nowUs <= progressDeadlineUs(d)) return true;
        d.timedOut = true;
        this.ctx.event(d, 'ProgressDeadlineExceeded', `Deployment "${d.name}" has timed out progressing.`);
        this.ctx.store.updated(d, 'status');
        return true;
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
        if (action.message !== null) {
          this.markProgress(d, nowUs);
          this.ctx.event(d, 'ScalingReplicaSet', action.message);
        }
        return true;
      }
      case 'deleteReplicaSet': {
        const rs = this.ctx.store.get('ReplicaSet', `${d.namespace}/${action.name}`);
        if (rs !== undefined) this.ctx.deleteObject(rs);
        return true;
      }
      case 'status': {
        const wasComplete = d.completeUs !== null;
        if (deploymentProgressing(d.status, action.status)) this.markProgress(d, nowUs);
        d.status = { ...action.status };
        d.collisionCount = action.collisionCount;
        if (action.complete && !wasComplete) {
          d.completeUs = nowUs;
          this.ctx.event(d, 'NewReplicaSetAvailable', `Deployment "${d.name}" has successfully progressed.`);
        } else if (!action.complete) {
          d.completeUs = null;
        }
        this.ctx.store.updated(d, 'status');
        return true;
      }
    }
  }

  private markProgress(d: Deployment, nowUs: TimeUs): void {
    d.progressUs = nowUs;
    d.timedOut = false;
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
      status: { replicas: 0, readyReplicas: 0, availableReplicas: 0, observedGeneration: 0 },
    };
    this.ctx.store.add(rs);
    this.markProgress(d, nowUs);
    if (a.replicas > 0) {
      this.ctx.event(d, 'ScalingReplicaSet', `Scaled up replica set ${rs.name} from 0 to ${a.replicas}`);
    }
    return true;
  }
}
