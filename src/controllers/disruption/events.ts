// The disruption controller's events: its work queue and API client (runtime.ts with the prefix
// Disruption): DisruptionWork, DisruptionApiCall, DisruptionRequeue, all in lane Controller.

import type { RuntimeEvent } from '../events.js';

export type DisruptionEvent = RuntimeEvent<'Disruption', 'disruption'>;
