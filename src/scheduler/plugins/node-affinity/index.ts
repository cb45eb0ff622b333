// NodeAffinity (pkg/scheduler/framework/plugins/nodeaffinity): Filter requires spec.nodeSelector and the
// required node affinity (plus the args' addedAffinity), unresolvable on failure; PreFilter pins node
// names from `metadata.name In` matchFields; Score sums the weights of matching preferred terms and
// NormalizeScore scales the best node to 100 (scheduler.md §4.8).

import { z } from 'zod';
import { affinitySchema } from '../../../model/k8s-schema.js';
import type { Pod, PreferredSchedulingTerm } from '../../../model/types.js';
import type { NodeInfo } from '../../cache.js';
import {
  Code,
  type CycleState,
  type FilterPlugin,
  type NodeBatch,
  type PreFilterPlugin,
  type PreFilterResult,
  type PreScorePlugin,
  type ScorePlugin,
  type StateData,
  type Status,
  status,
} from '../../framework.js';
import {
  isEmptyRequired,
  matchesRequired,
  pinnedNodeNames,
  preferredScore,
  type RequiredNodeAffinity,
  requiredNodeAffinity,
} from '../../helpers/node-affinity.js';
import { defaultNormalize } from '../../helpers/scores.js';
import { definePlugin } from '../types.js';
import { nodeAffinityEventsToRegister } from './hints.js';

export const name = 'NodeAffinity';
export const ErrReasonPod = "node(s) didn't match Pod's node affinity/selector";
export const ErrReasonEnforced = "node(s) didn't match scheduler-enforced node affinity";
export const errReasonConflict = 'pod affinity terms conflict';

export const argsSchema = z.strictObject({
  addedAffinity: affinitySchema.shape.nodeAffinity,
});

const KEY_FILTER = `PreFilter${name}`;
const KEY_SCORE = `PreScore${name}`;

class FilterState implements StateData {
  constructor(readonly required: RequiredNodeAffinity) {}
  clone(): StateData {
    return this;
  }
}
class ScoreState implements StateData {
  constructor(readonly preferred: readonly PreferredSchedulingTerm[]) {}
  clone(): StateData {
    return this;
  }
}

export default definePlugin({
  name,
  points: ['preFilter', 'filter', 'preScore', 'score'],
  argsSchema,
  create(args) {
    const added = args.addedAffinity;
    const addedRequired: RequiredNodeAffinity | null = added?.requiredDuringSchedulingIgnoredDuringExecution
      ? { nodeSelector: [], terms: added.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms }
      : null;
    const addedPreferred = (added?.preferredDuringSchedulingIgnoredDuringExecution ??
      []) as PreferredSchedulingTerm[];
    const enforced = status(Code.UnschedulableAndUnresolvable, name, ErrReasonEnforced);
    const podMismatch = status(Code.UnschedulableAndUnresolvable, name, ErrReasonPod);
    const skip = status(Code.Skip, name);
    return {
      name,
      eventsToRegister: (hints: boolean) => nodeAffinityEventsToRegister(hints, addedRequired),
      preFilter(state: CycleState, pod: Pod): PreFilterResult {
        const req = requiredNodeAffinity(pod);
        if (isEmptyRequired(req) && addedRequired === null) return { status: skip };
        state.write(KEY_FILTER, new FilterState(req));
        if (req.terms === null) return { status: null };
        const names = pinnedNodeNames(req.terms);
        if (names !== null && names.size === 0)
          return { status: status(Code.UnschedulableAndUnresolvable, name, errReasonConflict) };
        return { status: null, nodeNames: names };
      },
      filter(state: CycleState, pod: Pod, ni: NodeInfo): Status {
        if (addedRequired !== null && !matchesRequired(addedRequired, ni.node)) return enforced;
        const req = state.read<FilterState>(KEY_FILTER)?.required ?? requiredNodeAffinity(pod);
        return matchesRequired(req, ni.node) ? null : podMismatch;
      },
      preScore(state: CycleState, pod: Pod): Status {
        const own = pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
        if (own.length === 0 && addedPreferred.length === 0) return skip;
        state.write(KEY_SCORE, new ScoreState([...addedPreferred, ...own]));
        return null;
      },
      score(state: CycleState, _pod: Pod, ni: NodeInfo): number {
        const s = state.read<ScoreState>(KEY_SCORE);
        return s === undefined ? 0 : preferredScore(s.preferred, ni.node);
      },
      normalize(_s: CycleState, _p: Pod, nodes: NodeBatch, scores: Float64Array): Status {
        defaultNormalize(scores, nodes.n, false);
        return null;
      },
    } satisfies PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin;
  },
});
