// NodeUnschedulable, NodeName and NodePorts vectors (scheduler.md §4.12).
import { describe, expect, it } from 'vitest';
import { explain, node, pod, world } from '../testing/fixtures.js';

describe('small filters', () => {
  it('NodeUnschedulable rejects cordoned nodes unless the pod tolerates the unschedulable taint', () => {
    const sim = world({ nodes: [node('c', { unschedulable: true }), node('ok')] });
    expect(explain(sim, pod('p')).nodes[0]?.filter).toEqual({
      plugin: 'NodeUnschedulable',
      reason: 'node(s) were unschedulable',
      code: 'UnschedulableAndUnresolvable',
    });
    const tol = pod('q', {
      spec: {
        tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }],
      },
    });
    expect(explain(sim, tol).feasible).toBe(2);
  });

  it('NodePorts: host port conflicts on the same protocol, 0.0.0.0 conflicts with every IP', () => {
    const holder = pod('h', {
      nodeName: 'n1',
      spec: {
        containers: [{ name: 'c', ports: [{ containerPort: 80, hostPort: 8080, hostIP: '10.0.0.1' }] }],
      },
    });
    const sim = world({ nodes: [node('n1'), node('n2')], pods: [holder] });
    const want = (hostIP?: string, protocol?: string) =>
      pod('p', {
        spec: {
          containers: [
            {
              name: 'c',
              ports: [
                {
                  containerPort: 80,
                  hostPort: 8080,
                  ...(hostIP ? { hostIP } : {}),
                  ...(protocol ? { protocol } : {}),
                },
              ],
            },
          ],
        },
      });
    expect(explain(sim, want()).nodes[0]?.filter?.reason).toBe(
      "node(s) didn't have free ports for the requested pod ports",
    );
    expect(explain(sim, want('10.0.0.2')).nodes[0]?.feasible).toBe(true);
    expect(explain(sim, want('10.0.0.1', 'UDP')).nodes[0]?.feasible).toBe(true);
    expect(explain(sim, want()).nodes[1]?.feasible).toBe(true);
  });
});
