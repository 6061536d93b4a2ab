/**
 * Stream addresses: `unix:/path/to/socket` or `tcp:HOST:PORT` with a loopback HOST
 * (`127.0.0.1` or any 127.x.y.z, `localhost`, `[::1]`). The stream transport carries probe
 * output, which is not meant to leave the machine: other hosts are refused.
 */
export type StreamAddress =
  | { readonly kind: "unix"; readonly path: string }
  | { readonly kind: "tcp"; readonly host: string; readonly port: number };

export function parseStreamAddress(text: string): StreamAddress {
  if (text.startsWith("unix:")) {
    const path = text.slice(5);
    if (path === "") throw new Error(`bad stream address '${text}': unix:/path/to/socket`);
    return { kind: "unix", path };
  }
  if (text.startsWith("tcp:")) {
    const rest = text.slice(4);
    const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(rest);
    if (m === null) throw new Error(`bad stream address '${text}': tcp:127.0.0.1:PORT`);
    const host = m[1] ?? m[2] ?? "";
    const port = Number(m[3]);
    if (port > 65535) throw new Error(`bad stream address '${text}': port out of range`);
    if (!isLoopback(host)) throw new Error(`stream address '${text}' is not loopback (127.0.0.1, localhost or [::1])`);
    return { kind: "tcp", host, port };
  }
  throw new Error(`bad stream address '${text}': unix:/path/to/socket or tcp:127.0.0.1:PORT`);
}

export function formatStreamAddress(a: StreamAddress): string {
  return a.kind === "unix" ? `unix:${a.path}` : `tcp:${a.host.includes(":") ? `[${a.host}]` : a.host}:${a.port}`;
}

function isLoopback(host: string): boolean {
  if (host === "localhost" || host === "::1") return true;
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return m !== null && m.slice(1).every((x) => Number(x) <= 255);
}
