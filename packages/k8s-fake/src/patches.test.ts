import { describe, expect, it } from 'vitest';
import { applyJsonPatch, applyMergePatch, PatchError } from './patches.ts';

describe('merge patch (RFC 7386)', () => {
  it('merges objects, replaces arrays and deletes on null', () => {
    const target = { spec: { replicas: 2, paused: true, list: [1, 2] }, keep: 'x' };
    const patched = applyMergePatch(target, { spec: { replicas: 5, paused: null, list: [3] } });
    expect(patched).toEqual({ spec: { replicas: 5, list: [3] }, keep: 'x' });
    expect(target.spec.replicas).toBe(2);
  });
});

describe('JSON patch (RFC 6902)', () => {
  it('applies add/replace/remove/test in order', () => {
    const patched = applyJsonPatch({ spec: { replicas: 1, a: [1] } }, [
      { op: 'test', path: '/spec/replicas', value: 1 },
      { op: 'replace', path: '/spec/replicas', value: 3 },
      { op: 'add', path: '/spec/a/-', value: 2 },
      { op: 'remove', path: '/spec/a/0' },
    ]);
    expect(patched).toEqual({ spec: { replicas: 3, a: [2] } });
  });

  it('fails a failed test operation', () => {
    expect(() => applyJsonPatch({ a: 1 }, [{ op: 'test', path: '/a', value: 2 }])).toThrow(PatchError);
  });
});
