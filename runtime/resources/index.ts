// Hand-written behaviour of built-in kinds that their schemas cannot say. So far: the named
// printers spec columns refer to, and how kube's tables for built-in kinds look.
export { builtinPrinters } from './printers.js';
export { tableStyleFor } from './table-styles.js';
export { namespaceHandlers, namespaceStrategy } from './core/namespace/index.js';
