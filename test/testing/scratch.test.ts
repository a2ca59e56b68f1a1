import { it } from "vitest";
import { main } from "../../src/cli/main.js";
import { fakeIO } from "../helpers/fake-io.js";

it("scratch", async () => {
  for (const args of [["check", "--schema", "policies/schema.json", "policies"], ["lint", "--schema", "policies/schema.json", "policies"], ["lint", "policies"]]) {
    const io = fakeIO();
    const code = await main(args, io);
    console.log(args.join(" "), code, io.stdout(), io.stderr());
  }
});
