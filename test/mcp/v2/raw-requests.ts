/**
 * Raw modern-era (protocol 2026-07-28) requests for the v2 handler tests: what a real
 * client never sends, built by hand to see what the server refuses before dispatch.
 */

/** What `createMcpHandler` returns, as these requests use it. */
export interface FetchHandler {
  fetch(request: Request, extra?: { authInfo?: unknown }): Promise<Response>;
}

/**
 * A `tools/call` of `name` whose `Mcp-Param-Region` header says "us" while its body's
 * `region` argument says "eu": the SDK refuses it (400) for a tool it can see.
 */
export async function mismatchedRegionCall(
  handler: FetchHandler,
  name: string,
  authInfo: unknown,
): Promise<{ status: number; text: string }> {
  const body = {
    jsonrpc: "2.0",
    id: 1,
    method: "tools/call",
    params: {
      name,
      arguments: { region: "eu" },
      _meta: {
        "io.modelcontextprotocol/protocolVersion": "2026-07-28",
        "io.modelcontextprotocol/clientInfo": { name: "raw", version: "1" },
        "io.modelcontextprotocol/clientCapabilities": {},
      },
    },
  };
  const response = await handler.fetch(
    new Request("http://localhost/mcp", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        "mcp-protocol-version": "2026-07-28",
        "mcp-method": "tools/call",
        "mcp-name": name,
        "mcp-param-region": "us",
      },
      body: JSON.stringify(body),
    }),
    { authInfo },
  );
  return { status: response.status, text: await response.text() };
}
