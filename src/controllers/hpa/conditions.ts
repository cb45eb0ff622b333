// HorizontalPodAutoscaler status conditions (autoscaling/v2 HorizontalPodAutoscalerConditionType) and
// horizontal.go's setConditionInList: a condition is appended the first time it is set, keeps its place
// afterwards, and its lastTransitionTime moves only when its status changes.

import type { TimeUs } from '../../engine/time.js';

export type HpaConditionType = 'AbleToScale' | 'ScalingActive' | 'ScalingLimited';

export interface HpaCondition {
  readonly type: HpaConditionType;
  readonly status: 'True' | 'False';
  readonly reason: string;
  readonly message: string;
  readonly lastTransitionUs: TimeUs;
}

export function setCondition(
  list: readonly HpaCondition[],
  type: HpaConditionType,
  status: 'True' | 'False',
  reason: string,
  message: string,
  nowUs: TimeUs,
): HpaCondition[] {
  const out = [...list];
  const i = out.findIndex((c) => c.type === type);
  const existing = i >= 0 ? out[i] : undefined;
  const lastTransitionUs =
    existing !== undefined && existing.status === status ? existing.lastTransitionUs : nowUs;
  const next: HpaCondition = { type, status, reason, message, lastTransitionUs };
  if (i >= 0) out[i] = next;
  else out.push(next);
  return out;
}

export function conditionOf(list: readonly HpaCondition[], type: HpaConditionType): HpaCondition | undefined {
  return list.find((c) => c.type === type);
}
