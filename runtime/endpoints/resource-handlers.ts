// What the REST layer can ask of a served resource: kube's rest.Storage capabilities. A verb a
// resource lacks answers 405 MethodNotSupported. The generic registry store provides them all;
// virtual kinds (access reviews, token reviews) provide only create.
import type {
  CreateOptions,
  DeleteCollectionOptions,
  DeleteCollectionResult,
  DeleteOptions,
  DeleteResult,
  GetOptions,
  ListOptions,
  ListResponse,
  ObjectResult,
  RegistryObject,
  RegistryStore,
  UpdateOptions,
  UpdateResult,
  WatchOptions,
} from '../registry/index.js';
import type { Watcher } from '../storage/index.js';

export type ApiObject = RegistryObject;

export interface SubresourceHandlers {
  get?(name: string, opts: GetOptions): Promise<ApiObject>;
  update?(name: string, obj: ApiObject, opts: UpdateOptions<ApiObject>): Promise<UpdateResult<ApiObject> | ObjectResult<ApiObject>>;
  create?(name: string, obj: ApiObject, opts: CreateOptions<ApiObject>): Promise<ObjectResult<ApiObject>>;
}

export interface ResourceHandlers {
  get?(name: string, opts: GetOptions): Promise<ApiObject>;
  list?(opts: ListOptions): Promise<ListResponse<ApiObject>>;
  watch?(opts: WatchOptions): Watcher<ApiObject>;
  create?(obj: ApiObject, opts: CreateOptions<ApiObject>): Promise<ObjectResult<ApiObject>>;
  update?(name: string, obj: ApiObject, opts: UpdateOptions<ApiObject>): Promise<UpdateResult<ApiObject>>;
  delete?(name: string, opts: DeleteOptions<ApiObject>): Promise<DeleteResult<ApiObject>>;
  deleteCollection?(opts: DeleteCollectionOptions<ApiObject>): Promise<DeleteCollectionResult<ApiObject>>;
  subresources?: Readonly<Record<string, SubresourceHandlers>>;
}

/** The handlers of a storage-backed resource: every verb, plus status and scale when it has them. */
export function storeHandlers(store: RegistryStore<ApiObject>): ResourceHandlers {
  const subresources: Record<string, SubresourceHandlers> = {};
  const names = new Set(store.resource.descriptor.subresources.map((s) => s.name));
  if (names.has('status')) {
    subresources['status'] = {
      get: (name, opts) => store.get(name, opts),
      update: (name, obj, opts) => store.updateStatus(name, obj, opts),
    };
  }
  if (names.has('scale')) {
    subresources['scale'] = {
      get: (name, opts) => store.getScale(name, opts) as unknown as Promise<ApiObject>,
      update: (name, obj, opts) =>
        store.updateScale(name, obj as never, opts) as unknown as Promise<ObjectResult<ApiObject>>,
    };
  }
  return {
    get: (name, opts) => store.get(name, opts),
    list: (opts) => store.list(opts),
    watch: (opts) => store.watch(opts),
    create: (obj, opts) => store.create(obj, opts),
    update: (name, obj, opts) => store.update(name, obj, opts),
    delete: (name, opts) => store.delete(name, opts),
    deleteCollection: (opts) => store.deleteCollection(opts),
    subresources,
  };
}
