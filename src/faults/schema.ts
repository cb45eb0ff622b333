// spec.faults[]: the timeline of injected failures (interfaces.md §2, "Fault actions"). Every entry has
// `at`; `for` makes it end by itself after that long.

import { z } from 'zod';
import { durationUs, k8sName, refuseNodeAndNodes } from '../model/fields.js';
import { labelSelectorSchema } from '../model/k8s-schema.js';

const base = {
  at: durationUs(),
  for: durationUs().optional(),
};
/** Nodes by pool, zone and labels, then by position (select.ts), so a fault survives a pool resize. */
export const nodeSelectSchema = z.strictObject({
  pool: k8sName().optional(),
  zone: z.string().min(1).optional(),
  labelSelector: labelSelectorSchema.optional(),
  index: z.number().int().nonnegative().optional(),
  count: z.number().int().positive().optional(),
  percent: z.number().positive().max(100).optional(),
});

const nodeTarget = {
  node: z.string().optional(),
  nodes: z.array(z.string()).min(1).optional(),
  select: nodeSelectSchema.optional(),
};
const nodeOrZoneTarget = { ...nodeTarget, zone: z.string().optional() };

const faultUnion = z.discriminatedUnion(
  'action',
  [
    z.strictObject({ action: z.literal('node-crash'), ...base, ...nodeTarget }),
    z.strictObject({ action: z.literal('node-recover'), at: durationUs(), ...nodeOrZoneTarget }),
    z.strictObject({ action: z.literal('zone-outage'), ...base, zone: z.string() }),
    z.strictObject({
      action: z.literal('network-partition'),
      ...base,
      ...nodeOrZoneTarget,
      /** How the kubelet's calls fail while cut off; fast-fail (refused) unless set. */
      mode: z.enum(['fast-fail', 'timeout']).optional(),
    }),
    z.strictObject({
      action: z.literal('lease-renew-failures'),
      ...base,
      ...nodeOrZoneTarget,
      mode: z.enum(['fast-fail', 'timeout']).optional(),
    }),
    z.strictObject({ action: z.literal('kubelet-not-ready'), ...base, ...nodeOrZoneTarget }),
    z.strictObject({
      action: z.literal('add-nodes'),
      at: durationUs(),
      pool: k8sName(),
      count: z.number().int().positive(),
    }),
    z.strictObject({ action: z.literal('delete-node'), at: durationUs(), ...nodeTarget }),
    z.strictObject({ action: z.literal('controller-manager-restart'), at: durationUs() }),
    /** Non-graceful shutdown: node.kubernetes.io/out-of-service=nodeshutdown:NoExecute (removed after `for`). */
    z.strictObject({ action: z.literal('out-of-service'), ...base, ...nodeTarget }),
  ],
  {
    error: (issue) =>
      issue.code === 'invalid_union'
        ? 'expected action to be one of node-crash, node-recover, zone-outage, network-partition, lease-renew-failures, kubelet-not-ready, add-nodes, delete-node, controller-manager-restart, out-of-service'
        : undefined,
  },
);

export const faultSchema = faultUnion.superRefine((f, ctx) => refuseNodeAndNodes(f as never, ctx));

export type FaultSpec = z.output<typeof faultSchema>;
export type FaultAction = FaultSpec['action'];
