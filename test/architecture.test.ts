// The import rules of .dependency-cruiser.cjs (docs/ARCHITECTURE.md "Layers") hold for src/, and they
// bite: a tiny tree that breaks them (a component importing the composition root, which imports it
// back; a component reaching into another's implementation; the model importing a component) fails
// with the rule names. `npm run lint` runs the same check on the real tree.

import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const depcruise = join(root, 'node_modules', '.bin', 'depcruise');
const config = join(root, '.dependency-cruiser.cjs');

function cruise(cwd: string): { status: number | null; out: string } {
  const r = spawnSync(depcruise, ['--config', config, '--output-type', 'err', 'src'], {
    cwd,
    encoding: 'utf8',
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('import rules', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'kubesim-arch-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('src/ has no circle and no layer or port violation', () => {
    const out = execFileSync(depcruise, ['--config', config, '--output-type', 'err', 'src'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(out).toContain('no dependency violations found');
  });

  it('a tree that breaks the rules fails, naming each rule', () => {
    const files: Record<string, string> = {
      'src/kubelet/kubelet.ts': "import type { Sim } from '../sim/assemble.js';\nexport type K = Sim;\n",
      'src/sim/assemble.ts':
        "import type { K } from '../kubelet/kubelet.js';\nexport type Sim = { k?: K };\n",
      'src/faults/injector.ts': "import type { K } from '../kubelet/kubelet.js';\nexport type F = K;\n",
      'src/faults/events.ts': "import type { F } from './injector.js';\nexport type E = F;\n",
      'src/scheduler/scheduler.ts': "import type { E } from '../faults/events.js';\nexport type S = E;\n",
      'src/model/types.ts': "import type { S } from '../scheduler/scheduler.js';\nexport type T = S;\n",
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(scratch, path)), { recursive: true });
      writeFileSync(join(scratch, path), text);
    }
    cpSync(join(root, 'tsconfig.json'), join(scratch, 'tsconfig.json'));
    const r = cruise(scratch);
    expect(r.status).not.toBe(0);
    expect(r.out).toContain('no-circular: src/kubelet/kubelet.ts');
    expect(r.out).toContain('components-below-assembly: src/kubelet/kubelet.ts → src/sim/assemble.ts');
    // A component's implementation is off limits; its events module is data others may import.
    expect(r.out).toContain('components-through-ports: src/faults/injector.ts → src/kubelet/kubelet.ts');
    expect(r.out).not.toContain('components-through-ports: src/scheduler/scheduler.ts');
    expect(r.out).toContain('model-below-kernel: src/model/types.ts → src/scheduler/scheduler.ts');
  });

  it('the scheduler framework is a library of the cluster-autoscaler only, its loop stays behind ports', () => {
    const tree = mkdtempSync(join(tmpdir(), 'kubesim-arch-ca-'));
    const files: Record<string, string> = {
      'src/scheduler/runtime.ts': 'export type Fw = { name: string };\n',
      'src/scheduler/scheduler.ts': 'export type S = { loop: true };\n',
      'src/controllers/daemonset-util.ts': 'export type D = { daemon: true };\n',
      'src/autoscaler/predicates.ts':
        "import type { Fw } from '../scheduler/runtime.js';\nimport type { D } from '../controllers/daemonset-util.js';\nexport type P = [Fw, D];\n",
      'src/autoscaler/loop.ts': "import type { S } from '../scheduler/scheduler.js';\nexport type L = S;\n",
      'src/kubelet/kubelet.ts':
        "import type { Fw } from '../scheduler/runtime.js';\nimport type { D } from '../controllers/daemonset-util.js';\nexport type K = [Fw, D];\n",
    };
    try {
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(tree, path)), { recursive: true });
        writeFileSync(join(tree, path), text);
      }
      cpSync(join(root, 'tsconfig.json'), join(tree, 'tsconfig.json'));
      const r = cruise(tree);
      expect(r.status).not.toBe(0);
      expect(r.out).not.toContain('src/autoscaler/predicates.ts');
      expect(r.out).toContain(
        'components-through-ports: src/autoscaler/loop.ts → src/scheduler/scheduler.ts',
      );
      expect(r.out).toContain(
        'scheduler-framework-is-the-autoscalers-library: src/kubelet/kubelet.ts → src/scheduler/runtime.ts',
      );
      expect(r.out).toContain(
        'daemon-placement-is-the-autoscalers-library: src/kubelet/kubelet.ts → src/controllers/daemonset-util.ts',
      );
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  });
});
