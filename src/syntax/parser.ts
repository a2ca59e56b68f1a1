/**
 * tokens → CST. The grammar of spec §3 and nothing else: meaning (and every
 * "exactly one" rule) lives in cst-to-ast.ts and src/check/. Clauses may come in any
 * order inside a policy block.
 *
 * One instance is built at module load (chevrotain analyses the grammar then) and
 * reused through `parser.input`. Expression nesting is bounded before parsing
 * (nesting.ts), so the recursion here (through parentheses) stays shallow.
 */
import type { IParserErrorMessageProvider, IToken, TokenType } from "chevrotain";
import { CstParser } from "./chevrotain.js";
import { newCstNode } from "./cst-node.js";
import { PrototypeSafeLookahead } from "./lookahead.js";
import { parseErrorMessages } from "./parse-errors.js";
import {
  Action,
  ALL_TOKENS,
  Allow,
  Comma,
  CompareOperator,
  Contains,
  Deny,
  Dot,
  Env,
  False,
  Group,
  Has,
  Identifier,
  In,
  Includes,
  LCurly,
  LParen,
  LSquare,
  Matches,
  Not,
  Null,
  NumberLiteral,
  Or,
  And,
  Policy,
  Priority,
  RCurly,
  Resource,
  Role,
  RParen,
  RSquare,
  Star,
  StringLiteral,
  Subject,
  True,
  Unless,
  User,
  When,
  Word,
} from "./tokens.js";

/** Labels, made once (an options object per subrule call would be garbage per token). */
const INCLUDES = { LABEL: "includes" } as const;
const ACTION_PATTERNS = { LABEL: "actionPatterns" } as const;
const RESOURCE_PATTERNS = { LABEL: "resourcePatterns" } as const;
const RIGHT = { LABEL: "right" } as const;

/** chevrotain members this parser adjusts that its typings leave out. */
interface ChevrotainInternals {
  SAVE_ERROR(error: unknown): unknown;
  attemptInRepetitionRecovery: unknown;
  recoveryEnabled: boolean;
  setInitialNodeLocation(node: object): void;
  CST_STACK: object[];
}

/** Syntax errors one declaration reports before error recovery stops (see the constructor). */
const MAX_DECLARATION_ERRORS = 50;
/** Tokens of a declaration beyond which no error recovery is tried (see `begin`). */
const MAX_RECOVERY_TOKENS = 100_000;

/**
 * Every `OR` gets its alternatives from a field and every `MANY`/`OPTION` its body from
 * a field, made once per parser (chevrotain's advice for speed): written inline, each
 * rule call would allocate an array, objects and closures per alternative — most of
 * the parser's garbage. The bodies read only `this`, never a rule's locals, so one
 * instance serves every call.
 */
export class PolicyParser extends CstParser {
  /** Syntax errors of the current declaration (see `begin`). */
  #errorCount = 0;
  /** chevrotain's in-repetition recovery, put back by `begin` after a stop. */
  readonly #repetitionRecovery: unknown;

  constructor(errorMessageProvider: IParserErrorMessageProvider) {
    super(ALL_TOKENS as TokenType[], {
      recoveryEnabled: true,
      maxLookahead: 1,
      errorMessageProvider,
      lookaheadStrategy: new PrototypeSafeLookahead({ maxLookahead: 1 }),
    });
    this.performSelfAnalysis();
    const internals = this as unknown as ChevrotainInternals;
    this.#repetitionRecovery = internals.attemptInRepetitionRecovery;
    // Each recovery costs chevrotain a walk of the grammar's follow sets (≈ 60 µs): on a
    // megabyte of junk in one declaration (`env.....`, `action "a",,,,`) that was a
    // minute. Past MAX_DECLARATION_ERRORS, recovery stops: the next error ends the
    // declaration, which is broken anyway (its errors were reported).
    const save = internals.SAVE_ERROR.bind(this);
    internals.SAVE_ERROR = (error: unknown) => {
      const saved = save(error);
      if (++this.#errorCount >= MAX_DECLARATION_ERRORS && internals.recoveryEnabled) {
        internals.recoveryEnabled = false;
        internals.attemptInRepetitionRecovery = () => {};
      }
      return saved;
    };
  }

  /**
   * Starts parsing one declaration's tokens, with error recovery unless the declaration
   * is huge: chevrotain resynchronizes by scanning ahead for a token that may follow, at
   * each level of the rule stack, so one error in megabytes of `[[[[…` scanned millions
   * of tokens several times over. There the first error ends the declaration.
   */
  begin(tokens: IToken[]): void {
    this.input = tokens;
    this.#errorCount = 0;
    const internals = this as unknown as ChevrotainInternals;
    const recover = tokens.length <= MAX_RECOVERY_TOKENS;
    internals.recoveryEnabled = recover;
    internals.attemptInRepetitionRecovery = recover ? this.#repetitionRecovery : () => {};
  }

