// Discovery documents, legacy (/api, /apis, /apis/<g>, /api/v1, /apis/<g>/<v>) and aggregated
// (apidiscovery.k8s.io/v2 and v2beta1 APIGroupDiscoveryList on /api and /apis), built from the
// live set of served resources.
import type { ResourceDescriptor } from '../api/index.js';
import type { ServedResource, ServedResources } from './served-resources.js';

const groupVersionString = (group: string, version: string) => (group === '' ? version : `${group}/${version}`);

export function apiVersions(served: ServedResources, serverAddress: string): object {
  const core = served.groups().find((g) => g.group === '');
  return {
    kind: 'APIVersions',
    versions: core ? [...core.versions] : [],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function apiGroup(group: string, versions: readonly string[]) {
  const entries = versions.map((version) => ({ groupVersion: groupVersionString(group, version), version }));
  return { name: group, versions: entries, preferredVersion: entries[0]! };
}

export function apiGroupList(served: ServedResources): object {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: served
      .groups()
      .filter((g) => g.group !== '')
      .map((g) => apiGroup(g.group, g.versions)),
  };
}

export function apiGroupDocument(served: ServedResources, group: string): object | null {
  const found = served.groups().find((g) => g.group === group);
  return found && group !== '' ? { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(group, found.versions) } : null;
}

const sortedVerbs = (verbs: readonly string[]) => [...new Set(verbs)].sort();

function legacyResources(s: ServedResource): object[] {
  const d = s.descriptor;
  const main: Record<string, unknown> = {
    name: d.plural,
    singularName: d.singular,
    namespaced: d.scope === 'Namespaced',
    kind: d.kind,
    verbs: sortedVerbs(d.verbs),
  };
  if (d.shortNames.length > 0) main['shortNames'] = [...d.shortNames];
  if (d.categories.length > 0) main['categories'] = [...d.categories];
  const subs = d.subresources.map((sub) => {
    const kind = sub.responseKind ?? sub.kind;
    const entry: Record<string, unknown> = {
      name: `${d.plural}/${sub.name}`,
      singularName: '',
      namespaced: d.scope === 'Namespaced',
    };
    if (kind.group !== d.group || kind.version !== d.version) {
      entry['group'] = kind.group;
      entry['version'] = kind.version;
    }
    entry['kind'] = kind.kind;
    entry['verbs'] = sortedVerbs(sub.verbs);
    return entry;
  });
  return [main, ...subs];
}

export function apiResourceList(served: ServedResources, group: string, version: string): object | null {
  const resources = served.inGroupVersion(group, version);
  if (resources.length === 0) return null;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: groupVersionString(group, version),
    resources: resources.flatMap(legacyResources),
  };
}

function aggregatedResource(d: ResourceDescriptor): object {
  const entry: Record<string, unknown> = {
    resource: d.plural,
    responseKind: { group: d.group, version: d.version, kind: d.kind },
    scope: d.scope,
    singularResource: d.singular,
    verbs: sortedVerbs(d.verbs),
  };
  if (d.shortNames.length > 0) entry['shortNames'] = [...d.shortNames];
  if (d.categories.length > 0) entry['categories'] = [...d.categories];
  if (d.subresources.length > 0) {
    entry['subresources'] = d.subresources.map((sub) => {
      const kind = sub.responseKind ?? sub.kind;
      return { subresource: sub.name, responseKind: { group: kind.group, version: kind.version, kind: kind.kind }, verbs: sortedVerbs(sub.verbs) };
    });
  }
  return entry;
}

export type AggregatedVersion = 'v2' | 'v2beta1';

/** /api (core only) or /apis (every named group) as an APIGroupDiscoveryList. */
export function aggregatedDiscovery(served: ServedResources, which: 'api' | 'apis', version: AggregatedVersion): object {
  const groups = served.groups().filter((g) => (which === 'api' ? g.group === '' : g.group !== ''));
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${version}`,
    metadata: {},
    items: groups.map((g) => ({
      metadata: { name: g.group },
      versions: g.versions.map((v) => ({
        version: v,
        resources: served.inGroupVersion(g.group, v).map((s) => aggregatedResource(s.descriptor)),
        freshness: 'Current',
      })),
    })),
  };
}
