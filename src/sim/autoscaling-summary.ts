// summary.json `autoscaling` (only in scenarios with spec.load or HorizontalPodAutoscalers): each HPA's
// final state and each loaded workload's totals, read from the HPA controller and the load model.

import type { HpaController } from '../controllers/hpa/controller.js';
import { fixed6 } from '../engine/csv.js';
import { formatTimeS } from '../engine/time.js';
import type { LoadModel } from '../load/load-model.js';
import { resolveLoadProfile } from '../load/profile.js';
import { type LoadEntrySpec, workloadKey } from '../load/schema.js';

export function autoscalingSummary(
  nowUs: number,
  hpa: HpaController,
  load: LoadModel,
  entries: readonly LoadEntrySpec[],
): object {
  const hpas: Record<string, object> = {};
  for (const r of hpa.records) {
    const s = r.status;
    hpas[summaryKey(r.key)] = {
      name: r.key,
      target: `${r.object.spec.scaleTargetRef.kind}/${r.object.spec.scaleTargetRef.name}`,
      min_replicas: r.object.spec.minReplicas,
      max_replicas: r.object.spec.maxReplicas,
      current_replicas: s.currentReplicas,
      desired_replicas: s.desiredReplicas,
      max_replicas_seen: r.maxReplicasSeen,
      rescales: r.rescales,
      last_scale_time_s: s.lastScaleTimeUs === null ? null : Number(formatTimeS(s.lastScaleTimeUs)),
      conditions: Object.fromEntries(s.conditions.map((c) => [c.type, `${c.status} ${c.reason}`])),
    };
  }
  const workloads: Record<string, object> = {};
  const usage = load.metrics.usage(nowUs);
  for (const p of entries) {
    const key = workloadKey(resolveLoadProfile(p).workload);
    const u = usage.find((x) => x.key === key);
    if (u !== undefined)
      workloads[summaryKey(key)] = {
        workload: key,
        pods_running: u.running,
        pods_ready: u.ready,
        demand: Number(fixed6(u.demand)),
      };
  }
  return { hpas, load: workloads };
}

/** A summary.json key `expect` paths can name: "default/web-api" -> "default_web_api". */
export function summaryKey(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_');
}
