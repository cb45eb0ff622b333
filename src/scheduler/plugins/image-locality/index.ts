// ImageLocality (pkg/scheduler/framework/plugins/imagelocality): favours nodes that already hold the
// pod's images, each image's size scaled by the share of nodes that have it, the sum clamped to
// [23 MiB, 1000 MiB x containers] and mapped onto 0..100 (scheduler.md §4.9). No NormalizeScore.

import type { Pod } from '../../../model/types.js';
import type { NodeInfo, SchedulerCache } from '../../cache.js';
import { type CycleState, MaxNodeScore, type NodeBatch, type ScorePlugin } from '../../framework.js';
import { mulDiv } from '../../helpers/scores.js';
import { definePlugin, noArgs } from '../types.js';

export const name = 'ImageLocality';
const MiB = 1024 * 1024;
export const minThreshold = 23 * MiB;
export const maxContainerThreshold = 1000 * MiB;

/** Untagged names get ":latest" (a ":" after the last "/" is a tag). */
export function normalizedImageName(image: string): string {
  return image.lastIndexOf(':') <= image.lastIndexOf('/') ? `${image}:latest` : image;
}

export function calculatePriority(sumScores: number, numContainers: number): number {
  const maxThreshold = maxContainerThreshold * numContainers;
  const s = Math.min(Math.max(sumScores, minThreshold), maxThreshold);
  return mulDiv(MaxNodeScore, s - minThreshold, maxThreshold - minThreshold);
}

/** Images of init containers then containers, normalized; cached on the last pod seen. */
function podImages(pod: Pod): string[] {
  const out: string[] = [];
  for (const c of pod.spec.initContainers) out.push(normalizedImageName(c.image ?? ''));
  for (const c of pod.spec.containers) out.push(normalizedImageName(c.image ?? ''));
  return out;
}

export function imageLocalityScore(
  cache: SchedulerCache,
  pod: Pod,
  images: readonly string[],
  ni: NodeInfo,
): number {
  const total = cache.nodes.length;
  let sum = 0;
  for (const img of images) {
    if (!nodeHasImage(ni, img)) continue;
    const st = cache.imageStates.get(img);
    if (st === undefined) continue;
    sum += Math.trunc(st.sizeBytes * (st.numNodes / total));
  }
  return calculatePriority(sum, pod.spec.initContainers.length + pod.spec.containers.length);
}

function nodeHasImage(ni: NodeInfo, img: string): boolean {
  for (const i of ni.node.images) if (i.names.includes(img)) return true;
  return false;
}

export default definePlugin({
  name,
  points: ['score'],
  argsSchema: noArgs,
  create(_args, handle) {
    let lastPod: Pod | null = null;
    let images: string[] = [];
    let anyKnown = false;
    let lastTotal = -1;
    const refresh = (pod: Pod) => {
      if (pod !== lastPod || handle.cache.nodes.length !== lastTotal) {
        lastPod = pod;
        lastTotal = handle.cache.nodes.length;
        images = podImages(pod);
        anyKnown = images.some((i) => handle.cache.imageStates.has(i));
      }
    };
    // No node holds any of the images: every node scores calculatePriority(0, n) = 0.
    const one = (pod: Pod, ni: NodeInfo) =>
      !anyKnown || ni.node.images.length === 0 ? 0 : imageLocalityScore(handle.cache, pod, images, ni);
    return {
      name,
      score(_state: CycleState, pod: Pod, ni: NodeInfo): number {
        refresh(pod);
        return one(pod, ni);
      },
      scoreBatch(_state: CycleState, pod: Pod, nodes: NodeBatch, out: Float64Array): void {
        refresh(pod);
        if (!anyKnown) out.fill(0, 0, nodes.n);
        else
          for (let i = 0, end = nodes.n; i < end; i++)
            out[i] = one(pod, handle.cache.infoAt(nodes.idx[i] as number));
      },
      /** No NormalizeScore; nothing to add when no node holds any of the pod's images (all scores 0). */
      scoreInto(_state: CycleState, pod: Pod, nodes: NodeBatch, weight: number, totals: Float64Array): null {
        refresh(pod);
        if (!anyKnown) return null;
        for (let i = 0, end = nodes.n; i < end; i++)
          totals[i] = (totals[i] as number) + one(pod, handle.cache.infoAt(nodes.idx[i] as number)) * weight;
        return null;
      },
    } satisfies ScorePlugin;
  },
});
