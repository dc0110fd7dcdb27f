// The garbage collector: owner references, background / foreground / orphan propagation.
export { GarbageCollector, type GarbageCollectorOptions } from './controller.js';
export { DependencyGraph, type GraphNode } from './graph.js';
