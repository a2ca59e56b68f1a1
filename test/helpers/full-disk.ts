/**
 * A full disk, for tests that must show nothing is lost when a write fails part-way:
 * while `fullDisk.under` names a directory, every `writeFile` below it truncates its
 * file, writes 8 bytes and fails with ENOSPC, as Node's writeFile does on a full disk.
 *
 *   vi.mock("node:fs/promises", async (importOriginal) => {
 *     const { withFullDisk } = await import("../helpers/full-disk.js");
 *     return withFullDisk(await importOriginal());
 *   });
 *   const { fullDisk } = await import("../helpers/full-disk.js");
 */
type FsPromises = typeof import("node:fs/promises");

export const fullDisk: { under?: string } = {};

export function withFullDisk(original: FsPromises): FsPromises {
  const writeFile = original.writeFile as (...args: unknown[]) => Promise<void>;
  return {
    ...original,
    writeFile: (async (path: unknown, data: unknown, ...rest: unknown[]) => {
      const under = fullDisk.under;
      if (under !== undefined && String(path).startsWith(`${under}/`)) {
        await writeFile(path, String(data).slice(0, 8), ...rest);
        throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
      }
      return writeFile(path, data, ...rest);
    }) as FsPromises["writeFile"],
  };
}
