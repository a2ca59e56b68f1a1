/**
 * `mcpolicy/mcp/v2`: authorize every tool, resource and prompt of an MCP server of the v2
 * SDK line (`@modelcontextprotocol/server`) with `.mcpolicy` policies — the same options,
 * decisions, audit records and denials as `mcpolicy/mcp`. See docs/mcp.md.
 */
export * from "../common.js";
export { type ProtectOptions, protect } from "./protect.js";
export { MCP_SERVER_V2_UNKNOWN_ANSWERS, SPEC_V2_UNKNOWN_ANSWERS } from "./answers.js";
