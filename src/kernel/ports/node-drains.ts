// Port onto kubectl drain (src/kubectl/kubectl.ts implements it): the timeline's drain operation
// starts one drain over the named nodes with kubectl drain's flags; the drain then runs as its own
// client process (cordon, evictions through the Eviction API, retries, polls) and reports per node.

import type { TimeUs } from '../../engine/time.js';
import type { Node } from '../../model/types.js';

/** kubectl drain's flags (their defaults, except ignoreDaemonsets: see README "Arrivals and operations"). */
export interface DrainOptions {
  readonly ignoreDaemonsets: boolean;
  readonly deleteEmptydirData: boolean;
  readonly force: boolean;
  /** --grace-period; -1 uses each pod's terminationGracePeriodSeconds. */
  readonly gracePeriodSeconds: number;
  /** --timeout; 0 waits forever. */
  readonly timeoutUs: TimeUs;
  readonly disableEviction: boolean;
  /** --skip-wait-for-delete-timeout (seconds); 0 never skips. */
  readonly skipWaitForDeleteTimeoutSeconds: number;
  readonly ignoreErrors: boolean;
}

/** kubectl drain <nodes...> with the given flags. */
export interface NodeDrains {
  drain(nodes: readonly Node[], options: DrainOptions): void;
}
