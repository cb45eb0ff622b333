// Every citation of the project's documents resolves: code comments, scenario headers, the README and
// docs/ itself cite docs/<name>.md by file name and section (`node-health-timing.md §9 M3`), and the
// section heading and label must exist there. Nothing may point into the team's machine-local folder,
// which a clone of the repository does not have (docs/README.md).

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type Citation,
  checkCitation,
  type DocIndex,
  findCitations,
  findPrivatePaths,
  indexDoc,
} from './citations.js';

const ROOTS = ['src', 'test', 'bench', 'scenarios', 'docs', 'README.md'];
// Scanned for private paths only: the root configuration and the CI entry point.
const CONFIG = [
  '.ci/run',
  'package.json',
  'biome.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'vitest.config.ts',
];
const TEXT = /\.(ts|md|ya?ml|sh|txt|json)$/;
// This suite's own files hold deliberately broken examples.
const SELF = new Set([join('test', 'docs', 'citations.ts'), join('test', 'docs', 'citations.test.ts')]);

function files(path: string): string[] {
  if (statSync(path).isDirectory()) return readdirSync(path).flatMap((name) => files(join(path, name)));
  return TEXT.test(path) && !SELF.has(path) ? [path] : [];
}

function docsIndex(dir: string): Map<string, DocIndex> {
  const docs = new Map<string, DocIndex>();
  for (const name of readdirSync(dir)) {
    if (name.endsWith('.md')) docs.set(name, indexDoc(readFileSync(join(dir, name), 'utf8')));
  }
  return docs;
}

function citationsIn(path: string): Citation[] {
  const self = dirname(path) === 'docs' ? basename(path) : undefined;
  return findCitations(path, readFileSync(path, 'utf8'), self);
}

describe('citations of docs/', () => {
  const all = ROOTS.flatMap(files);
  const docs = docsIndex('docs');
  const citations = all.flatMap(citationsIn);

  it('scans a real tree and finds the citations', () => {
    expect(all.length).toBeGreaterThan(100);
    expect(all).toContain(join('src', 'controllers', 'node-lifecycle', 'controller.ts'));
    expect(citations.length).toBeGreaterThan(300);
    const docsCited = new Set(citations.map((c) => c.doc));
    for (const d of ['node-health-timing.md', 'scheduler.md', 'interfaces.md', 'dependencies.md']) {
      expect(docsCited).toContain(d);
    }
  });

  it('every cited document, section and label exists', () => {
    const problems = citations.map((c) => checkCitation(c, docs)).filter((p) => p !== null);
    expect(problems).toEqual([]);
  });

  it('nothing points into the machine-local shared folder', () => {
    const scanned = [...all, ...CONFIG.filter((f) => existsSync(f))];
    expect(scanned.flatMap((f) => findPrivatePaths(f, readFileSync(f, 'utf8')))).toEqual([]);
  });
});

describe('the citation checker', () => {
  const doc = indexDoc(
    [
      '# Title',
      '## 3. Controller',
      '### 3.4 Actions',
      '## 9. Model',
      '- **M3 Order.** text',
      '### S1 — crash',
      '```',
      '## 7. inside a code fence',
      '```',
    ].join('\n'),
  );
  const docs = new Map([['nht.md', doc]]);
  const problems = (text: string, self?: string): string[] =>
    findCitations('f.ts', text, self)
      .map((c) => checkCitation(c, docs))
      .filter((p) => p !== null);

  it('indexes numbered headings and labels with their section', () => {
    expect([...doc.sections]).toEqual(['3', '3.4', '9']);
    expect(doc.labels).toEqual(
      new Map([
        ['M3', '9'],
        ['S1', '9'],
      ]),
    );
  });

  it('accepts sections, ranges, lists, bound and loose labels', () => {
    expect(problems('// nht.md §3.4, §9 M3 and §3-§9; S1\n// nht.md §9 (M3, S1)')).toEqual([]);
    expect(problems('# S1 (nht.md §9): crash\n# later: §3.4 "actions"')).toEqual([]);
    expect(findCitations('f.ts', '// nht.md §3,\n// §9 M3').map((c) => [c.section, c.label])).toEqual([
      ['3', undefined],
      ['9', undefined],
      ['9', 'M3'],
    ]);
  });

  it('rejects a missing section, a missing label, a label in the wrong section, an unknown document', () => {
    expect(problems('// nht.md §5')).toEqual(['f.ts:1: nht.md has no section §5']);
    expect(problems('// nht.md §3.4-§3.6')).toEqual(['f.ts:1: nht.md has no section §3.6']);
    expect(problems('// nht.md §9 M4')).toEqual(['f.ts:1: nht.md defines no label M4']);
    expect(problems('// nht.md §3 M3')).toEqual(['f.ts:1: nht.md defines M3 in §9, not in §3']);
    expect(problems('// S1 (nht.md §3.4)')).toEqual(['f.ts:1: nht.md defines S1 in §9, not in §3.4']);
    expect(problems('// other.md §1')).toEqual(['f.ts:1: cites other.md, but docs/other.md does not exist']);
  });

  it('resolves a bare § to the document named before it, or to the document itself', () => {
    expect(problems('// nht.md §3\n\n// much later §7')).toEqual(['f.ts:3: nht.md has no section §7']);
    expect(problems('see §7', 'nht.md')).toEqual(['f.ts:1: nht.md has no section §7']);
    expect(problems('// §3 with no document')).toEqual(['f.ts:1: §3 names no document before it']);
  });

  it('finds paths into the shared folder', () => {
    const dir = ['..', 'shared', 'spec'].join('/');
    expect(findPrivatePaths('f.ts', `ok\n// see ${dir}/x.md`)).toEqual([`f.ts:2: // see ${dir}/x.md`]);
    expect(findPrivatePaths('f.ts', '// a well-shared/ value, docs/x.md')).toEqual([]);
  });
});
