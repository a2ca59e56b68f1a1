/**
 * Issue 5, item 7: the example server's home-directory resources. Policies decide a
 * `resources/read` on the URI as the client wrote it, where `..%2Fbob` is one segment
 * under alice's home; the handler must read the file that URI names, never the one its
 * decoded text would reach on a real filesystem.
 */
import { describe, expect, it } from "vitest";
import { createExampleServer } from "../../examples/server.js";
import { compile } from "../../src/engine.js";
import { authInfo, raw } from "../helpers/raw-json-rpc.js";

const ENGINE = compile(`
role viewer
policy "own-home-resources" { allow subject role viewer action "resources/read" resource "resource:file:///home/\${subject.id}/**" }
`);

describe("the example's home-file resource", () => {
  it("reads alice's own files, and nothing outside her home through percent-encoded separators", async () => {
    const { server, files } = createExampleServer(ENGINE);
    // An in-memory map does not resolve `..`; a real filesystem would. These keys stand
    // for what such paths resolve to there.
    files.set("/home/alice/../bob/draft.md", "bob's draft");
    files.set("/home/alice/./../bob/draft.md", "bob's draft");
    const alice = await raw("v1", server as never, { authInfo: authInfo("alice", ["viewer"]) });
    const read = async (uri: string) => JSON.stringify(await alice.call("resources/read", { uri }));
    expect(await read("file:///home/alice/notes.md")).toContain("Alice's notes");
    expect(await read("file:///home/alice/todo%2Etxt")).toContain("ship mcpolicy");
    for (const uri of [
      "file:///home/alice/..%2Fbob%2Fdraft.md",
      "file:///home/alice/%2e%2e%2Fbob%2Fdraft.md",
      "file:///home/alice/.%2F..%2Fbob%2Fdraft.md",
      "file:///home/alice/..%5Cbob%5Cdraft.md",
      "file:///home/alice/%E0%A4%A",
    ])
      expect(await read(uri)).not.toContain("bob's draft");
    // Bob's file by its own name is refused by the policies, as unknown.
    expect(await read("file:///home/bob/draft.md")).toContain("not found");
    await alice.close();
  });
});
