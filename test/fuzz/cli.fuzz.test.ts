// Property-based fuzzing of the CLI (fast-check, seeded, a bounded number of cases): small scenarios,
// valid or mutated (extreme numbers, wrong types, deleted and unknown keys, YAML hazards, odd include
// files, hostile --set expressions), each run through `kubesim validate` and `kubesim run`. Properties:
// the exit code is 0, 2 or 3; no stack trace and no "unexpected error"; validate and run agree on
// validity (validate 0 <=> run 0 or 3); a failed run leaves no output folder; nothing outside the output
// folder changes. Cases with a FIFO run the built CLI as a child with a timeout (a regression would
// block a read); the rest run in-process for speed. KUBESIM_FUZZ_RUNS=N KUBESIM_FUZZ_SEED=S runs a
// longer or another campaign.

import { spawnSync } from 'node:child_process';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { kubesim } from '../helpers/cli.js';

const BIN = 'dist/src/cli/main.js';
const RUNS = Number(process.env.KUBESIM_FUZZ_RUNS ?? 50);
const SEED = Number(process.env.KUBESIM_FUZZ_SEED ?? 18);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function baseScenario(p: {
  count: number;
  zones: number;
  cpu: string;
  durationS: number;
  replicas: number;
  crash: boolean;
  seed: number;
}): { [k: string]: Json } {
  const zones = ['zone-a', 'zone-b', 'zone-c'].slice(0, p.zones);
  return {
    apiVersion: 'kubesim/v1alpha1',
    kind: 'Scenario',
    metadata: { name: 'fuzz', labels: { app: 'fuzz' } },
    spec: {
      seed: p.seed,
      duration: `${p.durationS}s`,
      cluster: {
        nodePools: [
          { name: 'general', count: p.count, zones, capacity: { cpu: p.cpu, memory: '8Gi', pods: 110 } },
        ],
      },
      workloads: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'web', labels: { app: 'web' } },
          spec: {
            replicas: p.replicas,
            selector: { matchLabels: { app: 'web' } },
            template: {
              metadata: { labels: { app: 'web' } },
              spec: {
                containers: [
                  {
                    name: 'web',
                    image: 'registry.k8s.io/pause:3.10',
                    resources: { requests: { cpu: '100m', memory: '64Mi' } },
                  },
                ],
              },
            },
          },
        },
      ],
      faults: p.crash && p.count > 0 ? [{ at: '5s', action: 'node-crash', node: 'general-a-01' }] : [],
      metrics: { interval: '10s' },
    },
  };
}

/** Values that break types and ranges (but no work the loader cannot refuse yet: no 1e12 nodes). */
const EXTREME: Json[] = [
  -1,
  0,
  0.5,
  1e308,
  -1e308,
  2 ** 53 + 2,
  Number.NaN as unknown as Json,
  Number.POSITIVE_INFINITY as unknown as Json,
  'abc',
  '',
  null,
  true,
  [],
  {},
  'x'.repeat(300),
  'ÜNÏ_cödé',
  '-1s',
  '10mm',
  '1e3s',
  '__proto__',
  { __proto__: { polluted: true } } as unknown as Json,
];

/** A billion-laughs alias bomb: 10^9 leaves if expanded. */
const BOMB = [
  'a: &a [x, x, x, x, x, x, x, x, x, x]',
  ...'bcdefghi'.split('').map((k, i) => {
    const prev = 'abcdefghi'[i] as string;
    return `${k}: &${k} [${Array(10).fill(`*${prev}`).join(', ')}]`;
  }),
].join('\n');

/** Raw texts: YAML that is hostile before it is a scenario. */
const HAZARD_TEXTS = [
  BOMB,
  'apiVersion: kubesim/v1alpha1\nkind: Scenario\nmetadata: {name: *nope}\n',
  'metadata: &m {name: x, labels: *m}\n',
  `${'['.repeat(20000)}${']'.repeat(20000)}`,
  'a: 1\na: 2\n',
  '\tkind: Scenario\n',
  '',
  '---\n---\n',
  '\u0000\u0001\u0002binary\uFFFD',
  '[1, 2, 3]',
  '"just a string"',
  '? [a, b]\n: c\n',
];

/** What an include may point at: kinds of files made in the case's folder (or outside it). */
const INCLUDE_TARGETS = [
  'missing.yaml',
  'sub',
  '../escape.yaml',
  '/etc/hostname',
  'link-out.yaml',
  'null.yaml',
  'fifo.yaml',
  '..pods.yaml',
  'bomb.yaml',
  '',
] as const;

const SET_HAZARDS = [
  '__proto__.x=1',
  'constructor.prototype.x=1',
  'spec.workloads[100000000].x=1',
  'spec.workloads[4294967296]=1',
  'spec.workloads.name=x',
  'a.b',
  '=1',
  'spec..x=1',
  'spec.duration=*x',
  'spec.cluster.nodePools[0].count=&a [*a]',
  'spec.seed=-1',
  'spec.workloads[0].file=missing.yaml',
  'spec.cluster.nodes=fifo.yaml',
  'spec.maxEvents=40',
  'spec.workloads[0]["__proto__"].x=1',
];

