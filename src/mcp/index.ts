/**
 * `mcpolicy/mcp`: authorize every tool, resource and prompt of an MCP server
 * (`@modelcontextprotocol/sdk` v1) with `.mcpolicy` policies. See docs/mcp.md. For the
 * v2 line (`@modelcontextprotocol/server`) import `mcpolicy/mcp/v2`.
 */
export * from "./common.js";
export { protect } from "./protect.js";
export { MCP_SERVER_UNKNOWN_ANSWERS, SPEC_UNKNOWN_ANSWERS } from "./v1-answers.js";
