import { describe, expect, it } from "vitest";
import { Doorkeeper, doorkeeperSlots } from "../../src/compile/doorkeeper.js";

describe("the cache's doorkeeper", () => {
  it("admits a key the second time it is offered", () => {
    const door = new Doorkeeper(1024);
    expect(door.admit("alice")).toBe(false);
    expect(door.admit("bob")).toBe(false);
    expect(door.admit("alice")).toBe(true);
    expect(door.admit("alice")).toBe(true);
    expect(door.admit("bob")).toBe(true);
  });

  it("remembers as many keys as it has slots, give or take a few full sets", () => {
    const door = new Doorkeeper(4096);
    const keys = Array.from({ length: 1000 }, (_, i) => JSON.stringify({ id: `user-${i}`, roles: [`r${i % 7}`] }));
    for (const key of keys) expect(door.admit(key)).toBe(false);
    const admitted = keys.filter((key) => door.admit(key)).length;
    expect(admitted).toBeGreaterThanOrEqual(985);
  });

  it("forgets old keys when their sets fill, and stays bounded", () => {
    const door = new Doorkeeper(16);
    for (let i = 0; i < 10_000; i++) door.admit(`k${i}`);
    const remembered = Array.from({ length: 10_000 }, (_, i) => `k${i}`).filter((key) => door.admit(key)).length;
    expect(remembered).toBeLessThanOrEqual(16 + 16);
  });

  it("sizes its table from the cache's capacity", () => {
    expect(doorkeeperSlots(0)).toBe(1024);
    expect(doorkeeperSlots(10_000)).toBe(32_768);
    expect(doorkeeperSlots(1_000_000)).toBe(1 << 21);
  });
});
