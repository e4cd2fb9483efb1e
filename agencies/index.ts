export * from './records';
export * from './config';
export * from './kinds';
export { createSimulator } from './simulator';
export type { Simulator, SimulatorOptions } from './simulator';
export { plausibleResult, lookupProcedure, simulatedRefusal, simulatedSupplementRequest, createRandom } from './results';
export type { Random } from './results';
