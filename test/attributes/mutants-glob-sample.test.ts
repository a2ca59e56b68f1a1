// Samples of a glob (glob-sample.ts) feed generated requests: each must match its glob,
// and brace alternatives beyond the first must be reachable.
import { describe, expect, it } from "vitest";
import { sampleGlob } from "../../src/attributes/glob-sample.js";
import { globMatches } from "../../src/attributes/resource-match.js";

describe("sampleGlob", () => {
  it("keeps only samples that match the glob", () => {
    // `**` inside a segment is a `*`: filling it with `a/b` would cross a segment.
    for (const glob of ["a**b", "a/**b", "tool:**x", "x/.**", "tool:*", "a/**/b", "**"]) {
      const samples = sampleGlob(glob);
      expect(samples.length, glob).toBeGreaterThan(0);
      for (const sample of samples) expect(globMatches(sample, glob), `${sample} for ${glob}`).toBe(true);
    }
    expect(sampleGlob("a/**b")).toEqual(["a/xb"]);
    expect(sampleGlob("tool:**x")).toEqual(["tool:xx"]);
  });

  it("samples the first and the last brace alternative", () => {
    expect(sampleGlob("tool:{read,write}_file")).toEqual(["tool:read_file", "tool:write_file"]);
    expect(sampleGlob("{a,b,c}")).toEqual(["a", "c"]);
  });
});
