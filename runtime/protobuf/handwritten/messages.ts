export * from './meta.js';
export * from './core.js';
export * from './auth.js';
