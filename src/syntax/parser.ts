/**
 * tokens → CST. The grammar of spec §3 and nothing else: meaning (and every
 * "exactly one" rule) lives in cst-to-ast.ts and src/check/. Clauses may come in any
 * order inside a policy block.
 *
 * One instance is built at module load (chevrotain analyses the grammar then) and
 * reused through `parser.input`. Expression nesting is bounded before parsing
 * (nesting.ts), so the recursion here (through parentheses) stays shallow.
 */
import type { IParserErrorMessageProvider, TokenType } from "chevrotain";
import { CstParser } from "./chevrotain.js";
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

export class PolicyParser extends CstParser {
  constructor(errorMessageProvider: IParserErrorMessageProvider) {
    super(ALL_TOKENS as TokenType[], {
      recoveryEnabled: true,
      maxLookahead: 1,
      errorMessageProvider,
      lookaheadStrategy: new PrototypeSafeLookahead({ maxLookahead: 1 }),
    });
    this.performSelfAnalysis();
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
    this.OR([{ ALT: () => this.SUBRULE(this.roleDecl) }, { ALT: () => this.SUBRULE(this.policy) }]);
  });

  roleDecl = this.RULE("roleDecl", () => {
    this.CONSUME(Role);
    this.SUBRULE(this.name);
    this.OPTION(() => {
      this.CONSUME(Includes);
      this.SUBRULE2(this.name, { LABEL: "includes" });
      this.MANY(() => {
        this.CONSUME(Comma);
        this.SUBRULE3(this.name, { LABEL: "includes" });
      });
    });
  });

  policy = this.RULE("policy", () => {
    this.CONSUME(Policy);
    this.SUBRULE(this.name);
    this.CONSUME(LCurly);
    this.MANY(() => this.SUBRULE(this.clause));
    this.CONSUME(RCurly);
  });

  name = this.RULE("name", () => {
    this.OR([{ ALT: () => this.CONSUME(Identifier) }, { ALT: () => this.CONSUME(StringLiteral) }]);
  });

  /**
   * One clause, alternatives inline as in spec §3 (one CST node per clause: this rule
   * runs for every clause of every policy, so each node saved counts).
   */
  clause = this.RULE("clause", () => {
    this.OR([
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
          this.OR2([
            { ALT: () => this.CONSUME(Star) },
            {
              ALT: () => {
                this.SUBRULE(this.subjectAlt);
                this.MANY(() => {
                  this.CONSUME(Or);
                  this.SUBRULE2(this.subjectAlt);
                });
              },
            },
          ]);
        },
      },
      {
        ALT: () => {
          this.CONSUME(Action);
          this.SUBRULE(this.patterns, { LABEL: "actionPatterns" });
        },
      },
      {
        ALT: () => {
          this.CONSUME(Resource);
          this.SUBRULE2(this.patterns, { LABEL: "resourcePatterns" });
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
    ]);
  });

  subjectAlt = this.RULE("subjectAlt", () => {
    this.OR([{ ALT: () => this.CONSUME(User) }, { ALT: () => this.CONSUME(Role) }, { ALT: () => this.CONSUME(Group) }]);
    this.SUBRULE(this.name);
    this.MANY(() => {
      this.CONSUME(Comma);
      this.SUBRULE2(this.name);
    });
  });

  patterns = this.RULE("patterns", () => {
    this.OR([
      { ALT: () => this.CONSUME(Star) },
      {
        ALT: () => {
          this.CONSUME(StringLiteral);
          this.MANY(() => {
            this.CONSUME(Comma);
            this.CONSUME2(StringLiteral);
          });
        },
      },
    ]);
  });

  expr = this.RULE("expr", () => {
    this.SUBRULE(this.andExpr);
    this.MANY(() => {
      this.CONSUME(Or);
      this.SUBRULE2(this.andExpr);
    });
  });

  andExpr = this.RULE("andExpr", () => {
    this.SUBRULE(this.notExpr);
    this.MANY(() => {
      this.CONSUME(And);
      this.SUBRULE2(this.notExpr);
    });
  });

  /** `not not x` as a loop, not recursion: nesting is bounded before parsing anyway. */
  notExpr = this.RULE("notExpr", () => {
    this.MANY(() => this.CONSUME(Not));
    this.SUBRULE(this.test);
  });

  test = this.RULE("test", () => {
    this.SUBRULE(this.operand);
    this.OPTION(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(CompareOperator);
            this.SUBRULE2(this.operand, { LABEL: "right" });
          },
        },
        {
          ALT: () => {
            this.CONSUME(In);
            this.SUBRULE3(this.operand, { LABEL: "right" });
          },
        },
        {
          ALT: () => {
            this.CONSUME(Contains);
            this.SUBRULE4(this.operand, { LABEL: "right" });
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
            this.OR2([{ ALT: () => this.CONSUME(Word) }, { ALT: () => this.CONSUME2(StringLiteral) }]);
          },
        },
      ]);
    });
  });

  /** Literals inline (not through `literal`): one CST node fewer per literal operand. */
  operand = this.RULE("operand", () => {
    this.OR([
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
    ]);
  });

  path = this.RULE("path", () => {
    this.OR([
      { ALT: () => this.CONSUME(Subject) },
      { ALT: () => this.CONSUME(Resource) },
      { ALT: () => this.CONSUME(Action) },
      { ALT: () => this.CONSUME(Env) },
    ]);
    this.MANY(() => {
      this.OR2([
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
      ]);
    });
  });

  list = this.RULE("list", () => {
    this.CONSUME(LSquare);
    this.OPTION(() => {
      this.SUBRULE(this.literal);
      this.MANY(() => {
        this.CONSUME(Comma);
        this.SUBRULE2(this.literal);
      });
    });
    this.CONSUME(RSquare);
  });

  literal = this.RULE("literal", () => {
    this.OR([
      { ALT: () => this.CONSUME(StringLiteral) },
      { ALT: () => this.CONSUME(NumberLiteral) },
      { ALT: () => this.CONSUME(True) },
      { ALT: () => this.CONSUME(False) },
      { ALT: () => this.CONSUME(Null) },
    ]);
  });
}

/** The one parser instance (grammar analysis happens once, here). */
export const parser = new PolicyParser(parseErrorMessages);
