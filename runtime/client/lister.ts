// Read access to an informer's cache, shaped by scope: a cluster-scoped lister gets/lists by
// name; a namespaced one lists across namespaces or narrows to one with namespace(ns).
// Objects returned are the cache's own: they must be treated as read-only.
import { parseLabelSelector, type LabelSelector } from '../selection/index.js';
import { NAMESPACE_INDEX, type Indexer } from './indexer.js';
import type { KubeObject } from './objects.js';

/** A label selector string (kube syntax) or a parsed one. */
export type ListSelector = string | LabelSelector;

export interface ClusterLister<T> {
  get(name: string): Readonly<T> | undefined;
  list(selector?: ListSelector): Readonly<T>[];
}

export interface NamespaceLister<T> {
  get(name: string): Readonly<T> | undefined;
  list(selector?: ListSelector): Readonly<T>[];
}

export interface NamespacedLister<T> {
  /** Across every namespace the informer watches. */
  list(selector?: ListSelector): Readonly<T>[];
  namespace(namespace: string): NamespaceLister<T>;
}

export function clusterLister<T extends KubeObject>(indexer: Indexer<T>): ClusterLister<T> {
  return {
    get: (name) => indexer.getByName(undefined, name),
    list: (selector) => filter(indexer.list(), selector),
  };
}

export function namespacedLister<T extends KubeObject>(indexer: Indexer<T>): NamespacedLister<T> {
  return {
    list: (selector) => filter(indexer.list(), selector),
    namespace: (namespace) => {
      if (!namespace) throw new TypeError('a namespace lister needs a namespace');
      return {
        get: (name) => indexer.getByName(namespace, name),
        list: (selector) => filter(indexer.byIndex(NAMESPACE_INDEX, namespace), selector),
      };
    },
  };
}

function filter<T extends KubeObject>(items: T[], selector: ListSelector | undefined): Readonly<T>[] {
  if (selector === undefined || selector === '') return items;
  const parsed = typeof selector === 'string' ? parseLabelSelector(selector) : selector;
  if (parsed.requirements.length === 0) return items;
  return items.filter((obj) => parsed.matches(obj.metadata?.labels));
}
