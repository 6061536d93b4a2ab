/**
 * Probe modules: `defineProbeModule` and the types a probe author writes against. The parts
 * live in `probe/` (points, overload guard, end report, default console output).
 */
export { defineProbeModule } from "./probe/define.js";
export { ProbeDefinitionError } from "./probe/points.js";
export type {
  ChannelMessages,
  HttpServerMessage,
  OnlyProbePoints,
  PerfEntryType,
  ProbeContext,
  ProbeModule,
  ProbeModuleDefinition,
  ProbeModuleOptions,
  ProbeModuleState,
  ProbeOverloadOptions,
  ProbePoint,
  ProbeStopReason,
  ProbeTable,
  UserProbe,
  UserProbeArgs,
  UserProbeName,
} from "./probe/types.js";
