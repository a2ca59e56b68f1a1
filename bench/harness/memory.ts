/**
 * Heap deltas around an allocation, with full garbage collections before each reading.
 * `gc` is exposed at run time (V8 flag) so the npm scripts need no node options.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

let gcFunction: (() => void) | undefined;

/** Two full garbage collections. */
export function gc(): void {
  if (gcFunction === undefined) {
    setFlagsFromString("--expose-gc");
    gcFunction = runInNewContext("gc") as () => void;
  }
  gcFunction();
  gcFunction();
}

/** Bytes of heap still in use after `build()`, while its result is alive. */
export function retainedBytes<T>(build: () => T): { bytes: number; value: T } {
  gc();
  const before = process.memoryUsage().heapUsed;
  const value = build();
  gc();
  const bytes = process.memoryUsage().heapUsed - before;
  return { bytes, value };
}