const FORBIDDEN_SET = /(^|[.[])"?(__proto__|constructor|prototype)"?($|[.\]=])/;

type Mutation =
  | { kind: 'none' }
  | { kind: 'replace'; at: number; value: Json }
  | { kind: 'delete'; at: number }
  | { kind: 'unknown'; at: number }
  | { kind: 'text'; text: string }
  | { kind: 'include'; target: (typeof INCLUDE_TARGETS)[number] }
  | { kind: 'set'; expr: string }
  | { kind: 'set-extreme'; at: number; value: Json };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 10, arbitrary: fc.constant({ kind: 'none' as const }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('replace' as const),
      at: fc.nat(),
      value: fc.constantFrom(...EXTREME),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unknown' as const), at: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('text' as const), text: fc.constantFrom(...HAZARD_TEXTS) }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('include' as const),
      target: fc.constantFrom(...INCLUDE_TARGETS),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('set' as const), expr: fc.constantFrom(...SET_HAZARDS) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('set-extreme' as const),
      at: fc.nat(),
      value: fc.constantFrom(...EXTREME),
    }),
  },
);

type FuzzCase = { base: Parameters<typeof baseScenario>[0]; mutations: Mutation[] };

const fuzzCase: fc.Arbitrary<FuzzCase> = fc.record({
  base: fc.record({
    count: fc.integer({ min: 0, max: 4 }),
    zones: fc.integer({ min: 1, max: 3 }),
    cpu: fc.constantFrom('1', '2', '500m'),
    durationS: fc.integer({ min: 10, max: 90 }),
    replicas: fc.integer({ min: 0, max: 6 }),
    crash: fc.boolean(),
    seed: fc.nat(1000),
  }),
  mutations: fc.array(mutation, { minLength: 1, maxLength: 2 }),
});

/** Every hazard at least once, whatever the random cases pick (fast-check runs examples first). */
const EXAMPLE_BASE = { count: 2, zones: 2, cpu: '1', durationS: 30, replicas: 2, crash: true, seed: 1 };
const EXAMPLES: Array<[FuzzCase]> = [
  ...SET_HAZARDS.map((expr): Mutation => ({ kind: 'set', expr })),
  ...HAZARD_TEXTS.map((text): Mutation => ({ kind: 'text', text })),
  ...INCLUDE_TARGETS.map((target): Mutation => ({ kind: 'include', target })),
].map((m) => [{ base: EXAMPLE_BASE, mutations: [m] }]);

/** Every path to a value in the scenario, for mutations to pick from. */
function paths(v: Json, at: Array<string | number> = []): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [at];
  if (Array.isArray(v)) for (const [i, x] of v.entries()) out.push(...paths(x, [...at, i]));
  else if (v !== null && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...at, k]));
  return out;
}

function holderOf(
  root: Json,
  path: Array<string | number>,
): { holder: Json; key: string | number } | undefined {
  if (path.length === 0) return undefined;
  let h: Json = root;
  for (const seg of path.slice(0, -1)) h = (h as Record<string | number, Json>)[seg] as Json;
  return { holder: h, key: path.at(-1) as string | number };
}

function setPath(path: Array<string | number>): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

interface Built {
  text: string;
  sets: string[];
  includes: Set<string>;
}

function build(c: FuzzCase): Built {
  const scenario = baseScenario(c.base);
  let text: string | undefined;
  const sets: string[] = [];
  const includes = new Set<string>();
  for (const m of c.mutations) {
    if (m.kind === 'none') continue;
    const all = paths(scenario);
    if (m.kind === 'replace' || m.kind === 'delete' || m.kind === 'unknown') {
      const target = all[m.at % all.length] as Array<string | number>;
      const h = holderOf(scenario, target);
      if (h === undefined) continue;
      const holder = h.holder as Record<string | number, Json>;
      if (m.kind === 'replace') holder[h.key] = m.value;
      else if (m.kind === 'delete') {
        if (Array.isArray(holder)) holder.splice(h.key as number, 1);
        else delete holder[h.key];
      } else if (holder !== null && typeof holder === 'object' && !Array.isArray(holder))
        holder.fuzzUnknownKey = 1;
    } else if (m.kind === 'text') text = m.text;
    else if (m.kind === 'include') {
      const spec = scenario.spec as Record<string, Json>;
      if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) continue;
      const list = Array.isArray(spec.workloads) ? spec.workloads : [];
      spec.workloads = [...list, { file: m.target }];
      includes.add(m.target);
    } else if (m.kind === 'set') sets.push(m.expr);
    else {
      const target = all[m.at % all.length] as Array<string | number>;
      if (target.length > 0) sets.push(`${setPath(target)}=${JSON.stringify(m.value) ?? 'null'}`);
    }
  }
  for (const s of sets)
    if (/fifo\.yaml|missing\.yaml/.test(s)) includes.add(/fifo/.test(s) ? 'fifo.yaml' : 'missing.yaml');
  return { text: text ?? stringify(scenario), sets, includes };
}

