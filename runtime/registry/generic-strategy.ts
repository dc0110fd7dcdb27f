// The strategy every generated resource starts from, read off its descriptor. Hand-written
// strategies (runtime/resources/) spread it and replace the hooks they own; its hooks never
// use `this`, so spreading keeps them working.
import type { GeneratedResource } from '../api/index.js';
import { defaultAttributes, type SelectableAttributes } from '../selection/index.js';
import { fieldLabelOf, getPath, parseSimplePath } from './json-path.js';
import { validateObjectMeta } from './meta-validation.js';
import { cloneObject, jsonEqual, metaOf, type RegistryObject } from './object-meta.js';
import {
  DEFAULT_SCALE_PATHS,
  defineStatusStrategy,
  defineStrategy,
  type ResourceStrategy,
  type ScalePaths,
  type StatusStrategy,
} from './strategy.js';

export interface GenericStrategyOptions<T extends RegistryObject> extends Partial<ResourceStrategy<T>> {
  /** Where Scale reads and writes; defaults to spec.replicas / status.replicas / status.selector. */
  readonly scalePaths?: ScalePaths;
}

type JsonObject = Record<string, unknown>;
const asJson = (obj: RegistryObject): JsonObject => obj as JsonObject;

/** What an update is compared on for a generation bump: everything but metadata (and status when it has its own endpoint). */
function desiredState(obj: RegistryObject, hasStatus: boolean): JsonObject {
  const { metadata: _m, ...rest } = asJson(obj);
  if (hasStatus) delete rest.status;
  return rest;
}

function fieldValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export function genericStrategy<T extends RegistryObject>(
  resource: GeneratedResource,
  options: GenericStrategyOptions<T> = {},
): ResourceStrategy<T> {
  const d = resource.descriptor;
  const namespaced = d.scope === 'Namespaced';
  const hasStatus = d.subresources.some((s) => s.name === 'status');
  const hasScale = d.subresources.some((s) => s.name === 'scale');
  const tracksGeneration = options.tracksGeneration ?? hasStatus;
  const selectable = d.selectableFields.map((p) => ({ label: fieldLabelOf(p), path: parseSimplePath(p) }));
  const { scalePaths, ...overrides } = options;

  const base = defineStrategy<T>({ namespaced });
  const nameValidator = overrides.nameValidator ?? base.nameValidator;

  const validateAll = (obj: T) => [
    ...validateObjectMeta(obj.metadata, { namespaced, nameValidator }),
    ...resource.validate(obj).errors,
  ];

  const status: StatusStrategy<T> | null = hasStatus
    ? defineStatusStrategy<T>({
        // Only status comes from the request: the rest of the object, metadata included, is the
        // stored one (kube's CRD status strategy; built-ins reset spec and most metadata likewise).
        prepareForUpdate(obj, old) {
          const target = asJson(obj);
          const newStatus = target.status;
          for (const key of Object.keys(target)) delete target[key];
          Object.assign(target, cloneObject(old));
          if (newStatus === undefined) delete target.status;
          else target.status = newStatus;
        },
        validateUpdate: (obj) => resource.validate(obj).errors,
      })
    : null;

  return defineStrategy<T>({
    ...base,
    nameValidator,
    tracksGeneration,
    selectableFields: selectable.map((s) => s.label),
    status,
    scale: hasScale ? (scalePaths ?? DEFAULT_SCALE_PATHS) : null,
    prepareForCreate(obj) {
      if (hasStatus) delete asJson(obj).status;
      resource.applyDefaults(obj);
      if (tracksGeneration) metaOf(obj).generation = 1;
    },
    prepareForUpdate(obj, old) {
      if (hasStatus) {
        const oldStatus = asJson(old).status;
        if (oldStatus === undefined) delete asJson(obj).status;
        else asJson(obj).status = cloneObject(oldStatus);
      }
      resource.applyDefaults(obj);
      if (tracksGeneration && !jsonEqual(desiredState(obj, hasStatus), desiredState(old, hasStatus))) {
        metaOf(obj).generation = (old.metadata?.generation ?? 0) + 1;
      }
    },
    validate: validateAll,
    // The store validates metadata on every update itself (kube's ValidateObjectMetaUpdate).
    validateUpdate: (obj) => resource.validate(obj).errors,
    getAttrs(obj): SelectableAttributes {
      const attrs = defaultAttributes(obj);
      if (selectable.length === 0) return attrs;
      const fields: Record<string, string> = { ...attrs.fields };
      for (const s of selectable) fields[s.label] = fieldValue(getPath(obj, s.path));
      return { labels: attrs.labels, fields };
    },
    ...overrides,
  });
}
