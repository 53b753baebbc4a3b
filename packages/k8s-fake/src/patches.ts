/** JSON value as patches see it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: unknown): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** RFC 7386 JSON merge patch: objects merge recursively, null deletes, anything else replaces. */
export function applyMergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return patch;
  const result: { [key: string]: Json } = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key] ?? null, value);
  }
  return result;
}

export class PatchError extends Error {}

export interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'test' | 'move' | 'copy';
  path: string;
  value?: Json;
  from?: string;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new PatchError(`invalid JSON pointer: ${path}`);
  return path
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function parentOf(doc: Json, tokens: string[]): { parent: Json; key: string } {
  let node: Json = doc;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(node)) node = node[Number(token)] ?? null;
    else if (isObject(node)) node = node[token] ?? null;
    else throw new PatchError(`path not found at ${token}`);
  }
  return { parent: node, key: tokens[tokens.length - 1] ?? '' };
}

function getAt(doc: Json, path: string): Json | undefined {
  let node: Json | undefined = doc;
  for (const token of pointer(path)) {
    if (Array.isArray(node)) node = node[Number(token)];
    else if (isObject(node)) node = node[token];
    else return undefined;
  }
  return node;
}

function remove(doc: Json, path: string): void {
  const { parent, key } = parentOf(doc, pointer(path));
  if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else if (isObject(parent) && Object.hasOwn(parent, key)) delete parent[key];
  else throw new PatchError(`path not found: ${path}`);
}

function add(doc: Json, path: string, value: Json, replace: boolean): Json {
  const tokens = pointer(path);
  if (tokens.length === 0) return value;
  const { parent, key } = parentOf(doc, tokens);
  if (Array.isArray(parent)) {
    const index = key === '-' ? parent.length : Number(key);
    if (replace) parent[index] = value;
    else parent.splice(index, 0, value);
  } else if (isObject(parent)) {
    if (replace && !Object.hasOwn(parent, key)) throw new PatchError(`path not found: ${path}`);
    parent[key] = value;
  } else {
    throw new PatchError(`path not found: ${path}`);
  }
  return doc;
}

/** RFC 6902 JSON patch (client-node's default patch content type). */
export function applyJsonPatch(target: Json, operations: readonly JsonPatchOperation[]): Json {
  let doc: Json = structuredClone(target);
  for (const op of operations) {
    switch (op.op) {
      case 'add':
        doc = add(doc, op.path, structuredClone(op.value ?? null), false);
        break;
      case 'replace':
        doc = add(doc, op.path, structuredClone(op.value ?? null), true);
        break;
      case 'remove':
        remove(doc, op.path);
        break;
      case 'test':
        if (JSON.stringify(getAt(doc, op.path)) !== JSON.stringify(op.value)) {
          throw new PatchError(`test operation failed at ${op.path}`);
        }
        break;
      case 'move':
      case 'copy': {
        const value = getAt(doc, op.from ?? '');
        if (value === undefined) throw new PatchError(`path not found: ${op.from}`);
        if (op.op === 'move') remove(doc, op.from ?? '');
        doc = add(doc, op.path, structuredClone(value), false);
        break;
      }
      default:
        throw new PatchError(`unsupported JSON patch op: ${(op as { op: string }).op}`);
    }
  }
  return doc;
}
