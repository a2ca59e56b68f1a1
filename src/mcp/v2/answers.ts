/**
 * `@modelcontextprotocol/server` 2.x: its JSON-RPC errors, and what it answers for a
 * tool, prompt or resource that does not exist — the answers a hidden one gets too.
 */
import { ProtocolError, ProtocolErrorCode, ResourceNotFoundError } from "@modelcontextprotocol/server";
import type { UnknownAnswers } from "../denial.js";
import type { ProtocolErrors } from "../protocol-errors.js";

/** v2 errors: `ProtocolError` (the message goes on the wire as it is). */
export const V2_ERRORS: ProtocolErrors = {
  make: (code, message, data) => new ProtocolError(code, message, data),
};

/** What `McpServer` 2.x answers (see its `mcp` module); the tests compare them with the SDK's own answers. */
export const MCP_SERVER_V2_UNKNOWN_ANSWERS: UnknownAnswers = Object.freeze<UnknownAnswers>({
  tool: (name) => {
    throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Tool ${name} not found`);
  },
  prompt: (name) => {
    throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Prompt ${name} not found`);
  },
  resource: (uri) => {
    // The SDK parses the URI first and says so when it cannot.
    try {
      new URL(uri);
    } catch {
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Resource URI ${uri} is invalid`, {
        uri,
        reason: "invalid_uri",
      });
    }
    throw new ResourceNotFoundError(uri);
  },
  resourceTemplate: (uri) => {
    throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Resource template ${uri} not found`);
  },
});

/**
 * For a low-level `Server` the handlers are the author's; these follow the MCP
 * specification's examples. Pass `unknown` to `protect` to match your own handlers.
 * Frozen, as the other answers: every `protect` reads them, so a change made here would
 * change every server's answers.
 */
export const SPEC_V2_UNKNOWN_ANSWERS: UnknownAnswers = Object.freeze<UnknownAnswers>({
  tool: (name) => {
    throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown tool: ${name}`);
  },
  prompt: (name) => {
    throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown prompt: ${name}`);
  },
  resource: (uri) => {
    throw new ResourceNotFoundError(uri);
  },
  resourceTemplate: (uri) => {
    throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown resource template: ${uri}`);
  },
});
