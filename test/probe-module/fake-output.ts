/**
 * An Output that records every call in order, so tests see exactly what a probe module wrote
 * and when the print buffer was flushed.
 */
import type { Output, PrintfArg } from "../../runtime-core/contract.js";
import { sprintf } from "../../runtime-core/printf.js";

export type OutputEvent =
  | { readonly kind: "flush"; readonly text: string }
  | { readonly kind: "warn" | "error" | "report"; readonly text: string }
  | { readonly kind: "close" };

export class FakeOutput implements Output {
  readonly events: OutputEvent[] = [];
  transportFailures = 0;
  private buffer = "";

  print(text: string): void {
    this.buffer += text;
  }
  println(text: string): void {
    this.buffer += text + "\n";
  }
  printf(format: string, ...args: readonly PrintfArg[]): void {
    this.buffer += sprintf(format, args);
  }
  flush(): void {
    if (this.buffer === "") return;
    this.events.push({ kind: "flush", text: this.buffer });
    this.buffer = "";
  }
  warn(message: string): void {
    this.events.push({ kind: "warn", text: message });
  }
  error(message: string): void {
    this.events.push({ kind: "error", text: message });
  }
  reportSync(text: string): void {
    this.events.push({ kind: "report", text });
  }
  close(): Promise<void> {
    this.events.push({ kind: "close" });
    return Promise.resolve();
  }

  /** Texts of the events of one kind. */
  texts(kind: "flush" | "warn" | "error" | "report"): string[] {
    return this.events.flatMap((e) => (e.kind === kind ? [e.text] : []));
  }
}