  /**
   * chevrotain's own, but with `children` objects that are fast to build and fill (see
   * cst-node.ts). Overrides the tree builder's method of the same name.
   */
  cstInvocationStateUpdate(fullRuleName: string): void {
    const internals = this as unknown as ChevrotainInternals;
    const node = newCstNode(fullRuleName);
    internals.setInitialNodeLocation(node);
    internals.CST_STACK.push(node);
  }

  /** Whether error recovery was off or stopped in the current declaration (its errors may be the first ones only). */
  get recoveryStopped(): boolean {
    return !(this as unknown as ChevrotainInternals).recoveryEnabled;
  }

  /**
   * The whole grammar's start symbol (spec §3 `file`), as drawn in the railroad diagrams.
   * parse.ts does not call it: it parses one `declaration` at a time (below).
   */
  file = this.RULE("file", () => {
    this.MANY(() => this.SUBRULE(this.declaration));
  });

  /**
   * One top-level declaration. parse.ts splits the token stream at declaration keywords
   * and parses each piece on its own: errors stay local, and each piece's CST is
   * garbage as soon as it is converted, which keeps large files fast.
   */
  declaration = this.RULE("declaration", () => {
    this.OR(this.#declarationAlternatives);
  });

  readonly #declarationAlternatives = [
    { ALT: () => this.SUBRULE(this.roleDecl) },
    { ALT: () => this.SUBRULE(this.policy) },
  ];

  roleDecl = this.RULE("roleDecl", () => {
    this.CONSUME(Role);
    this.SUBRULE(this.name);
    this.OPTION(this.#roleIncludes);
  });

  readonly #roleIncludes = () => {
    this.CONSUME(Includes);
    this.SUBRULE2(this.name, INCLUDES);
    this.MANY(this.#moreIncludes);
  };

  readonly #moreIncludes = () => {
    this.CONSUME(Comma);
    this.SUBRULE3(this.name, INCLUDES);
  };

