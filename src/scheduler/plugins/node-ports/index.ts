// NodePorts (pkg/scheduler/framework/plugins/nodeports): a pod asking for host ports fits only where no
// pod already holds the same (protocol, port) on the same host IP; 0.0.0.0 conflicts with every IP.

import type { Container, Pod } from '../../../model/types.js';
import type { NodeInfo } from '../../cache.js';
import {
  Code,
  type CycleState,
  type FilterPlugin,
  type PreFilterPlugin,
  type PreFilterResult,
  type StateData,
  type Status,
  status,
} from '../../framework.js';
import { definePlugin, noArgs } from '../types.js';
import { nodePortsEventsToRegister } from './hints.js';

export const name = 'NodePorts';
export const ErrReason = "node(s) didn't have free ports for the requested pod ports";
const KEY = `PreFilter${name}`;

export interface HostPort {
  readonly ip: string;
  readonly protocol: string;
  readonly port: number;
}

const NO_PORTS: readonly HostPort[] = Object.freeze([]);

export function hostPorts(pod: Pod): readonly HostPort[] {
  let out: HostPort[] | null = null;
  const add = (c: Container) => {
    for (const p of c.ports) {
      if (p.hostPort === undefined || p.hostPort <= 0) continue;
      out ??= [];
      out.push({ ip: p.hostIP || '0.0.0.0', protocol: p.protocol ?? 'TCP', port: p.hostPort });
    }
  };
  for (const c of pod.spec.containers) if (c.ports.length > 0) add(c);
  for (const c of pod.spec.initContainers) if (c.restartPolicy === 'Always') add(c);
  return out ?? NO_PORTS;
}

export function conflicts(want: readonly HostPort[], used: readonly HostPort[]): boolean {
  for (const w of want) {
    for (const u of used) {
      if (u.protocol !== w.protocol || u.port !== w.port) continue;
      if (w.ip === '0.0.0.0' || u.ip === '0.0.0.0' || u.ip === w.ip) return true;
    }
  }
  return false;
}

class State implements StateData {
  constructor(readonly ports: readonly HostPort[]) {}
  clone(): StateData {
    return this;
  }
}

export default definePlugin({
  name,
  points: ['preFilter', 'filter'],
  argsSchema: noArgs,
  create() {
    const conflict = status(Code.Unschedulable, name, ErrReason);
    const skip = status(Code.Skip, name);
    return {
      name,
      eventsToRegister: (hints: boolean) => nodePortsEventsToRegister(hints, { hostPorts, conflicts }),
      preFilter(state: CycleState, pod: Pod): PreFilterResult {
        const ports = hostPorts(pod);
        if (ports.length === 0) return { status: skip };
        state.write(KEY, new State(ports));
        return { status: null };
      },
      filter(state: CycleState, pod: Pod, ni: NodeInfo): Status {
        const want = state.read<State>(KEY)?.ports ?? hostPorts(pod);
        if (want.length === 0) return null;
        for (const other of ni.pods) {
          if (conflicts(want, hostPorts(other))) return conflict;
        }
        return null;
      },
    } satisfies PreFilterPlugin & FilterPlugin;
  },
});
