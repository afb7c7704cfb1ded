/** Object storage with etcd-like semantics: one global resourceVersion, uid and generation bookkeeping, watch fan-out. */
import { randomUUID } from 'node:crypto';
import type { ResourceType } from './resources.ts';
import { clone, type KubeObject } from './types.ts';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';
export type WatchListener = (type: WatchEventType, r: ResourceType, obj: KubeObject) => void;

export interface LogLine {
  at: string;
  line: string;
}

const keyOf = (namespace: string | undefined, name: string): string => `${namespace ?? ''}/${name}`;

export class Store {
  #revision = 0;
  readonly #objects = new Map<ResourceType, Map<string, KubeObject>>();
  readonly #listeners = new Set<WatchListener>();
  readonly #logs = new Map<string, LogLine[]>();
  readonly #now: () => Date;

  constructor(now: () => Date) {
    this.#now = now;
  }

  get revision(): string {
    return String(this.#revision);
  }

  now(): string {
    return this.#now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
  }

  #bucket(r: ResourceType): Map<string, KubeObject> {
    let bucket = this.#objects.get(r);
    if (!bucket) {
      bucket = new Map();
      this.#objects.set(r, bucket);
    }
    return bucket;
  }

  get(r: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    const found = this.#bucket(r).get(keyOf(r.namespaced ? namespace : undefined, name));
    return found && clone(found);
  }

  /**
   * The stored objects themselves, unsorted and uncloned, for the control plane's scans after every write (the
   * garbage collector looks at every object of every kind, Events included, which pile up under load): read only,
   * never handed out; take a `get` of the ones acted on.
   */
  scan(r: ResourceType): Iterable<Readonly<KubeObject>> {
    return this.#bucket(r).values();
  }

  /** The stored object itself, as `scan` gives them: read only, never handed out. */
  peek(r: ResourceType, namespace: string | undefined, name: string): Readonly<KubeObject> | undefined {
    return this.#bucket(r).get(keyOf(r.namespaced ? namespace : undefined, name));
  }

  list(r: ResourceType, namespace?: string): KubeObject[] {
    return this.#sortedClones(
      [...this.#bucket(r).values()].filter(
        (o) => namespace === undefined || o.metadata.namespace === namespace,
      ),
    );
  }

  /** `list` of the objects in the owner's namespace whose controller is `owner`, choosing before cloning. */
  listControlledBy(r: ResourceType, owner: KubeObject): KubeObject[] {
    return this.#sortedClones(
      [...this.#bucket(r).values()].filter(
        (o) =>
          o.metadata.namespace === owner.metadata.namespace &&
          o.metadata.ownerReferences?.find((ref) => ref.controller === true)?.uid === owner.metadata.uid,
      ),
    );
  }

  #sortedClones(objects: KubeObject[]): KubeObject[] {
    return objects
      .sort((a, b) =>
        keyOf(a.metadata.namespace, a.metadata.name).localeCompare(
          keyOf(b.metadata.namespace, b.metadata.name),
        ),
      )
      .map(clone);
  }

  /** Fills server-owned metadata the way the apiserver does on create; callers have already validated. */
  prepareCreate(r: ResourceType, obj: KubeObject): KubeObject {
    const created = clone(obj);
    const { deletionTimestamp: _d, deletionGracePeriodSeconds: _g, ...meta } = created.metadata;
    created.metadata = {
      ...meta,
      uid: obj.metadata.uid || randomUUID(),
      resourceVersion: obj.metadata.resourceVersion,
      creationTimestamp: obj.metadata.creationTimestamp || this.now(),
      ...(r.generation ? { generation: obj.metadata.generation ?? 1 } : {}),
    };
    if (!r.namespaced) delete created.metadata.namespace;
    return created;
  }

  create(r: ResourceType, obj: KubeObject): KubeObject {
    const created = this.prepareCreate(r, obj);
    created.metadata.resourceVersion = String(++this.#revision);
    this.#bucket(r).set(keyOf(created.metadata.namespace, created.metadata.name), created);
    this.#emit('ADDED', r, created);
    return clone(created);
  }

  /** Bumps generation when the spec changed, as the registry strategies of workload types do. */
  prepareUpdate(r: ResourceType, current: KubeObject, next: KubeObject): KubeObject {
    const updated = clone(next);
    updated.metadata = {
      ...updated.metadata,
      name: current.metadata.name,
      uid: current.metadata.uid,
      creationTimestamp: current.metadata.creationTimestamp,
      resourceVersion: current.metadata.resourceVersion,
    };
    if (current.metadata.namespace !== undefined) updated.metadata.namespace = current.metadata.namespace;
    if (r.generation) {
      const generation = current.metadata.generation ?? 1;
      const specChanged = JSON.stringify(current['spec']) !== JSON.stringify(updated['spec']);
      updated.metadata.generation = specChanged ? generation + 1 : generation;
    }
    return updated;
  }

  /** Writes only real changes, so controller passes that change nothing leave resourceVersion alone. */
  update(r: ResourceType, current: KubeObject, next: KubeObject): KubeObject {
    const updated = this.prepareUpdate(r, current, next);
    if (JSON.stringify(updated) === JSON.stringify(current)) return clone(current);
    updated.metadata.resourceVersion = String(++this.#revision);
    this.#bucket(r).set(keyOf(updated.metadata.namespace, updated.metadata.name), updated);
    this.#emit('MODIFIED', r, updated);
    return clone(updated);
  }

  delete(r: ResourceType, obj: KubeObject): KubeObject {
    const removed = clone(obj);
    this.#bucket(r).delete(keyOf(obj.metadata.namespace, obj.metadata.name));
    removed.metadata.resourceVersion = String(++this.#revision);
    this.#emit('DELETED', r, removed);
    return removed;
  }

  onChange(listener: WatchListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(type: WatchEventType, r: ResourceType, obj: KubeObject): void {
    for (const listener of this.#listeners) listener(type, r, clone(obj));
  }

  setLog(namespace: string, pod: string, container: string, previous: boolean, lines: LogLine[]): void {
    this.#logs.set(`${namespace}/${pod}/${container}/${String(previous)}`, lines);
  }

  getLog(namespace: string, pod: string, container: string, previous: boolean): LogLine[] | undefined {
    return this.#logs.get(`${namespace}/${pod}/${container}/${String(previous)}`);
  }
}
