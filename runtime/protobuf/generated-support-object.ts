// What generated codecs (generated/<group>/<version>/protobuf-codecs.ts) call, as one plain
// object: V8 reads properties of a plain object of fixed shape faster than those of a module
// namespace, and generated code calls these helpers once per field.
import * as support from './generated-support.js';

export const generatedSupport: typeof support = Object.freeze({ ...support });
