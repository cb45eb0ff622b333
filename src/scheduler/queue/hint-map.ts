// The queueing hint map of one profile (framework/runtime/framework.go buildQueueingHintMap): every
// event each plugin registers, with its QueueingHintFn. Without SchedulerQueueingHints every hint is
// replaced by defaultQueueingHintFn (always Queue), and a plugin that registers Node/Add but not
// Node/UpdateNodeTaint also gets UpdateNodeTaint with the default hint, in either regime (the mitigation
// for #109437: a Node/Add filtered out by preCheck must not leave its pods stuck).

import type { Pod } from '../../model/types.js';
import {
  ActionType,
  type ClusterEvent,
  clusterEvent,
  matchEvent,
  QueueingHint,
  type QueueingHintValue,
} from '../cluster-events.js';
import type { Plugin } from '../framework.js';

export type AnyHintFn = (pod: Pod, oldObj: unknown, newObj: unknown) => QueueingHintValue;

export interface HintEntry {
  readonly event: ClusterEvent;
  readonly plugin: string;
  readonly fn: AnyHintFn;
}

/** The entries of one profile, in plugin order then registration order. */
export type QueueingHintMap = readonly HintEntry[];

export const defaultQueueingHintFn: AnyHintFn = () => QueueingHint.Queue;

const NODE_TAINT = clusterEvent('Node', ActionType.UpdateNodeTaint);

export function buildQueueingHintMap(plugins: Iterable<Plugin>, queueingHints: boolean): HintEntry[] {
  const out: HintEntry[] = [];
  for (const p of plugins) {
    const events = p.eventsToRegister?.(queueingHints) ?? [];
    let nodeAdd = false;
    let nodeTaint = false;
    for (const e of events) {
      const fn = queueingHints && e.hint !== undefined ? (e.hint as AnyHintFn) : defaultQueueingHintFn;
      if (e.event.resource === 'Node') {
        if ((e.event.action & ActionType.Add) !== 0) nodeAdd = true;
        if ((e.event.action & ActionType.UpdateNodeTaint) !== 0) nodeTaint = true;
      }
      out.push({ event: e.event, plugin: p.name, fn });
    }
    if (nodeAdd && !nodeTaint) out.push({ event: NODE_TAINT, plugin: p.name, fn: defaultQueueingHintFn });
  }
  return out;
}

/** The hint functions of `map` that match `incoming`, by plugin. */
export function matchingHints(map: QueueingHintMap, incoming: ClusterEvent): Map<string, AnyHintFn[]> {
  const out = new Map<string, AnyHintFn[]>();
  for (const e of map) {
    if (!matchEvent(e.event, incoming)) continue;
    const list = out.get(e.plugin);
    if (list === undefined) out.set(e.plugin, [e.fn]);
    else list.push(e.fn);
  }
  return out;
}
