// Env var names under both rules (k8s.io/apimachinery/pkg/util/validation validation_test.go
// TestIsEnvVarName / TestIsRelaxedEnvVarName cases); the release that switches between them is pinned in
// test/upstream-vectors/api-validation-manifests.test.ts.
import { describe, expect, it } from 'vitest';
import { isEnvVarName, isRelaxedEnvVarName } from './pod-fields.js';

describe('env var names', () => {
  it('the strict rule (before 1.32): letters, digits, _ - . and no leading digit', () => {
    for (const ok of ['ABC', 'AbC_123', 'abc', 'a.b.c', 'a-b-c', '_abc', '-abc', '.abc'])
      expect(isEnvVarName(ok)).toEqual([]);
    for (const bad of ['1abc', 'a b', 'a=b', 'a!', '', 'ñ']) expect(isEnvVarName(bad)).toHaveLength(1);
    expect(isEnvVarName('..abc')).toEqual(["must not start with '..'"]);
    expect(isEnvVarName('.')).toEqual(["must not be '.'"]);
    expect(isEnvVarName('..')).toEqual(["must not be '..'"]);
  });

  it('the relaxed rule (from 1.32): any printable ASCII but "="', () => {
    for (const ok of ['1abc', 'a b', '!"#$%&\'()', 'a:b', '~', '..', '.'])
      expect(isRelaxedEnvVarName(ok)).toEqual([]);
    expect(isRelaxedEnvVarName('a=b')).toHaveLength(1);
    expect(isRelaxedEnvVarName('tab\there')).toHaveLength(1);
    expect(isRelaxedEnvVarName('ñ')).toHaveLength(1);
    expect(isRelaxedEnvVarName('')).toEqual(['environment variable name must be non-empty']);
  });
});
