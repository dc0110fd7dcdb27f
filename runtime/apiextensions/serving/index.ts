// Serving one CRD's custom resources: descriptors, strategies, handlers, one storage.
export { ServedCrd, type ServedCustomResource, type ServingContext } from './served-crd.js';
export { crdVersionDescriptor } from './descriptor.js';
export { fieldsOfSchema } from './fields.js';
