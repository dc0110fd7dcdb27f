// Query parameters of custom resource operations, by the options type each verb decodes.

export interface QueryParameter {
  readonly name: string;
  readonly type: 'string' | 'integer' | 'boolean';
  readonly description: string;
}

const p = (name: string, type: QueryParameter['type'], description: string): QueryParameter => ({ name, type, description });

const dryRun = p('dryRun', 'string', 'All: run every stage of the request without persisting it');
const fieldManager = p('fieldManager', 'string', 'name of the actor making the change, for field ownership');
const fieldValidation = p('fieldValidation', 'string', 'what to do with unknown or duplicate fields (Ignore, Warn or Strict)');
const resourceVersion = p('resourceVersion', 'string', 'which resource version a read may be served from');

export const getOptions: readonly QueryParameter[] = [resourceVersion];

export const listOptions: readonly QueryParameter[] = [
  p('allowWatchBookmarks', 'boolean', 'ask the server to send BOOKMARK events on a watch'),
  p('continue', 'string', 'token from a previous paginated list to fetch the next chunk'),
  p('fieldSelector', 'string', 'restrict returned objects by their fields'),
  p('labelSelector', 'string', 'restrict returned objects by their labels'),
  p('limit', 'integer', 'maximum number of items a list returns in one chunk'),
  resourceVersion,
  p('resourceVersionMatch', 'string', 'how resourceVersion is applied to a list (Exact or NotOlderThan)'),
  p('sendInitialEvents', 'boolean', 'start a watch with synthetic ADDED events for the current state'),
  p('timeoutSeconds', 'integer', 'server-side limit on the duration of a list or watch call'),
  p('watch', 'boolean', 'watch for changes instead of returning a list'),
];

export const createOptions: readonly QueryParameter[] = [dryRun, fieldManager, fieldValidation];
export const updateOptions: readonly QueryParameter[] = createOptions;
export const patchOptions: readonly QueryParameter[] = [...createOptions, p('force', 'boolean', 'apply patches take ownership of conflicting fields')];

export const deleteOptions: readonly QueryParameter[] = [
  dryRun,
  p('gracePeriodSeconds', 'integer', 'seconds before the object should be deleted'),
  p('ignoreStoreReadErrorWithClusterBreakingPotential', 'boolean', 'delete an object that can no longer be read from storage (unsafe)'),
  p('orphanDependents', 'boolean', 'deprecated; use propagationPolicy'),
  p('propagationPolicy', 'string', 'garbage collection of dependents (Orphan, Background or Foreground)'),
];

export const pretty = p('pretty', 'string', "if 'true', the output is pretty printed");
