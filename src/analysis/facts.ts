/**
 * Paths known to exist (`p has m` held), as path keys (`pathKey`: members joined by
 * `\0`). A path is known when it is a fact or a fact extends it (`env\0a\0b` proves
 * `env\0a`): each fact also counts the keys it extends, so that is a lookup, not a scan
 * of every fact (4,000 guarded conditions: 2 s). Facts are counted, not just held, so
 * that "what the other conditions prove" is every condition's facts less one's own,
 * without a set per condition; and a junction's operands add theirs to a layer of their
 * own over the facts outside it, without copying those.
 */
export class Facts {
  readonly #keys = new Map<string, number>();
  readonly #extended = new Map<string, number>();

  /** `over`: facts that hold here too; `less`: facts counted in `over` that do not. */
  private constructor(
    private readonly over: Facts | null,
    private readonly less: Facts | null,
  ) {}

  static of(sets: Iterable<ReadonlySet<string>>): Facts {
    const facts = new Facts(null, null);
    for (const set of sets) for (const key of set) facts.add(key);
    return facts;
  }

  /** A layer over these facts, for facts that hold only below some point. */
  layer(): Facts {
    return new Facts(this, null);
  }

  /** These facts but for one count of each of `set` (one condition's own, counted in these). */
  without(set: ReadonlySet<string>): Facts {
    return new Facts(this, Facts.of([set]));
  }

  add(key: string): void {
    bump(this.#keys, key);
    for (let at = key.indexOf("\u0000"); at >= 0; at = key.indexOf("\u0000", at + 1)) bump(this.#extended, key.slice(0, at));
  }

  /** Whether `key` is a fact, or a fact extends it. */
  known(key: string): boolean {
    return this.#count(key, false) > 0 || this.#count(key, true) > 0;
  }

  #count(key: string, extended: boolean): number {
    const own = (facts: Facts) => (extended ? facts.#extended : facts.#keys).get(key) ?? 0;
    const over = this.over === null ? 0 : this.over.#count(key, extended);
    return own(this) + over - (this.less === null ? 0 : own(this.less));
  }
}

export const NO_FACTS: Facts = Facts.of([]);

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}
