/** `probegen trace`: placeholder until the trace runner lands. */
export async function traceCommand(_args: { decl: string; trace: string }): Promise<number> {
  process.stderr.write("probegen trace: not implemented yet\n");
  return 2;
}
