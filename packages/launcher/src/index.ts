export * from './child-process.js';
export * from './embedded-emulator.js';
export * from './embedded-postgres.js';
export * from './free-port.js';
export * from './provision-resources.js';
export * from './throwaway-stack.js';