const POD =
  'apiVersion: v1\nkind: Pod\nmetadata: {name: dots}\nspec: {containers: [{name: c, image: registry.k8s.io/pause:3.10}]}\n';

/** The case's folder: the scenario and the odd files it may include; one file outside it. */
function materialize(root: string, b: Built): string {
  const dir = mkdtempSync(join(root, 'case-'));
  const s = join(dir, 's');
  mkdirSync(s);
  writeFileSync(join(dir, 'escape.yaml'), POD);
  writeFileSync(join(s, 's.yaml'), b.text);
  mkdirSync(join(s, 'sub'));
  writeFileSync(join(s, '..pods.yaml'), POD);
  writeFileSync(join(s, 'bomb.yaml'), BOMB);
  symlinkSync(join(dir, 'escape.yaml'), join(s, 'link-out.yaml'));
  symlinkSync('/dev/null', join(s, 'null.yaml'));
  if (b.includes.has('fifo.yaml')) spawnSync('mkfifo', [join(s, 'fifo.yaml')]);
  return s;
}

function snapshot(dir: string, skip: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (p === skip) continue;
      const st = lstatSync(p);
      if (st.isDirectory()) walk(p);
      out.push(`${p} ${st.isFile() ? readFileSync(p, 'utf8').length : st.mode}`);
    }
  };
  walk(dir);
  return out;
}

async function cli(args: string[], inChild: boolean): Promise<{ code: number | null; err: string }> {
  if (!inChild) return kubesim(args);
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, err: `${r.stderr}${r.signal ? `\nkilled by ${r.signal} (a hang?)` : ''}` };
}

function checkClean(what: string, r: { code: number | null; err: string }): void {
  expect([0, 2, 3], `${what} exit code, stderr:\n${r.err}`).toContain(r.code);
  expect(r.err, what).not.toMatch(/\n\s+at |unexpected error|bad_alloc|heap out of memory/);
}

describe('fuzzing the CLI with generated scenarios', () => {
  it(
    `${RUNS} cases and ${EXAMPLES.length} examples: exit 0/2/3, no stack trace, validate agrees with run, no stray output`,
    async () => {
      const bin = BIN;
      if (!readdirSync('dist/src/cli').includes('main.js'))
        throw new Error(`run npm run build first (${bin})`);
      const root = mkdtempSync(join(tmpdir(), 'kubesim-fuzz-'));
      const seen = { ok: 0, bad: 0, limit: 0 };
      await fc.assert(
        fc.asyncProperty(fuzzCase, async (c) => {
          const b = build(c);
          const dir = materialize(root, b);
          const scenario = join(dir, 's.yaml');
          const out = join(dir, 'out');
          const inChild = b.includes.has('fifo.yaml');
          // The same --set for both commands; a cap on events first, so no case runs long.
          const sets = ['spec.maxEvents=300000', ...b.sets].flatMap((s) => ['--set', s]);
          const before = snapshot(dir, out);
          const v = await cli(['validate', scenario, ...sets], inChild);
          checkClean('validate', v);
          const r = await cli(['run', scenario, '--out', out, '--quiet', ...sets], inChild);
          checkClean('run', r);
          expect(r.code === 2, `validate ${v.code} but run ${r.code}:\n${v.err}\n${r.err}`).toBe(
            v.code === 2,
          );
          // No --set may reach a prototype: naming one is always refused.
          if (b.sets.some((x) => FORBIDDEN_SET.test(x.split('=')[0] as string))) expect(v.code).toBe(2);
          if (r.code !== 0) expect(readdirSync(dir)).not.toContain('out');
          expect(readdirSync(dir).filter((n) => n.includes('.partial-'))).toEqual([]);
          expect(snapshot(dir, out)).toEqual(before);
          seen[r.code === 0 ? 'ok' : r.code === 2 ? 'bad' : 'limit']++;
          rmSync(join(dir, '..'), { recursive: true, force: true });
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true, examples: EXAMPLES },
      );
      // The generator must reach every side: a fuzz run where everything is rejected tests nothing.
      expect(seen.ok).toBeGreaterThan(RUNS / 10);
      expect(seen.bad).toBeGreaterThan(RUNS / 4);
      expect(seen.limit).toBeGreaterThan(0);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(({} as Record<string, unknown>).x).toBeUndefined();
      rmSync(root, { recursive: true, force: true });
    },
    60_000 + RUNS * 2_000,
  );
});
