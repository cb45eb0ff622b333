// The StatefulSet controller's events: its work queue and API client (runtime.ts with the prefix
// StatefulSet): StatefulSetWork, StatefulSetApiCall, StatefulSetRequeue, all in lane Controller.

import type { RuntimeEvent } from '../events.js';

export type StatefulSetEvent = RuntimeEvent<'StatefulSet', 'statefulset'>;
