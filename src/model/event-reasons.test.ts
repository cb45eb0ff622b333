// The reason registry against the code that writes rows: no dead entry (each reason is still written
// somewhere), the fault reasons are exactly the fault actions, heartbeat reasons are written only by the
// heartbeatRow path, and EventLog.emit refuses a reason outside its kind's list at compile time.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { faultSchema } from '../faults/schema.js';
import { EventLog } from './event-log.js';
import { ALL_REASONS, EVENT_KINDS, EVENT_REASONS, HEARTBEAT_REASONS, kindsOf } from './event-reasons.js';

function sources(dir: string): Array<{ file: string; text: string }> {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    if (!e.name.endsWith('.ts') || e.name.endsWith('.test.ts') || p.includes('/testing/')) return [];
    if (p.endsWith('event-reasons.ts')) return [];
    return [{ file: p, text: readFileSync(p, 'utf8') }];
  });
}

const SRC = sources('src');

describe('event reason registry', () => {
  it('has no dead entry: every listed reason is written as a literal somewhere in src/', () => {
    const notFault = ALL_REASONS.filter((r) => !(EVENT_REASONS.Fault as readonly string[]).includes(r));
    const dead = notFault.filter((r) => !SRC.some((f) => f.text.includes(`'${r}'`)));
    expect(dead).toEqual([]);
  });

  it('lists exactly the fault actions as Fault reasons', () => {
    const actions = faultSchema.options.map((o) => o.shape.action.value);
    expect([...EVENT_REASONS.Fault].sort()).toEqual([...actions].sort());
  });

  it('heartbeat reasons are written only through heartbeatRow (so they need heartbeatEvents)', () => {
    for (const reason of HEARTBEAT_REASONS) {
      const lines = SRC.flatMap((f) =>
        f.text
          .split('\n')
          .filter((l) => l.includes(`'${reason}'`))
          .map((l) => `${f.file}: ${l.trim()}`),
      );
      expect(lines.length).toBeGreaterThan(0);
      for (const l of lines) expect(l).toMatch(/heartbeatRow\(/);
    }
  });

  it('README "Outputs" lists every reason of each kind, in list order', () => {
    const readme = readFileSync('README.md', 'utf8');
    for (const kind of EVENT_KINDS) {
      const line = readme.split('\n').find((l) => l.startsWith(`| \`${kind}\` | `));
      expect(line, kind).toBe(`| \`${kind}\` | ${EVENT_REASONS[kind].join(', ')} |`);
    }
  });

  it('knows which kinds carry a reason', () => {
    expect(kindsOf('TaintAdded')).toEqual(['Node']);
    expect(kindsOf('Deleted')).toEqual(['Pod', 'Workload', 'Volume']);
    expect(kindsOf('node-crash')).toEqual(['Fault']);
    expect(kindsOf('TaintAddded')).toEqual([]);
  });

  it('EventLog.emit takes only listed reasons of the row kind (checked by tsc)', () => {
    const rows: string[] = [];
    const log = new EventLog({ write: (l) => rows.push(l) });
    log.emit(0, 'Node', 'TaintAdded', 'a', 'a', 'zone-a', 'k:NoExecute');
    // @ts-expect-error a misspelled reason does not compile
    log.emit(0, 'Node', 'TaintAddded', 'a');
    // @ts-expect-error a reason of another kind does not compile
    log.emit(0, 'Pod', 'TaintAdded', 'default/p');
    expect(rows).toHaveLength(3);
  });
});
