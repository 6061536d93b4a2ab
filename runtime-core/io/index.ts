/** Output: the print buffer, the transports (console, file, pull, stream) and the stream consumer. */
export * from "./transport.js";
export * from "./print-buffer.js";
export * from "./console.js";
export * from "./file.js";
export * from "./prometheus.js";
export * from "./pull.js";
export * from "./address.js";
export * from "./stream.js";
export * from "./consume.js";
export * from "./report.js";
export * from "./output.js";
