// Test helpers: pods built through the real admission path (makePod), with a few fields set directly.

import { DEFAULT_ADMISSION, SYSTEM_PRIORITY_CLASSES } from '../../src/model/admission.js';
import { makePod } from '../../src/model/factory.js';
import type { OwnerReference, Pod } from '../../src/model/types.js';

let next = 0;

export function testPod(
  over: Partial<Pod> & { annotations?: Record<string, string>; owner?: OwnerReference | null } = {},
): Pod {
  const idx = next++;
  const pod = makePod({
    idx,
    namespace: 'default',
    name: `p-${idx}`,
    labels: {},
    annotations: over.annotations ?? {},
    owner: over.owner ?? null,
    spec: { containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10' }] },
    createdUs: over.createdUs ?? 0,
    admission: DEFAULT_ADMISSION,
    priorityClasses: new Map(SYSTEM_PRIORITY_CLASSES.map((pc) => [pc.name, pc])),
  });
  return Object.assign(pod, over);
}
