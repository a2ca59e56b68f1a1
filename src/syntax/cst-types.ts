// Generated from the grammar in parser.ts by test/syntax/cst-types.test.ts — do not edit.
// Regenerate: UPDATE_CST_TYPES=1 npx vitest run test/syntax/cst-types.test.ts
import type { CstNode, IToken } from "chevrotain";

export interface FileCstNode extends CstNode {
  name: "file";
  children: FileCstChildren;
}

export type FileCstChildren = {
  declaration?: DeclarationCstNode[];
};

export interface DeclarationCstNode extends CstNode {
  name: "declaration";
  children: DeclarationCstChildren;
}

export type DeclarationCstChildren = {
  roleDecl?: RoleDeclCstNode[];
  policy?: PolicyCstNode[];
};

export interface RoleDeclCstNode extends CstNode {
  name: "roleDecl";
  children: RoleDeclCstChildren;
}

export type RoleDeclCstChildren = {
  Kw_role: IToken[];
  name: NameCstNode[];
  Kw_includes?: IToken[];
  includes?: (NameCstNode)[];
  Comma?: IToken[];
};

export interface PolicyCstNode extends CstNode {
  name: "policy";
  children: PolicyCstChildren;
}

export type PolicyCstChildren = {
  Kw_policy: IToken[];
  name: NameCstNode[];
  LCurly: IToken[];
  clause?: ClauseCstNode[];
  RCurly: IToken[];
};

export interface NameCstNode extends CstNode {
  name: "name";
  children: NameCstChildren;
}

export type NameCstChildren = {
  Identifier?: IToken[];
  StringLiteral?: IToken[];
};

export interface ClauseCstNode extends CstNode {
  name: "clause";
  children: ClauseCstChildren;
}

export type ClauseCstChildren = {
  Kw_allow?: IToken[];
  Kw_deny?: IToken[];
  Kw_priority?: IToken[];
  NumberLiteral?: IToken[];
  Kw_subject?: IToken[];
  Star?: IToken[];
  subjectAlt?: (SubjectAltCstNode)[];
  Kw_or?: IToken[];
  Kw_action?: IToken[];
  actionPatterns?: PatternsCstNode[];
  Kw_resource?: IToken[];
  resourcePatterns?: PatternsCstNode[];
  Kw_when?: IToken[];
  expr?: (ExprCstNode)[];
  Kw_unless?: IToken[];
};

export interface SubjectAltCstNode extends CstNode {
  name: "subjectAlt";
  children: SubjectAltCstChildren;
}

export type SubjectAltCstChildren = {
  Kw_user?: IToken[];
  Kw_role?: IToken[];
  Kw_group?: IToken[];
  name: (NameCstNode)[];
  Comma?: IToken[];
};

export interface PatternsCstNode extends CstNode {
  name: "patterns";
  children: PatternsCstChildren;
}

export type PatternsCstChildren = {
  Star?: IToken[];
  StringLiteral?: (IToken)[];
  Comma?: IToken[];
};

export interface ExprCstNode extends CstNode {
  name: "expr";
  children: ExprCstChildren;
}

export type ExprCstChildren = {
  andExpr: (AndExprCstNode)[];
  Kw_or?: IToken[];
};

export interface AndExprCstNode extends CstNode {
  name: "andExpr";
  children: AndExprCstChildren;
}

export type AndExprCstChildren = {
  notExpr: (NotExprCstNode)[];
  Kw_and?: IToken[];
};

export interface NotExprCstNode extends CstNode {
  name: "notExpr";
  children: NotExprCstChildren;
}

export type NotExprCstChildren = {
  Kw_not?: IToken[];
  test: TestCstNode[];
};

export interface TestCstNode extends CstNode {
  name: "test";
  children: TestCstChildren;
}

export type TestCstChildren = {
  operand: OperandCstNode[];
  CompareOperator?: IToken[];
  right?: (OperandCstNode)[];
  Kw_in?: IToken[];
  Kw_contains?: IToken[];
  Kw_matches?: IToken[];
  StringLiteral?: (IToken)[];
  Kw_has?: IToken[];
  Word?: IToken[];
};

export interface OperandCstNode extends CstNode {
  name: "operand";
  children: OperandCstChildren;
}

export type OperandCstChildren = {
  StringLiteral?: IToken[];
  NumberLiteral?: IToken[];
  Kw_true?: IToken[];
  Kw_false?: IToken[];
  Kw_null?: IToken[];
  path?: PathCstNode[];
  list?: ListCstNode[];
  LParen?: IToken[];
  expr?: ExprCstNode[];
  RParen?: IToken[];
};

export interface PathCstNode extends CstNode {
  name: "path";
  children: PathCstChildren;
}

export type PathCstChildren = {
  Kw_subject?: IToken[];
  Kw_resource?: IToken[];
  Kw_action?: IToken[];
  Kw_env?: IToken[];
  Dot?: IToken[];
  Word?: IToken[];
  LSquare?: IToken[];
  StringLiteral?: IToken[];
  RSquare?: IToken[];
};

export interface ListCstNode extends CstNode {
  name: "list";
  children: ListCstChildren;
}

export type ListCstChildren = {
  LSquare: IToken[];
  literal?: (LiteralCstNode)[];
  Comma?: IToken[];
  RSquare: IToken[];
};

export interface LiteralCstNode extends CstNode {
  name: "literal";
  children: LiteralCstChildren;
}

export type LiteralCstChildren = {
  StringLiteral?: IToken[];
  NumberLiteral?: IToken[];
  Kw_true?: IToken[];
  Kw_false?: IToken[];
  Kw_null?: IToken[];
};
