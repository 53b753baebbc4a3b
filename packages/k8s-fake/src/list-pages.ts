import { randomUUID } from 'node:crypto';
import type { KubeObject } from './store.ts';

interface ListSnapshot {
  resourceVersion: number;
  items: KubeObject[];
}

export interface ListPage {
  resourceVersion: number;
  items: KubeObject[];
  continueToken?: string;
  remainingItemCount?: number;
}

/**
 * limit/continue paging. Like the real server (which reads etcd at the first page's revision), every page of
 * one list comes from the same snapshot; a token is single-use, and an unknown one answers 410 Expired.
 */
export class ListPager {
  private readonly snapshots = new Map<string, ListSnapshot>();

  /** Returns undefined when the continue token is unknown (expired or already used). */
  page(limit: number, continueToken: string | null, fresh: () => ListSnapshot): ListPage | undefined {
    let snapshot: ListSnapshot;
    if (continueToken) {
      const found = this.snapshots.get(continueToken);
      if (!found) return undefined;
      this.snapshots.delete(continueToken);
      snapshot = found;
    } else {
      snapshot = fresh();
    }
    if (!(limit > 0) || snapshot.items.length <= limit) {
      return { resourceVersion: snapshot.resourceVersion, items: snapshot.items };
    }
    const rest = snapshot.items.slice(limit);
    const token = randomUUID();
    this.snapshots.set(token, { resourceVersion: snapshot.resourceVersion, items: rest });
    return {
      resourceVersion: snapshot.resourceVersion,
      items: snapshot.items.slice(0, limit),
      continueToken: token,
      remainingItemCount: rest.length,
    };
  }
}