  policy = this.RULE("policy", () => {
    this.CONSUME(Policy);
    this.SUBRULE(this.name);
    this.CONSUME(LCurly);
    this.MANY(this.#nextClause);
    this.CONSUME(RCurly);
  });

  readonly #nextClause = () => this.SUBRULE(this.clause);

  name = this.RULE("name", () => {
    this.OR(this.#nameAlternatives);
  });

  readonly #nameAlternatives = [{ ALT: () => this.CONSUME(Identifier) }, { ALT: () => this.CONSUME(StringLiteral) }];

  /**
   * One clause, alternatives inline as in spec §3 (one CST node per clause: this rule
   * runs for every clause of every policy, so each node saved counts).
   */
  clause = this.RULE("clause", () => {
    this.OR(this.#clauseAlternatives);
  });

  readonly #clauseAlternatives = [
    { ALT: () => this.CONSUME(Allow) },
    { ALT: () => this.CONSUME(Deny) },
    {
      ALT: () => {
        this.CONSUME(Priority);
        this.CONSUME(NumberLiteral);
      },
    },
    {
      ALT: () => {
        this.CONSUME(Subject);
        this.OR2(this.#subjectAlternatives);
      },
    },
    {
      ALT: () => {
        this.CONSUME(Action);
        this.SUBRULE(this.patterns, ACTION_PATTERNS);
      },
    },
    {
      ALT: () => {
        this.CONSUME(Resource);
        this.SUBRULE2(this.patterns, RESOURCE_PATTERNS);
      },
    },
    {
      ALT: () => {
        this.CONSUME(When);
        this.SUBRULE(this.expr);
      },
    },
    {
      ALT: () => {
        this.CONSUME(Unless);
        this.SUBRULE2(this.expr);
      },
    },
  ];

  readonly #subjectAlternatives = [
    { ALT: () => this.CONSUME(Star) },
    {
      ALT: () => {
        this.SUBRULE(this.subjectAlt);
        this.MANY(this.#moreSubjectAlts);
      },
    },
  ];

  readonly #moreSubjectAlts = () => {
    this.CONSUME(Or);
    this.SUBRULE2(this.subjectAlt);
  };

  subjectAlt = this.RULE("subjectAlt", () => {
    this.OR(this.#subjectKindAlternatives);
    this.SUBRULE(this.name);
    this.MANY(this.#moreNames);
  });

  readonly #subjectKindAlternatives = [
    { ALT: () => this.CONSUME(User) },
    { ALT: () => this.CONSUME(Role) },
    { ALT: () => this.CONSUME(Group) },
  ];

  readonly #moreNames = () => {
    this.CONSUME(Comma);
    this.SUBRULE2(this.name);
  };

  patterns = this.RULE("patterns", () => {
    this.OR(this.#patternsAlternatives);
  });

  readonly #patternsAlternatives = [
    { ALT: () => this.CONSUME(Star) },
    {
      ALT: () => {
        this.CONSUME(StringLiteral);
        this.MANY(this.#morePatterns);
      },
    },
  ];

  readonly #morePatterns = () => {
    this.CONSUME(Comma);
    this.CONSUME2(StringLiteral);
  };

  expr = this.RULE("expr", () => {
    this.SUBRULE(this.andExpr);
    this.MANY(this.#moreOr);
  });

  readonly #moreOr = () => {
    this.CONSUME(Or);
    this.SUBRULE2(this.andExpr);
  };

  andExpr = this.RULE("andExpr", () => {
    this.SUBRULE(this.notExpr);
    this.MANY(this.#moreAnd);
  });

  readonly #moreAnd = () => {
    this.CONSUME(And);
    this.SUBRULE2(this.notExpr);
  };

  /** `not not x` as a loop, not recursion: nesting is bounded before parsing anyway. */
  notExpr = this.RULE("notExpr", () => {
    this.MANY(this.#nextNot);
    this.SUBRULE(this.test);
  });

  readonly #nextNot = () => this.CONSUME(Not);

  test = this.RULE("test", () => {
    this.SUBRULE(this.operand);
    this.OPTION(this.#testOperator);
  });

  readonly #testOperator = () => {
    this.OR(this.#testAlternatives);
  };

  readonly #testAlternatives = [
    {
      ALT: () => {
        this.CONSUME(CompareOperator);
        this.SUBRULE2(this.operand, RIGHT);
      },
    },
    {
      ALT: () => {
        this.CONSUME(In);
        this.SUBRULE3(this.operand, RIGHT);
      },
    },
    {
      ALT: () => {
        this.CONSUME(Contains);
        this.SUBRULE4(this.operand, RIGHT);
      },
    },
    {
      ALT: () => {
        this.CONSUME(Matches);
        this.CONSUME(StringLiteral);
      },
    },
    {
      ALT: () => {
        this.CONSUME(Has);
        this.OR2(this.#hasMemberAlternatives);
      },
    },
  ];

  readonly #hasMemberAlternatives = [{ ALT: () => this.CONSUME(Word) }, { ALT: () => this.CONSUME2(StringLiteral) }];

  /** Literals inline (not through `literal`): one CST node fewer per literal operand. */
  operand = this.RULE("operand", () => {
    this.OR(this.#operandAlternatives);
  });

  readonly #operandAlternatives = [
    { ALT: () => this.CONSUME(StringLiteral) },
    { ALT: () => this.CONSUME(NumberLiteral) },
    { ALT: () => this.CONSUME(True) },
    { ALT: () => this.CONSUME(False) },
    { ALT: () => this.CONSUME(Null) },
    { ALT: () => this.SUBRULE(this.path) },
    { ALT: () => this.SUBRULE(this.list) },
    {
      ALT: () => {
        this.CONSUME(LParen);
        this.SUBRULE(this.expr);
        this.CONSUME(RParen);
      },
    },
  ];

  path = this.RULE("path", () => {
    this.OR(this.#pathRootAlternatives);
    this.MANY(this.#nextMember);
  });

  readonly #pathRootAlternatives = [
    { ALT: () => this.CONSUME(Subject) },
    { ALT: () => this.CONSUME(Resource) },
    { ALT: () => this.CONSUME(Action) },
    { ALT: () => this.CONSUME(Env) },
  ];

  readonly #nextMember = () => {
    this.OR2(this.#memberAlternatives);
  };

  readonly #memberAlternatives = [
    {
      ALT: () => {
        this.CONSUME(Dot);
        this.CONSUME(Word);
      },
    },
    {
      ALT: () => {
        this.CONSUME(LSquare);
        this.CONSUME(StringLiteral);
        this.CONSUME(RSquare);
      },
    },
  ];

  list = this.RULE("list", () => {
    this.CONSUME(LSquare);
    this.OPTION(this.#listItems);
    this.CONSUME(RSquare);
  });

  readonly #listItems = () => {
    this.SUBRULE(this.literal);
    this.MANY(this.#moreLiterals);
  };

  readonly #moreLiterals = () => {
    this.CONSUME(Comma);
    this.SUBRULE2(this.literal);
  };

  literal = this.RULE("literal", () => {
    this.OR(this.#literalAlternatives);
  });

  readonly #literalAlternatives = [
    { ALT: () => this.CONSUME(StringLiteral) },
    { ALT: () => this.CONSUME(NumberLiteral) },
    { ALT: () => this.CONSUME(True) },
    { ALT: () => this.CONSUME(False) },
    { ALT: () => this.CONSUME(Null) },
  ];
}

/** The one parser instance (grammar analysis happens once, here). */
export const parser = new PolicyParser(parseErrorMessages);
